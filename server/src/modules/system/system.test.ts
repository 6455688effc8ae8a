import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../testing/test-app.ts';
import { databaseEngine, fingerprintFmr } from './service.ts';

describe('GET /api/system (admin portal «Sistema»)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('reads a fingerprint score as 10 · −log10(FMR)', () => {
    expect(fingerprintFmr(40)).toBeCloseTo(1e-4, 12);
    expect(fingerprintFmr(30)).toBeCloseTo(1e-3, 12);
  });

  it('names the engine from the connection\'s version string', () => {
    expect(databaseEngine('PostgreSQL 17.5 on wasm32-unknown-linux-gnu, compiled by emcc (Emscripten gcc/clang-like replacement + linker emulating GNU ld) 3.1.74, 32-bit')).toBe('PGlite');
    expect(databaseEngine('PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit')).toBe('PostgreSQL');
  });

  it('shows versions, thresholds with their error rates, the database and the gallery, to admins only', async () => {
    const login = async (seed: number, role: 'admin' | 'supervisor') => {
      const user = await createTestUser(t, { seed, role });
      const client = t.client();
      await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password });
      return client;
    };
    const admin = await login(2201, 'admin');
    const response = await admin.get('/api/system');
    expect(response.statusCode, response.body).toBe(200);
    const info = response.json();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    // The engine of the open connection: the unit tests run on an in-memory PGlite unless
    // DATABASE_URL names a PostgreSQL server (server/src/db/test-database.ts), and the test app's
    // config does not carry that URL, so only the connection can tell.
    const expected = process.env.DATABASE_URL?.trim() ? 'PostgreSQL' : 'PGlite';
    expect(info.database.engine).toBe(expected);
    expect(info.database.version).toMatch(/^PostgreSQL \d+/);
    expect(/wasm32|emcc/.test(info.database.version)).toBe(expected === 'PGlite');
    expect(info.database.migrations).toContain('0006_admin');
    expect(info.gallery).toEqual({ fingers: 0, faces: 0 });
    const attendance = info.thresholds.find((x: { purpose: string }) => x.purpose === 'asistencia');
    expect(attendance.fingerFmr).toBeCloseTo(10 ** (-attendance.finger / 10), 12);
    expect(attendance.faceFar).toBe(0.001);

    expect((await (await login(2202, 'supervisor')).get('/api/system')).statusCode).toBe(403);
  });

  it('tells anyone the institution the web app presents: name, privacy notice, help line (demo: 800 623 2323)', async () => {
    const response = await t.client().get('/api/system/institution');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'Instituto Mexicano del Seguro Social', logoUrl: null, privacyNoticeUrl: '/aviso-de-privacidad', helpLine: t.config.demo ? '800 623 2323' : null });
  });

  it('documents at /docs the CSRF route and header, the error answers with their codes, and the role of each operation', async () => {
    const doc = (await t.client().get('/docs/json')).json();
    expect(doc.components.securitySchemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    expect(doc.paths['/api/session/csrf'].get).toBeDefined();
    const create = doc.paths['/api/accounts'].post;
    expect(create.description).toContain('Rol requerido: admin');
    expect(create.security).toContainEqual({ sesion: [], csrf: [] });
    for (const status of ['400', '401', '403', '409', '422', '423']) expect(create.responses[status]?.description).toMatch(/`[A-Z_]+`/);
    expect(doc.paths['/api/attendance/check'].post.description).toContain('quiosco vinculado');
    const page = await t.client().get('/docs/static/theme/docs-es.js');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("'Try it out': 'Probar'");
  });
});
