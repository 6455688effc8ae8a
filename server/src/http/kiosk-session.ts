import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '../modules/accounts/roles.ts';
import type { Actor } from '../modules/audit/service.ts';
import { AppError } from '../shared/app-error.ts';
import { isSecureRequest } from './session.ts';

/** The cookie of a browser that asked to be a kiosk (pending) or is one (paired to a station). */
export const KIOSK_COOKIE = 'siap_kiosk';

/**
 * A paired kiosk: a station session with kiosk rights only. It is not a person's session, so it
 * never opens a portal; it may verify people and record their readings at its own station.
 */
export interface KioskContext {
  deviceId: string;
  stationId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    kiosk: KioskContext | null;
  }
}

export function registerKioskSessions(app: FastifyInstance, resolve: (token: string) => Promise<KioskContext | null>): void {
  app.decorateRequest('kiosk', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[KIOSK_COOKIE];
    request.kiosk = token ? await resolve(token) : null;
  });
}

export function setKioskCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date, cookieSecure: boolean | 'auto'): void {
  reply.setCookie(KIOSK_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: isSecureRequest(request, cookieSecure), path: '/', expires: expiresAt });
}

/**
 * Guard of the routes a kiosk uses: the staff roles that could use them before (counter work),
 * or a paired kiosk. 401 when neither, 403 for another role.
 */
export function requireRoleOrKiosk(...roles: Role[]): preHandlerAsyncHookHandler {
  const guard: preHandlerAsyncHookHandler = async (request) => {
    if (request.auth && roles.includes(request.auth.role)) return;
    if (request.kiosk) return;
    if (!request.auth) throw new AppError('AUTH_REQUIRED', 'Debe iniciar sesión.', 401);
    throw new AppError('FORBIDDEN', 'Su rol no tiene permiso para esta operación.', 403);
  };
  return Object.assign(guard, { roles, kiosk: true });
}

/**
 * Who acts: the kiosk when the request carries a paired kiosk's cookie (then only for its own
 * station, when the request names one), else the logged-in staff account.
 */
export function actorOrKiosk(request: FastifyRequest, stationId?: string | null): Actor {
  if (request.kiosk) {
    if (stationId && stationId !== request.kiosk.stationId) {
      throw new AppError('KIOSK_OTHER_STATION', 'Este quiosco solo registra en su propia estación.', 403);
    }
    return `kiosk:${request.kiosk.deviceId}`;
  }
  if (request.auth) return `account:${request.auth.accountId}`;
  throw new AppError('AUTH_REQUIRED', 'Debe iniciar sesión.', 401);
}
