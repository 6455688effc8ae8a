import { makeDemoPerson } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';

describe('login, lockout, sessions and CSRF over HTTP', () => {
  let t: TestApp;
  let employee: TestUser;
  let pensioner: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    employee = await createTestUser(t, { seed: 101, role: 'empleado', matricula: '99887766', ooadCode: '19' });
    pensioner = await createTestUser(t, { seed: 102, role: 'pensionado' });
  });
  afterAll(() => t.close());

  const employeeLogin = (password: string, matricula = employee.matricula) =>
    t.app.inject({ method: 'POST', url: '/api/auth/employee-login', payload: { matricula, ooadCode: '19', password } });

  it('stores passwords as argon2id', async () => {
    const row = await t.database.db.selectFrom('accounts').select('password_hash').where('person_id', '=', employee.person.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('logs an employee in with matrícula + OOAD and sets an httpOnly session cookie', async () => {
    const client = t.client();
    const response = await client.post('/api/auth/employee-login', { matricula: '99887766', ooadCode: '19', password: employee.password });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      role: 'empleado',
      displayName: employee.person.givenNames,
      matricula: '99887766',
      ooad: { code: '19' },
    });
    const cookie = response.cookies.find((c) => c.name === 'siap_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();

    const session = await client.get('/api/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ role: 'empleado', matricula: '99887766' });
  });

  it('marks the cookie Secure behind TLS', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      payload: { curp: pensioner.person.curp, password: pensioner.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    // trustProxy is off in tests, so the forwarded header is ignored: not Secure.
    expect(response.cookies.find((c) => c.name === 'siap_session')?.secure).toBeFalsy();
    const secure = await createTestAppWithSecureCookies();
    try {
      const user = await createTestUser(secure, { seed: 150, role: 'pensionado' });
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/curp-login',
        payload: { curp: user.person.curp, password: user.password },
      });
      expect(res.cookies.find((c) => c.name === 'siap_session')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('logs a pensioner in with CURP + password (lowercase CURP accepted)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      payload: { curp: pensioner.person.curp.toLowerCase(), password: pensioner.password },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ role: 'pensionado', matricula: null, ooad: null });
  });

  it('does not let staff log in by CURP nor pensioners by matrícula', async () => {
    const byCurp = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      payload: { curp: employee.person.curp, password: employee.password },
    });
    expect(byCurp.statusCode).toBe(401);
    expect(byCurp.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await employeeLogin('Clave-incorrecta-1', '11112222');
    const wrong = await employeeLogin('Clave-incorrecta-1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'Los datos de acceso son incorrectos.' } });

    const unknownCurp = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      payload: { curp: makeDemoPerson(9_999).curp, password: 'Clave-incorrecta-1' },
    });
    const wrongCurpPassword = await t.app.inject({
      method: 'POST',
      url: '/api/auth/curp-login',
      payload: { curp: pensioner.person.curp, password: 'Clave-incorrecta-1' },
    });
    expect(unknownCurp.statusCode).toBe(401);
    expect(unknownCurp.json()).toEqual(wrongCurpPassword.json());
    expect(unknownCurp.json()).toEqual(wrong.json());
  });

  it('spends the same argon2 work on an unknown user as on a wrong password', async () => {
    const dummy = vi.spyOn(t.services.passwords, 'verifyAgainstDummy');
    const real = vi.spyOn(t.services.passwords, 'verify');
    await employeeLogin('Clave-incorrecta-1', '33334444');
    expect(dummy).toHaveBeenCalledTimes(1);
    expect(real).toHaveBeenCalledTimes(1); // the dummy check runs a real argon2 verify
    dummy.mockRestore();
    real.mockRestore();
  });

  it('locks after 5 failures with doubling back-off and answers 423 with the time left', async () => {
    const user = await createTestUser(t, { seed: 103, role: 'operador', matricula: '55554444', ooadCode: '19' });
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/employee-login', payload: { matricula: '55554444', ooadCode: '19', password } });

    for (let i = 0; i < 5; i += 1) expect((await attempt('Clave-incorrecta-9')).json().error.code).toBe('INVALID_CREDENTIALS');
    const locked = await attempt(user.password);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 60 } });
    expect(locked.json().error.message).toContain('60 segundos');
    expect(locked.headers['retry-after']).toBe('60');

    t.clock.advance(61_000);
    for (let i = 0; i < 5; i += 1) await attempt('Clave-incorrecta-9');
    const second = await attempt(user.password);
    expect(second.statusCode).toBe(423);
    expect(second.json().error.details.retryAfterSeconds).toBe(120);

    t.clock.advance(121_000);
    const ok = await attempt(user.password);
    expect(ok.statusCode).toBe(200);
    const row = await t.database.db.selectFrom('accounts').select(['failed_attempts', 'lockout_level', 'locked_until']).where('person_id', '=', user.person.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, lockout_level: 0, locked_until: null });
  });

  it('audits failed and successful logins', async () => {
    const actions = await t.database.db.selectFrom('audit_log').select('action').where('subject', '=', `account:unknown`).execute();
    expect(actions.length).toBeGreaterThan(0);
    const verification = await t.services.audit.verify(t.database.db);
    expect(verification.ok).toBe(true);
  });

  it('rejects a cookie-authenticated write without the CSRF token and accepts it with one', async () => {
    const client = t.client();
    await client.post('/api/auth/curp-login', { curp: pensioner.person.curp, password: pensioner.password });

    const forged = await client.post('/api/auth/logout');
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_INVALID');
    expect((await client.get('/api/session')).statusCode).toBe(200);

    const wrongToken = await client.post('/api/auth/logout', undefined, { 'x-csrf-token': 'inventado' });
    expect(wrongToken.statusCode).toBe(403);

    await client.csrf();
    const logout = await client.post('/api/auth/logout');
    expect(logout.statusCode).toBe(200);
    expect(client.hasCookie('siap_session')).toBe(false);
  });

  it('ends the session on logout (the old token stops working)', async () => {
    const client = t.client();
    const login = await client.post('/api/auth/curp-login', { curp: pensioner.person.curp, password: pensioner.password });
    const token = login.cookies.find((c) => c.name === 'siap_session')?.value;
    await client.csrf();
    await client.post('/api/auth/logout');
    const replay = await t.app.inject({ method: 'GET', url: '/api/session', cookies: { siap_session: String(token) } });
    expect(replay.statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const client = t.client();
    await client.post('/api/auth/curp-login', { curp: pensioner.person.curp, password: pensioner.password });
    expect((await client.get('/api/session')).statusCode).toBe(200);
    t.clock.advance(t.config.sessionTtlMs + 1_000);
    expect((await client.get('/api/session')).statusCode).toBe(401);
  });

  it('lets an admin create an account for a registered person, and nobody else', async () => {
    const admin = await createTestUser(t, { seed: 104, role: 'admin', matricula: '77776666', ooadCode: '19' });
    const newcomer = await createTestUser(t, { seed: 105, role: 'pensionado' });
    // createTestUser gave the newcomer an account already; register a person without one.
    const spare = makeDemoPerson(106);
    await t.services.identity.loadRegistry([{ ...spare, birthState: spare.stateCode, status: 'vigente' }], 'system');
    await t.services.identity.createIdentity(spare, { actor: 'system', purpose: 'datos de prueba' });

    const asPensioner = t.client();
    await asPensioner.post('/api/auth/curp-login', { curp: newcomer.person.curp, password: newcomer.password });
    await asPensioner.csrf();
    const denied = await asPensioner.post('/api/accounts', { curp: spare.curp, role: 'pensionado', password: 'Clave-nueva-106' });
    expect(denied.statusCode).toBe(403);

    const asAdmin = t.client();
    await asAdmin.post('/api/auth/employee-login', { matricula: '77776666', ooadCode: '19', password: admin.password });
    await asAdmin.csrf();
    const staffWithoutMatricula = await asAdmin.post('/api/accounts', { curp: spare.curp, role: 'operador', password: 'Clave-nueva-106' });
    expect(staffWithoutMatricula.json().error.code).toBe('MATRICULA_REQUIRED');
    const created = await asAdmin.post('/api/accounts', { curp: spare.curp, role: 'pensionado', password: 'Clave-nueva-106' });
    expect(created.statusCode).toBe(201);
    expect(created.json().role).toBe('pensionado');
    const again = await asAdmin.post('/api/accounts', { curp: spare.curp, role: 'pensionado', password: 'Clave-nueva-106' });
    expect(again.json().error.code).toBe('ACCOUNT_EXISTS');

    const login = await t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: spare.curp, password: 'Clave-nueva-106' } });
    expect(login.statusCode).toBe(200);
  });

  it('guards routes by role: 403 FORBIDDEN for a pensioner on a staff route', async () => {
    const client = t.client();
    await client.post('/api/auth/curp-login', { curp: pensioner.person.curp, password: pensioner.password });
    const response = await client.get(`/api/identities/${employee.person.curp}?purpose=${encodeURIComponent('atención en ventanilla')}`);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
  });
});

async function createTestAppWithSecureCookies(): Promise<TestApp> {
  return createTestApp({ config: { cookieSecure: true } });
}
