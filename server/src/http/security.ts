import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../shared/app-error.ts';

/** Security headers, cookie parsing (signed with SESSION_SECRET) and the per-IP rate limit. */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
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
    strictTransportSecurity: config.cookieSecure === true,
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    errorResponseBuilder: (_request, context) => rateLimited(context.ttl),
  });
}

/** The stricter per-IP limit for login and recovery routes (passwords and codes are guessable). */
export function authRateLimit(config: Config): { max: number; timeWindow: number } {
  return { max: config.rateLimit.authMax, timeWindow: config.rateLimit.windowMs };
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
