import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance } from 'fastify';
import { KIOSK_COOKIE } from './kiosk-session.ts';
import { isSecureRequest, SESSION_COOKIE } from './session.ts';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit CSRF protection (@fastify/csrf-protection): the secret lives in a signed, httpOnly
 * cookie; the token derived from it comes from `GET /api/session/csrf` and goes back in the
 * `x-csrf-token` header. Required on every write that carries a session cookie — exactly the
 * requests a forged cross-site form could ride on. Writes without a session (login, recovery)
 * authenticate by what they carry in the body, so a forged one gains the forger nothing.
 */
export async function registerCsrf(app: FastifyInstance, cookieSecure: boolean | 'auto'): Promise<void> {
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'siap_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/' },
    getToken: (request) => {
      const header = request.headers['x-csrf-token'];
      return Array.isArray(header) ? header[0] : header;
    },
  });

  app.addHook('onRequest', (request, reply, done) => {
    if (!UNSAFE_METHODS.has(request.method) || (!request.cookies[SESSION_COOKIE] && !request.cookies[KIOSK_COOKIE])) return done();
    app.csrfProtection(request, reply, done);
  });

  app.get(
    '/api/session/csrf',
    {
      schema: {
        tags: ['sesión'],
        summary: 'Token CSRF para las escrituras autenticadas con cookie',
        response: { 200: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } },
      },
    },
    async (request, reply) => ({ token: reply.generateCsrf({ secure: isSecureRequest(request, cookieSecure) }) }),
  );
}
