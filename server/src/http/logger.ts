import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/**
 * pino through Fastify: JSON lines in production, pino-pretty on a developer's terminal, silent in
 * tests. Cookies, CSRF tokens and credentials never reach the log.
 */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  const redact = {
    paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    censor: '[oculto]',
  };
  const pretty = config.nodeEnv === 'development' && process.stdout.isTTY;
  return {
    level: config.logLevel,
    redact,
    serializers: { req: serializeRequest },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}

/** A CURP anywhere in a string (also lower-case or percent-encoded in a query). */
const CURP_PATTERN = /[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z\d]\d/gi;

/** CURPs in paths and queries (`/api/identities/:curp`, `…/people/:curp/status`) become `[CURP]` (issue 19 item 16). */
export function redactCurps(text: string): string {
  return text.replace(CURP_PATTERN, '[CURP]');
}

/** Fastify's default request fields, with CURPs taken out of the URL. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactCurps(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
