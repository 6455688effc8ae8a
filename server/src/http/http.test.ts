import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** The edge of the API: health, docs, headers, and every malformed request answered 4xx in Spanish. */
describe('HTTP foundation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { bodyLimitBytes: 4_096 } });
  });
  afterAll(() => t.close());

  it('answers the health check with the database status', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('sends security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    // Plain HTTP in tests: the browser must not be told to upgrade subresources to https.
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('publishes the OpenAPI document and the UI at /docs', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths as Record<string, unknown>);
    expect(paths).toEqual(expect.arrayContaining(['/api/health', '/api/auth/employee-login', '/api/auth/recovery/request']));
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/no-existe' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toEqual({ code: 'NOT_FOUND', message: 'No existe la ruta GET /api/no-existe.' });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      headers: { 'content-type': 'application/json' },
      payload: '{"curp": "ABC", ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MALFORMED_JSON');
    expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ curp: 'X', password: 'x'.repeat(10_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      headers: { 'content-type': 'application/xml' },
      payload: '<curp/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('names a missing field in Spanish', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: 'GAPA850101HDFRRL09' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'Falta el campo obligatorio «password».',
      details: { fields: [{ field: 'password', rule: 'required' }] },
    });
  });

  it('names a field of the wrong type in Spanish', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: 12345, password: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'El campo «curp» debe ser texto.' });
  });

  it('rejects fields the API does not know', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      payload: { curp: 'GAPA850101HDFRRL09', password: 'x', role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('El campo «role» no está permitido.');
  });

  it('answers a request without a body as a validation error', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/curp-login' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
  });

  it('explains a malformed CURP with CURP_INVALID', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: 'NO-ES-CURP', password: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('CURP_INVALID');
    expect(response.json().error.message).toMatch(/CURP/);
  });

  it('rejects an OOAD outside the catalogue with OOAD_UNKNOWN', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/employee-login',
      payload: { matricula: '12345678', ooadCode: '99', password: 'Clave-segura-1' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'OOAD_UNKNOWN', message: 'La OOAD «99» no existe en el catálogo del IMSS.' });
  });

  it('answers protected routes without a session with 401 AUTH_REQUIRED', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/session' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('hides the details of unexpected failures behind a 500 INTERNAL_ERROR', async () => {
    const { createTestDatabase } = await import('../db/test-database.ts');
    const { buildApp } = await import('../app.ts');
    const broken = await createTestDatabase({ migrate: false });
    const app = await buildApp({ config: t.config, db: broken.db });
    try {
      const response = await app.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: { code: 'INTERNAL_ERROR', message: 'Ocurrió un error interno. Intente de nuevo más tarde.' },
      });
      expect(response.body).not.toMatch(/app_meta|relation/);
    } finally {
      await app.close();
      await broken.destroy();
    }
  });
});

describe('per-IP rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { rateLimit: { windowMs: 60_000, max: 100, authMax: 3 } } });
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED once login attempts from one address exceed the limit', async () => {
    const attempt = () =>
      t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: 'GAPA850101HDFRRL09', password: 'x' } });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).statusCode).not.toBe(429);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
