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
  asegurado: { role: 'asegurado', path: '/asegurado', title: 'Portal del asegurado', roleLabel: 'Asegurado' },
  operador: { role: 'operador', path: '/operador', title: 'Portal del operador', roleLabel: 'Operador de ventanilla' },
  supervisor: { role: 'supervisor', path: '/supervisor', title: 'Portal del supervisor', roleLabel: 'Supervisor' },
  admin: { role: 'admin', path: '/admin', title: 'Portal de administración', roleLabel: 'Administrador' },
  medico: { role: 'medico', path: '/medico', title: 'Portal del médico', roleLabel: 'Médico familiar' },
  privacidad: { role: 'privacidad', path: '/privacidad', title: 'Unidad de Transparencia', roleLabel: 'Oficial de privacidad' },
};

export function portalOf(role: Role): PortalInfo {
  return PORTALS[role];
}

/** The portal a path belongs to, if any (used to send people back where they were going). */
export function portalForPath(path: string): PortalInfo | undefined {
  // A deep link may carry a query (e.g. /supervisor?vista=fantasmas): the portal is in the path.
  const pathname = path.split(/[?#]/)[0];
  return Object.values(PORTALS).find((portal) => pathname === portal.path || pathname.startsWith(`${portal.path}/`));
}

/** The login tab a role uses: staff with matrícula, patrones with their e.firma, pensionados and asegurados with their CURP. */
export function loginPathOf(role: Role): string {
  if (role === 'patron') return '/ingresar/efirma';
  return role === 'pensionado' || role === 'asegurado' ? '/ingresar/curp' : '/ingresar/personal';
}

/**
 * `/ingresar…?volver=<path>`: where to come back after logging in. In the address (not only in
 * history state) so that a deep link survives a reload of the login page or a new tab.
 */
export function loginUrl(base: string, back: string | null): string {
  return back ? `${base}?volver=${encodeURIComponent(back)}` : base;
}

/** A path inside this app to return to: same origin only (never `//host` or `https://…`). */
export function safeReturnPath(value: string | null | undefined): string | null {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : null;
}

/**
 * Where a person goes once logged in: the page they were going to (history state or `?volver=`)
 * when it is in their own portal, else their portal's home. The login form and the login page
 * (which re-renders as soon as the session exists) must agree, or the home wins the race.
 */
export function afterLoginPath(role: Role, location: { state: unknown; search: string }): string {
  const from = safeReturnPath((location.state as { from?: string } | null)?.from ?? new URLSearchParams(location.search).get('volver'));
  const own = portalOf(role);
  return from && portalForPath(from)?.role === own.role ? from : own.path;
}
