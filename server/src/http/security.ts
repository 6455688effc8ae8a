import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.ts';
import { AppError } from '../shared/app-error.ts';

/** Security headers, cookie parsing (signed with SESSION_SECRET) and the per-IP rate limit. */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  // helmet itself, built once: @fastify/helmet builds a new helmet (parsing every CSP directive
  // again) for each request, ~80 µs of the main thread per request under load (CPU profile).
  const securityHeaders = helmet({
    // Swagger UI at /docs needs inline styles; everything else keeps helmet's strict defaults.
    contentSecurityPolicy: {
      directives: {
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        // Over plain HTTP (a workstation, the demo) this directive would send the browser to
        // https:// for every script and stylesheet, which no one serves: only when TLS is on.
        'upgrade-insecure-requests': config.cookieSecure === true ? [] : null,
      },
    },
    // Sent below, per request, whenever the request came over TLS (item 17): helmet alone would
    // send it only when COOKIE_SECURE=true, not for `auto` behind a TLS proxy.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https' || config.cookieSecure === true) {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    errorResponseBuilder: (_request, context) => rateLimited(context.ttl),
  });
  // One budget per IP shared by every login and recovery route (issue 19 item 17): an attacker
  // cannot multiply their guesses by spreading them over routes.
  const check = app.createRateLimit({
    max: config.rateLimit.authMax,
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: (request: FastifyRequest) => `auth-budget|${request.ip}`,
  });
  const authBudget: onRequestAsyncHookHandler = async (request) => {
    const limit = await check(request);
    if (!limit.isAllowed && limit.isExceeded) throw rateLimited(limit.ttl);
  };
  app.decorate('authBudget', authBudget);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook of login and recovery routes: the shared per-IP budget (`RATE_LIMIT_AUTH_MAX`). */
    authBudget: onRequestAsyncHookHandler;
  }
}

function rateLimited(ttlMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new AppError(
    'RATE_LIMITED',
    `Demasiadas solicitudes desde su dirección. Intente de nuevo en ${seconds} segundos.`,
    429,
    { retryAfterSeconds: seconds },
  );
}
