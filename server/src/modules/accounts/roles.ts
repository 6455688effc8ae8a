/** The roles of the platform. One account has exactly one role. */
export const ROLES = ['empleado', 'pensionado', 'patron', 'asegurado', 'operador', 'supervisor', 'admin', 'medico', 'privacidad'] as const;
export type Role = (typeof ROLES)[number];

/** IMSS staff: they log in with matrícula + OOAD. */
export const STAFF_ROLES: readonly Role[] = ['empleado', 'operador', 'supervisor', 'admin', 'medico', 'privacidad'];
/** People outside IMSS: they log in with their CURP. */
export const CURP_LOGIN_ROLES: readonly Role[] = ['pensionado', 'patron', 'asegurado'];

export function isStaffRole(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}
