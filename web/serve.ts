import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';

/** Where `vite build` writes the app (web/vite.config.ts). */
export const WEB_DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));

export interface WebAppOptions {
  /** The built app; defaults to web/dist. */
  distDir?: string;
  /**
   * Paths that belong to the server, never to the app: an unknown one must answer the API's JSON
   * 404, not the app's index.html.
   */
  serverPrefixes?: readonly string[];
}

const DEFAULT_SERVER_PREFIXES = ['/api', '/docs', '/demo'];

/** Kept out of the OpenAPI document (`hide` is @fastify/swagger's extension of the schema). */
const HIDDEN_FROM_API_DOCS = { hide: true } as FastifySchema;

/** Vite names built assets by content hash, so a given URL never changes: cache it for a year. */
const ASSET_DIR = 'assets/';

/**
 * Serves the built web app from the API server, as one origin (so the session cookie and the CSRF
 * token need no CORS): files of web/dist as they are, and for any other GET that is not a server
 * path, index.html, so the app's router handles deep links such as /empleado after a reload.
 *
 * Use as `await app.register(registerWebApp, { distDir })` before `app.ready()`. When web/dist is
 * missing (tests, a fresh checkout before `npm run build:web`) app pages answer 503 with a page
 * that says how to build it; the API is unaffected.
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions = {}): Promise<void> {
  const distDir = resolve(options.distDir ?? WEB_DIST_DIR);
  const serverPrefixes = options.serverPrefixes ?? DEFAULT_SERVER_PREFIXES;
  const isServerPath = (path: string) => serverPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

  // Encapsulated, so the reply.sendFile decorator of @fastify/static cannot clash with another
  // registration of the same plugin elsewhere in the server.
  await app.register(async (scope) => {
    const built = existsSync(resolve(distDir, 'index.html'));
    if (built) {
      await scope.register(fastifyStatic, { root: distDir, serve: false });
    } else {
      scope.log.warn({ distDir }, 'web app not built: run `npm run build:web` (npm start does it automatically)');
    }

    scope.get('/*', { schema: HIDDEN_FROM_API_DOCS }, async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0];
      if (isServerPath(path)) return reply.callNotFound();
      if (!built) return notBuilt(reply);

      const relative = (request.params as { '*': string })['*'] ?? '';
      const file = existingFile(distDir, relative);
      if (file !== null) {
        return relative.startsWith(ASSET_DIR)
          ? reply.sendFile(file, { maxAge: '365d', immutable: true })
          : reply.header('cache-control', 'no-cache').sendFile(file, { cacheControl: false });
      }
      // A missing file (an old asset, a typo in an image path) is a 404, not the app's page: a
      // script tag that receives HTML fails in ways nobody can read.
      if (extname(relative) !== '') return reply.callNotFound();
      // The pensioner portal is its own page (vite.config.ts input `pensionado`).
      if ((path === '/pensionado' || path.startsWith('/pensionado/')) && existsSync(resolve(distDir, 'pensionado.html'))) {
        return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('pensionado.html', { cacheControl: false });
      }
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
    });
  });
}

/** The path inside `root` of the file `relative` names, or null when it does not exist or escapes root. */
function existingFile(root: string, relative: string): string | null {
  if (!relative || relative.endsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  const full = resolve(root, decoded);
  if (!full.startsWith(root + sep)) return null;
  if (full.slice(root.length + 1).split(sep).some((part) => part.startsWith('.'))) return null;
  try {
    return statSync(full).isFile() ? full.slice(root.length + 1).split(sep).join('/') : null;
  } catch {
    return null;
  }
}

function notBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .status(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="es-MX"><meta charset="utf-8"><title>SIAP Biométrico</title>' +
        '<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">' +
        '<h1>La aplicación web no está compilada</h1>' +
        '<p>Ejecute <code>npm run build:web</code> (o inicie con <code>npm start</code>, que la compila) y recargue esta página.</p>' +
        '<p>La API sigue disponible en <a href="/docs">/docs</a>.</p></body></html>',
    );
}
