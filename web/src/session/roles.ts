import type { Role } from '../api/auth.ts';

export interface PortalInfo {
  role: Role;
  /** The portal's home path; every page of the portal lives under it. */
  path: string;
  /** How the header names the portal. */
  title: string;
  /** The role as a person reads it. */
  roleLabel: string;
}

export const PORTALS: Record<Role, PortalInfo> = {
  empleado: { role: 'empleado', path: '/empleado', title: 'Portal del empleado', roleLabel: 'Empleado IMSS' },
  pensionado: { role: 'pensionado', path: '/pensionado', title: 'Portal del pensionado', roleLabel: 'Pensionado' },
  patron: { role: 'patron', path: '/patron', title: 'Portal del patrón', roleLabel: 'Patrón' },
  operador: { role: 'operador', path: '/operador', title: 'Portal del operador', roleLabel: 'Operador de ventanilla' },
  supervisor: { role: 'supervisor', path: '/supervisor', title: 'Portal del supervisor', roleLabel: 'Supervisor' },
  admin: { role: 'admin', path: '/admin', title: 'Portal de administración', roleLabel: 'Administrador' },
};

export function portalOf(role: Role): PortalInfo {
  return PORTALS[role];
}

/** The portal a path belongs to, if any (used to send people back where they were going). */
export function portalForPath(pathname: string): PortalInfo | undefined {
  return Object.values(PORTALS).find((portal) => pathname === portal.path || pathname.startsWith(`${portal.path}/`));
}
