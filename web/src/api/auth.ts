import type { Static } from 'typebox';
import type {
  CurpLoginBody,
  EmployeeLoginBody,
  MessageResponse,
  RecoveryConfirmBody,
  SessionInfoResponse,
} from '../../../server/src/modules/accounts/schema.ts';
import type { ApiClient } from './client.ts';

/** The roles of the platform (server/src/modules/accounts/roles.ts); the type below fails to compile if they drift. */
export const ROLES = ['empleado', 'pensionado', 'patron', 'asegurado', 'operador', 'supervisor', 'admin', 'medico', 'privacidad'] as const;
export type Role = (typeof ROLES)[number];

/** What `GET /api/session` and both logins answer (the server's schema, type-only). */
export type SessionInfo = Static<typeof SessionInfoResponse>;
export type EmployeeCredentials = Static<typeof EmployeeLoginBody>;
export type CurpCredentials = Static<typeof CurpLoginBody>;
type Message = Static<typeof MessageResponse>;

const _sameRoles: [SessionInfo['role'], Role] extends [Role, SessionInfo['role']] ? true : never = true;
void _sameRoles;

/** The endpoints of server/src/modules/accounts/routes.ts, typed. */
export function authApi(client: ApiClient) {
  return {
    employeeLogin: (credentials: EmployeeCredentials) => client.post<SessionInfo>('/api/auth/employee-login', credentials),
    curpLogin: (credentials: CurpCredentials) => client.post<SessionInfo>('/api/auth/curp-login', credentials),
    logout: () => client.post<Message>('/api/auth/logout'),
    /** The current session; the 401 of "nobody is logged in" is an answer here, not an event. */
    session: () => client.get<SessionInfo>('/api/session', { quietUnauthorized: true }),
    requestRecovery: (curp: string) => client.post<Message>('/api/auth/recovery/request', { curp }),
    confirmRecovery: (input: Static<typeof RecoveryConfirmBody>) =>
      client.post<Message>('/api/auth/recovery/confirm', input),
  };
}

export type AuthApi = ReturnType<typeof authApi>;
