/** The roles of the platform. One account has exactly one role. */
export const ROLES = ['empleado', 'pensionado', 'patron', 'operador', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** IMSS staff: they log in with matrícula + OOAD. */
export const STAFF_ROLES: readonly Role[] = ['empleado', 'operador', 'supervisor', 'admin'];
/** People outside IMSS: they log in with their CURP. */
export const CURP_LOGIN_ROLES: readonly Role[] = ['pensionado', 'patron'];

export function isStaffRole(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}
