import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/app-error.ts';

/** Deep enough for any body this API accepts; deeper input is refused by the schemas anyway. */
const MAX_DEPTH = 32;

/**
 * PostgreSQL text cannot hold U+0000: a NUL byte in any text field used to travel down to the
 * database and come back as a 500 (issue 19 item 13, 44 cases). It is refused here, at the edge,
 * for the path, the query and every string of the body, before any route sees it.
 */
export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.includes('\u0000') || /%00/i.test(request.url)) throw nulRefused('url');
  });
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.body, 'body', 0);
    if (field) throw nulRefused(field);
  });
}

function findNul(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return null;
  if (Buffer.isBuffer(value)) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\0')}`;
    const found = findNul(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

function nulRefused(field: string): AppError {
  return new AppError('NUL_CHARACTER', 'La solicitud contiene un carácter nulo (U+0000), que no se admite en ningún campo.', 400, { field });
}
