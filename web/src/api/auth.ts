import type { ApiClient } from './client.ts';

/** The roles of the platform (server/src/modules/accounts/roles.ts). */
export const ROLES = ['empleado', 'pensionado', 'patron', 'asegurado', 'operador', 'supervisor', 'admin', 'medico', 'privacidad'] as const;
export type Role = (typeof ROLES)[number];

/** What `GET /api/session` and both logins answer. */
export interface SessionInfo {
  accountId: string;
  role: Role;
  displayName: string;
  matricula: string | null;
  ooad: { code: string; name: string } | null;
  expiresAt?: string;
}

export interface EmployeeCredentials {
  matricula: string;
  ooadCode: string;
  password: string;
}

export interface CurpCredentials {
  curp: string;
  password: string;
}

/** The endpoints of server/src/modules/accounts/routes.ts, typed. */
export function authApi(client: ApiClient) {
  return {
    employeeLogin: (credentials: EmployeeCredentials) => client.post<SessionInfo>('/api/auth/employee-login', credentials),
    curpLogin: (credentials: CurpCredentials) => client.post<SessionInfo>('/api/auth/curp-login', credentials),
    logout: () => client.post<{ message: string }>('/api/auth/logout'),
    /** The current session; the 401 of "nobody is logged in" is an answer here, not an event. */
    session: () => client.get<SessionInfo>('/api/session', { quietUnauthorized: true }),
    requestRecovery: (curp: string) => client.post<{ message: string }>('/api/auth/recovery/request', { curp }),
    confirmRecovery: (input: { curp: string; code: string; newPassword: string }) =>
      client.post<{ message: string }>('/api/auth/recovery/confirm', input),
  };
}

export type AuthApi = ReturnType<typeof authApi>;
