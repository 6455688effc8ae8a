import { connect } from 'node:net';
import { makeDemoPerson } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.ts';
import { bootstrapFirstAdmin } from '../modules/accounts/bootstrap-command.ts';
import { MailDispatcher } from '../modules/mail/dispatcher.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../testing/test-app.ts';
import { loggerOptions, serializeRequest } from './logger.ts';

/**
 * Issue 19 (outside security review), the HTTP and accounts side: one test per item, each of
 * which failed on the code before the fix (the item number is in the test name).
 */
describe('security hardening (issue 19)', () => {
  let t: TestApp;
  let admin: TestUser;
  let employee: TestUser;
  let otherOoadEmployee: TestUser;
  let supervisor: TestUser;
  let bootstrapLines: string[];
  const ADMIN_CURP_SEED = 901;

  beforeAll(async () => {
    t = await createTestApp({ config: { trustProxy: ['10.0.0.1'], rateLimit: { windowMs: 60_000, max: 10_000, authMax: 40 } } });
    // Item 12: the first admin comes from the bootstrap command, on a database without one.
    const first = makeDemoPerson(ADMIN_CURP_SEED);
    await t.services.identity.loadRegistry([{ ...first, birthState: first.stateCode, status: 'vigente' }], 'system');
    bootstrapLines = await bootstrapFirstAdmin(t.database.db, t.services, {
      curp: first.curp,
      givenNames: first.givenNames,
      firstSurname: first.firstSurname,
      secondSurname: first.secondSurname,
      email: 'primera.admin@imss.example',
      matricula: '55500001',
      ooadCode: '35',
    });
    admin = await createTestUser(t, { seed: 902, role: 'admin', ooadCode: '35' });
    employee = await createTestUser(t, { seed: 903, role: 'empleado', ooadCode: '35' });
    otherOoadEmployee = await createTestUser(t, { seed: 904, role: 'empleado', ooadCode: '04' });
    supervisor = await createTestUser(t, { seed: 905, role: 'supervisor', ooadCode: '35' });
  });
  afterAll(() => t.close());

  const login = (user: TestUser, remoteAddress = '127.0.0.1', password = user.password) =>
    t.app.inject({ method: 'POST', url: '/api/auth/employee-login', remoteAddress, payload: { matricula: user.matricula, ooadCode: user.ooadCode, password } });
  const loggedIn = async (user: TestUser) => {
    const client = t.client();
    expect((await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password })).statusCode).toBe(200);
    await client.csrf();
    return client;
  };

  // ── item 5: cost before refusal ─────────────────────────────────────────────────────────
  it('item 5: refuses anonymous and wrong-role callers before parsing the body', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/biometrics/stations', headers: { 'content-type': 'application/json' }, payload: '{"code": ' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
    const operatorLike = await loggedIn(employee);
    const wrongRole = await operatorLike.request({ method: 'POST', url: '/api/biometrics/stations', headers: { 'content-type': 'application/json' }, payload: '{"code": ' });
    expect(wrongRole.statusCode).toBe(403);
  });

  it('item 5: keeps JSON routes to a small body limit', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/curp-login', remoteAddress: '192.0.2.50', payload: { curp: 'GAPA850101HDFRRL09', password: 'x'.repeat(100_000) } });
    expect(response.statusCode).toBe(413);
  });

  it('item 5: closes a connection whose request does not arrive in time (slow body)', async () => {
    const slow = await buildApp({ config: { ...t.config, headersTimeoutMs: 300, requestTimeoutMs: 600 }, db: t.database.db });
    try {
      await slow.listen({ port: 0, host: '127.0.0.1' });
      const { port } = slow.server.address() as { port: number };
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST /api/auth/curp-login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"cu');
        });
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(`closed ${answer.split('\r\n')[0]}`));
        setTimeout(() => {
          socket.destroy();
          resolve('still open after 8 s');
        }, 8_000).unref();
      });
      expect(outcome).toMatch(/^closed/);
    } finally {
      await slow.close();
    }
  });

  // ── items 6 and 7: enumeration and the lockout race ─────────────────────────────────────
  it('item 6: locks an unknown matrícula exactly like a real one (423 after 5 failures)', async () => {
    const attempt = (matricula: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/employee-login', remoteAddress: '192.0.2.60', payload: { matricula, ooadCode: '35', password: 'Incorrecta-123' } });
    const unknown: number[] = [];
    const real: number[] = [];
    for (let i = 0; i < 6; i += 1) unknown.push((await attempt('77777777')).statusCode);
    const lockedOut = await createTestUser(t, { seed: 909, role: 'empleado', ooadCode: '35' });
    for (let i = 0; i < 6; i += 1) real.push((await attempt(lockedOut.matricula!)).statusCode);
    expect(unknown).toEqual([401, 401, 401, 401, 401, 423]);
    expect(real).toEqual(unknown);
  });

  it('item 6: recovery confirmation does the same argon2 work for an unknown CURP as for a real one', async () => {
    const hash = vi.spyOn(t.services.passwords, 'hash');
    try {
      const confirm = (curp: string) =>
        t.app.inject({ method: 'POST', url: '/api/auth/recovery/confirm', remoteAddress: '192.0.2.61', payload: { curp, code: '12345678', newPassword: 'Nueva-clave-2024' } });
      const unknownCurp = makeDemoPerson(999).curp;
      const a = await confirm(unknownCurp);
      const afterUnknown = hash.mock.calls.length;
      const b = await confirm(employee.person.curp);
      expect(a.statusCode).toBe(400);
      expect(b.statusCode).toBe(400);
      expect(a.json()).toEqual(b.json());
      expect(afterUnknown).toBe(1);
      expect(hash.mock.calls.length).toBe(2);
    } finally {
      hash.mockRestore();
    }
  });

  it('item 7: 30 parallel logins check at most 5 passwords (the lockout threshold)', async () => {
    const target = await createTestUser(t, { seed: 906, role: 'empleado', ooadCode: '35' });
    const verify = vi.spyOn(t.services.passwords, 'verify');
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, () => login(target, '192.0.2.70', 'Incorrecta-123')));
      expect(verify.mock.calls.length).toBeLessThanOrEqual(t.config.lockout.threshold);
      expect(answers.filter((r) => r.statusCode === 423).length).toBeGreaterThanOrEqual(25);
    } finally {
      verify.mockRestore();
    }
  });

  // ── item 8: the client's own X-Forwarded-For ────────────────────────────────────────────
  it('item 8: believes X-Forwarded-For only from a configured proxy', async () => {
    const failIp = async (remoteAddress: string) => {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/employee-login',
        remoteAddress,
        headers: { 'x-forwarded-for': '198.51.100.99' },
        payload: { matricula: '12121212', ooadCode: '35', password: 'Incorrecta-123' },
      });
      const last = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'accounts.login.failed').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      return (last.details as { ip: string }).ip;
    };
    expect(await failIp('203.0.113.9')).toBe('203.0.113.9');
    expect(await failIp('10.0.0.1')).toBe('198.51.100.99');
  });

  // ── item 10: recovery codes in the outbox ───────────────────────────────────────────────
  it('item 10: keeps no usable recovery code in the outbox once sent, and shows the demo outbox only on loopback', async () => {
    const requested = await t.app.inject({ method: 'POST', url: '/api/auth/recovery/request', remoteAddress: '192.0.2.80', payload: { curp: employee.person.curp } });
    expect(requested.statusCode).toBe(202);
    const before = await t.services.mail.listByRecipient(t.database.db, `persona903@correo.example`);
    const code = /\b(\d{8})\b/.exec(before[0]!.body_text)?.[1];
    expect(code).toBeDefined();
    const sent: string[] = [];
    const dispatcher = new MailDispatcher(t.database.db, { sendMail: async (mail: { text: string }) => void sent.push(mail.text) } as never, { from: 'x@y' });
    await dispatcher.dispatchDue();
    expect(sent.some((text) => text.includes(code!))).toBe(true);
    const rows = await t.database.db.selectFrom('mail_outbox').select('body_text').execute();
    expect(rows.filter((row) => row.body_text.includes(code!))).toEqual([]);

    expect((await t.app.inject({ method: 'GET', url: '/demo/outbox', remoteAddress: '203.0.113.7' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/demo/outbox', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  });

  // ── item 12: a safe production start ────────────────────────────────────────────────────
  it('item 12: the bootstrap command creates the first admin with a one-time password, once', async () => {
    const code = /Contraseña de un solo uso: (\d{8})/.exec(bootstrapLines.join('\n'))?.[1];
    expect(code).toBeDefined();
    const first = makeDemoPerson(ADMIN_CURP_SEED);
    const set = await t.app.inject({ method: 'POST', url: '/api/auth/recovery/confirm', remoteAddress: '192.0.2.90', payload: { curp: first.curp, code, newPassword: 'Primera-admin-2024' } });
    expect(set.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/recovery/confirm', remoteAddress: '192.0.2.90', payload: { curp: first.curp, code, newPassword: 'Otra-clave-2024' } });
    expect(again.statusCode).toBe(400);
    const session = await t.app.inject({ method: 'POST', url: '/api/auth/employee-login', remoteAddress: '192.0.2.90', payload: { matricula: '55500001', ooadCode: '35', password: 'Primera-admin-2024' } });
    expect(session.statusCode).toBe(200);
    expect(session.json().role).toBe('admin');
    await expect(
      bootstrapFirstAdmin(t.database.db, t.services, { curp: employee.person.curp, givenNames: 'x', firstSurname: 'y', matricula: '55500002', ooadCode: '35' }),
    ).rejects.toMatchObject({ code: 'ADMIN_EXISTS' });
  });

  it('item 12: refuses the simulated reader in production', async () => {
    const production = await buildApp({ config: { ...t.config, nodeEnv: 'production' }, db: t.database.db });
    try {
      const { HttpClient } = await import('../testing/http-client.ts');
      const client = new HttpClient(production);
      await client.post('/api/auth/employee-login', { matricula: admin.matricula, ooadCode: '35', password: admin.password });
      await client.csrf();
      const station = await client.post('/api/biometrics/stations', { code: 'PROD-1', name: 'Ventanilla 1' });
      expect(station.statusCode).toBe(201);
      const reader = await client.post(`/api/biometrics/stations/${station.json().id}/readers`, { name: 'Simulado', driver: 'simulado', modality: 'huella' });
      expect(reader.statusCode).toBe(400);
      expect(reader.json().error.code).toBe('READER_DRIVER_NOT_ALLOWED');
    } finally {
      await production.close();
    }
  });

  // ── item 13: NUL bytes ──────────────────────────────────────────────────────────────────
  it('item 13: answers a NUL byte in a text field with 400, not 500', async () => {
    const client = await loggedIn(admin);
    const response = await client.post('/api/biometrics/stations', { code: 'NUL-1', name: 'Ventanilla\u0000uno' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('NUL_CHARACTER');
  });

  // ── item 16: CURPs in logs, closed purposes ─────────────────────────────────────────────
  it('item 16: takes CURPs out of request-log URLs', () => {
    const curp = employee.person.curp;
    const logged = serializeRequest({ method: 'GET', url: `/api/identities/${curp}?purpose=x`, host: 'h', ip: '127.0.0.1', socket: { remotePort: 1 } } as never);
    expect(JSON.stringify(logged)).not.toContain(curp);
    expect(logged.url).toBe('/api/identities/[CURP]?purpose=x');
    const options = loggerOptions(t.config) as { serializers: { req: unknown } };
    expect(options.serializers.req).toBe(serializeRequest);
  });

  it('item 16: accepts only the purposes listed for a route', async () => {
    const client = await loggedIn(admin);
    const free = await client.get(`/api/identities/${employee.person.curp}?purpose=${encodeURIComponent('curiosidad del operador')}`);
    expect(free.statusCode).toBe(400);
    const listed = await client.get(`/api/identities/${employee.person.curp}?purpose=${encodeURIComponent('atención en ventanilla')}`);
    expect(listed.statusCode).toBe(200);
  });

  // ── item 17: shared budget, HSTS, disabling, OOAD scope ─────────────────────────────────
  it('item 17: shares one per-IP budget across every login and recovery route', async () => {
    const ip = '192.0.2.100';
    const routes: Array<[string, Record<string, string>]> = [
      ['/api/auth/employee-login', { matricula: '31313131', ooadCode: '35', password: 'x' }],
      ['/api/auth/curp-login', { curp: makeDemoPerson(998).curp, password: 'x' }],
      ['/api/auth/recovery/request', { curp: makeDemoPerson(997).curp }],
      ['/api/auth/recovery/confirm', { curp: makeDemoPerson(996).curp, code: '00000000', newPassword: 'Nueva-clave-2024' }],
    ];
    for (let i = 0; i < 40; i += 1) {
      const [url, payload] = routes[i % routes.length]!;
      expect((await t.app.inject({ method: 'POST', url, remoteAddress: ip, payload })).statusCode).not.toBe(429);
    }
    const over = await t.app.inject({ method: 'POST', url: routes[2]![0], remoteAddress: ip, payload: routes[2]![1] });
    expect(over.statusCode).toBe(429);
  });

  it('item 17: sends HSTS whenever the request came over TLS', async () => {
    const tls = await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const plain = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('item 17: an admin disables an account (its sessions end at once) and re-enables it', async () => {
    const target = await createTestUser(t, { seed: 907, role: 'operador', ooadCode: '35' });
    const targetClient = await loggedIn(target);
    const adminClient = await loggedIn(admin);
    const accountId = (await t.database.db.selectFrom('accounts').select('id').where('person_id', '=', target.person.id).executeTakeFirstOrThrow()).id;

    const listed = await adminClient.get('/api/accounts');
    expect(listed.json()).toEqual(expect.arrayContaining([expect.objectContaining({ accountId, disabledAt: null, liveSessions: 1 })]));

    const disabled = await adminClient.post(`/api/accounts/${accountId}/disable`, { reason: 'baja del puesto' });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toEqual({ sessionsEnded: 1 });
    expect((await targetClient.get('/api/session')).statusCode).toBe(401);
    const refused = await login(target, '192.0.2.110');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');

    expect((await adminClient.post(`/api/accounts/${accountId}/enable`, { reason: 'reincorporación' })).statusCode).toBe(200);
    const again = await loggedIn(target);
    expect((await adminClient.post(`/api/accounts/${accountId}/sessions/revoke`, { reason: 'equipo extraviado' })).json()).toEqual({ sessionsEnded: 1 });
    expect((await again.get('/api/session')).statusCode).toBe(401);
  });

  it('item 17: scopes admins and supervisors to their own OOAD', async () => {
    const adminClient = await loggedIn(admin);
    const otherId = (await t.database.db.selectFrom('accounts').select('id').where('person_id', '=', otherOoadEmployee.person.id).executeTakeFirstOrThrow()).id;
    const outside = await adminClient.post(`/api/accounts/${otherId}/disable`, { reason: 'fuera de mi OOAD' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_OOAD_SCOPE');
    const newcomer = makeDemoPerson(908);
    await t.services.identity.loadRegistry([{ ...newcomer, birthState: newcomer.stateCode, status: 'vigente' }], 'system');
    const verified = await t.services.identity.verify({ ...newcomer });
    await t.database.db.transaction().execute((trx) => t.services.identity.insertVerified(trx, verified, { actor: 'system', purpose: 'datos de prueba' }));
    const create = await adminClient.post('/api/accounts', { curp: newcomer.curp, role: 'empleado', matricula: '60606060', ooadCode: '04', password: 'Clave-segura-908' });
    expect(create.statusCode).toBe(403);

    const supervisorClient = await loggedIn(supervisor);
    const purpose = encodeURIComponent('revisión de incidencias para nómina');
    const own = await supervisorClient.get(`/api/attendance/employees/${employee.person.id}/quincenas/2026-Q01?purpose=${purpose}`);
    const foreign = await supervisorClient.get(`/api/attendance/employees/${otherOoadEmployee.person.id}/quincenas/2026-Q01?purpose=${purpose}`);
    expect(own.statusCode).toBe(200);
    expect(foreign.statusCode).toBe(403);
  });
});
