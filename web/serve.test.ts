import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from './serve.ts';

const INDEX = '<!doctype html><html lang="es-MX"><body><div id="root"></div></body></html>';

/** A server shaped like the real one: a JSON 404 handler and an API route next to the app. */
async function appServing(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No existe la ruta ${request.method} ${request.url}.` } }),
  );
  app.get('/api/health', async () => ({ status: 'ok' }));
  await app.register(registerWebApp, { distDir });
  await app.ready();
  return app;
}

describe('registerWebApp', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'siap-web-dist-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log("app");');
    await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(root, '.secret'), 'not for the web');
    app = await appServing(root);
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves index.html at / and at every app route, never cached', async () => {
    for (const url of ['/', '/ingresar/personal', '/empleado', '/recuperar?x=1']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toBe(INDEX);
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['cache-control']).toContain('max-age=31536000');
    expect(response.body).toBe('console.log("app");');
  });

  it('serves other files of dist without a long cache', async () => {
    const response = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing file with the server 404, not with index.html', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-old999.js' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('leaves server paths to the server: API routes work, unknown ones get the JSON 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
    for (const url of ['/api', '/api/nothing/here', '/docs/nothing', '/demo/nothing']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe('NOT_FOUND');
    }
  });

  it('does not serve dotfiles or anything outside dist', async () => {
    const dotfile = await app.inject({ method: 'GET', url: '/.secret' });
    expect(dotfile.body).not.toContain('not for the web');
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('"name"');
    }
  });

  it('answers HEAD for app routes', async () => {
    const response = await app.inject({ method: 'HEAD', url: '/empleado' });
    expect(response.statusCode).toBe(200);
  });
});

describe('registerWebApp without a build', () => {
  it('answers app pages with 503 and how to build, and keeps the API working', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'siap-web-empty-'));
    const app = await appServing(empty);
    try {
      const page = await app.inject({ method: 'GET', url: '/empleado' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('npm run build:web');
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/missing' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
