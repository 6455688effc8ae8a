import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import type { Role } from '../modules/accounts/roles.ts';
import { AppError } from '../shared/app-error.ts';

export const SESSION_COOKIE = 'siap_session';

/** Who is calling, resolved from the session cookie on every request. */
export interface AuthContext {
  accountId: string;
  personId: string;
  role: Role;
  /** SHA-256 of the session token (the table's key), never the token itself. */
  sessionIdHash: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export interface SessionOptions {
  /** Looks a cookie token up in the server-side session store; null when unknown or expired. */
  resolve: (token: string) => Promise<AuthContext | null>;
  cookieSecure: boolean | 'auto';
}

/**
 * Server-side sessions: the cookie carries only a random token; role and expiry live in the
 * `sessions` table, so logout, password change and expiry take effect at once.
 */
export function registerSessions(app: FastifyInstance, options: SessionOptions): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.auth = token ? await options.resolve(token) : null;
  });
  // Role guards written as `preHandler: requireRole(…)` run in `onRequest` instead, before the body
  // is read and parsed (issue 19 item 5): an anonymous or wrong-role caller costs no parsing.
  app.addHook('onRoute', (route) => moveRoleGuardsToOnRequest(route));
}

const ROLE_GUARD = Symbol('siap.roleGuard');
type RoleGuard = onRequestAsyncHookHandler & { [ROLE_GUARD]?: true };
type HookList = RouteOptions['preHandler'] | RouteOptions['onRequest'];

function asList<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

function moveRoleGuardsToOnRequest(route: RouteOptions): void {
  const preHandlers = asList(route.preHandler as HookList);
  const guards = preHandlers.filter((hook) => (hook as RoleGuard)[ROLE_GUARD]);
  if (guards.length === 0) return;
  route.preHandler = preHandlers.filter((hook) => !(hook as RoleGuard)[ROLE_GUARD]) as RouteOptions['preHandler'];
  route.onRequest = [...asList(route.onRequest as HookList), ...guards] as RouteOptions['onRequest'];
}

export function isSecureRequest(request: FastifyRequest, cookieSecure: boolean | 'auto'): boolean {
  return cookieSecure === 'auto' ? request.protocol === 'https' : cookieSecure;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
  cookieSecure: boolean | 'auto',
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    // Lax, not Strict: a person following a link from an e-mail to the portal keeps the session;
    // cross-site writes are stopped by the CSRF token, not by SameSite alone.
    sameSite: 'lax',
    secure: isSecureRequest(request, cookieSecure),
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Answers 401 when nobody is logged in. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('AUTH_REQUIRED', 'Debe iniciar sesión.', 401);
  return request.auth;
}

/**
 * Route guard for later modules: `{ preHandler: requireRole('operador', 'admin') }` (moved to
 * `onRequest` by registerSessions, so it runs before body parsing; `onRequest:` works as well).
 * 401 when not logged in, 403 when the role is not among those allowed.
 */
export function requireRole(...roles: Role[]): onRequestAsyncHookHandler {
  const guard: RoleGuard = async (request) => {
    const auth = requireAuth(request);
    if (!roles.includes(auth.role)) {
      throw new AppError('FORBIDDEN', 'Su rol no tiene permiso para esta operación.', 403);
    }
  };
  guard[ROLE_GUARD] = true;
  // The API document (/docs) names the roles each operation admits (http/api-docs.ts).
  return Object.assign(guard, { roles });
}
