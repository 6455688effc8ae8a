import type { FastifyServerOptions } from 'fastify';
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
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}
