import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, nextWeekdayAt, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { signReading, type SignedReading } from '../attendance/kiosk-signature.ts';

/**
 * Issue 20: a kiosk is paired from its own screen (code → admin approves → station session with
 * kiosk rights only), and the admin manages accounts (disable, revoke sessions, reset password).
 */
describe('kiosk pairing and the kiosk session', () => {
  let t: TestApp;
  let admin: HttpClient;
  let employee: TestUser;
  let stationId: string;
  let otherStationId: string;

  const login = async (user: TestUser) => {
    const client = t.client();
    const response = await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password });
    expect(response.statusCode, response.body).toBe(200);
    await client.csrf();
    return client;
  };
  const newKiosk = async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const client = t.client();
    await client.csrf();
    const response = await client.post('/api/kiosk/pairings', { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
    expect(response.statusCode, response.body).toBe(201);
    const device = response.json() as { id: string; code: string; status: string };
    expect(device.status).toBe('pendiente');
    expect(device.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    return { client, privateKey, device };
  };
  /**
   * A check-in as a paired kiosk sends it: with the grant the server issues after a match at the
   * station (issued here through the verification service, as a match would; the matching itself
   * is tested in attendance/check-binding.test.ts), signed with the kiosk's key.
   */
  const reading = async (privateKey: KeyObject, station: string, minutesLater: number, deviceId: string) => {
    // Grants live two minutes from the match, so each reading moves the test clock on and is
    // captured at the new "now" (entrada, then a salida later in the day).
    t.clock.advance(minutesLater * 60_000);
    const capturedAt = t.clock();
    const verificationId = await t.database.db.transaction().execute((trx) =>
      t.services.verification.issueGrant(trx, { personId: employee.person.id, stationId: station, purpose: 'asistencia', method: 'huella', score: 55 }, `kiosk:${deviceId}`, capturedAt),
    );
    const body: SignedReading = {
      idempotencyKey: randomUUID(),
      personId: employee.person.id,
      stationId: station,
      method: 'huella',
      verificationId,
      capturedAt: capturedAt.toISOString().replace('Z', '+00:00'),
    };
    return { ...body, signature: signReading(privateKey, body) };
  };

  beforeAll(async () => {
    // A weekday morning: entrada and salida are what the day's rules make of the readings.
    t = await createTestApp({ now: nextWeekdayAt('07:50') });
    employee = await createTestUser(t, { seed: 2001, role: 'empleado' });
    admin = await login(await createTestUser(t, { seed: 2002, role: 'admin' }));
    stationId = (await t.services.readers.createStation({ code: 'QUIOSCO-20', name: 'Quiosco planta baja' }, 'system')).id;
    otherStationId = (await t.services.readers.createStation({ code: 'QUIOSCO-21', name: 'Quiosco primer piso' }, 'system')).id;
  }, 60_000);
  afterAll(() => t.close());

  it('pairs a kiosk by its code: the kiosk then records signed readings for its station, told entrada then salida', async () => {
    const { client: kiosk, privateKey, device } = await newKiosk();

    // Pending: the kiosk knows its code, but may not record anything yet.
    expect((await kiosk.get('/api/kiosk/session')).json()).toMatchObject({ status: 'pendiente', code: device.code });
    expect((await kiosk.post('/api/attendance/check', await reading(privateKey, stationId, 0, device.id))).statusCode).toBe(401);

    // The admin types the code as read off the screen (any case, no dash).
    const approved = await admin.post('/api/kiosk/pairings/approve', { code: device.code.replace('-', '').toLowerCase(), stationId });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'vinculado', station: { id: stationId, code: 'QUIOSCO-20' } });
    expect((await kiosk.get('/api/kiosk/session')).json()).toMatchObject({ status: 'vinculado', station: { id: stationId } });
    const listed = (await admin.get('/api/kiosk/devices')).json() as Array<{ id: string; status: string }>;
    expect(listed.find((d) => d.id === device.id)?.status).toBe('vinculado');

    const first = await kiosk.post('/api/attendance/check', await reading(privateKey, stationId, 0, device.id));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().kind).toBe('entrada');
    expect(first.json().name).toContain(employee.person.givenNames);
    const second = await kiosk.post('/api/attendance/check', await reading(privateKey, stationId, 240, device.id));
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().kind).toBe('salida');

    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`);
    expect(audit.filter((a) => a.action === 'attendance.check.recorded').map((a) => a.actor)).toEqual([`kiosk:${device.id}`, `kiosk:${device.id}`]);
  });

  it('gives the kiosk kiosk rights only: its own station, no person session, CSRF on its writes', async () => {
    const { client: kiosk, privateKey, device } = await newKiosk();
    expect((await admin.post('/api/kiosk/pairings/approve', { code: device.code, stationId })).statusCode).toBe(200);

    const other = await kiosk.post('/api/attendance/check', await reading(privateKey, otherStationId, 1, device.id));
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('KIOSK_OTHER_STATION');
    const stations = (await kiosk.get('/api/biometrics/stations')).json() as Array<{ id: string }>;
    expect(stations.map((s) => s.id)).toEqual([stationId]);
    expect((await kiosk.get('/api/session')).statusCode).toBe(401);
    expect((await kiosk.get('/api/accounts')).statusCode).toBe(401);
    expect((await kiosk.get(`/api/identities/${employee.person.curp}?purpose=prueba`)).statusCode).toBe(401);
    // "Usar rostro" is offered only to someone whose face is enrolled: this employee has none yet.
    const face = await kiosk.post('/api/kiosk/face-enrolled', { matricula: employee.matricula, ooadCode: employee.ooadCode, stationId });
    expect(face.statusCode, face.body).toBe(200);
    expect(face.json()).toEqual({ face: false });
    expect((await kiosk.post('/api/kiosk/face-enrolled', { matricula: employee.matricula, ooadCode: employee.ooadCode, stationId: otherStationId })).statusCode).toBe(403);
    const forged = await kiosk.request({ method: 'POST', url: '/api/attendance/check', payload: await reading(privateKey, stationId, 1, device.id), headers: { 'x-csrf-token': 'x' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_INVALID');
  });

  it('ends the older kiosk of a station when a new one is paired, and ends a revoked kiosk at once', async () => {
    const old = await newKiosk();
    expect((await admin.post('/api/kiosk/pairings/approve', { code: old.device.code, stationId: otherStationId })).statusCode).toBe(200);
    const replacement = await newKiosk();
    expect((await admin.post('/api/kiosk/pairings/approve', { code: replacement.device.code, stationId: otherStationId })).statusCode).toBe(200);
    expect((await old.client.get('/api/kiosk/session')).json().status).toBe('revocado');
    expect((await old.client.post('/api/attendance/check', await reading(old.privateKey, otherStationId, 1, old.device.id))).statusCode).toBe(401);

    expect((await replacement.client.post('/api/attendance/check', await reading(replacement.privateKey, otherStationId, 1, replacement.device.id))).statusCode).toBe(201);
    expect((await admin.post(`/api/kiosk/devices/${replacement.device.id}/revoke`)).statusCode).toBe(200);
    expect((await replacement.client.post('/api/attendance/check', await reading(replacement.privateKey, otherStationId, 1, replacement.device.id))).statusCode).toBe(401);
  });

  it('refuses an unknown or expired code, and pairing by anyone but an admin', async () => {
    const unknown = await admin.post('/api/kiosk/pairings/approve', { code: 'AAAA-BBBB', stationId });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PAIRING_CODE_UNKNOWN');

    const { device } = await newKiosk();
    const employeeClient = await login(employee);
    expect((await employeeClient.post('/api/kiosk/pairings/approve', { code: device.code, stationId })).statusCode).toBe(403);
    t.clock.advance(16 * 60_000);
    const expired = await admin.post('/api/kiosk/pairings/approve', { code: device.code, stationId });
    expect(expired.json().error.code).toBe('PAIRING_CODE_UNKNOWN');
  });

  it('tells an evening reading of someone with no shift entrada: it opens the next day, whose window starts before midnight', async () => {
    const { client: kiosk, privateKey, device } = await newKiosk();
    expect((await admin.post('/api/kiosk/pairings/approve', { code: device.code, stationId })).statusCode).toBe(200);
    // Two days on, at 21:50 Mexico City: after the next day's window opened (PUNCH_WINDOW_LEAD_MINUTES).
    const now = t.clock();
    const evening = nextWeekdayAt('21:50', new Date(now.getTime() + 86_400_000));
    const late = await kiosk.post('/api/attendance/check', await reading(privateKey, stationId, (evening.getTime() - now.getTime()) / 60_000, device.id));
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json().kind).toBe('entrada');
  });
});

describe('account administration', () => {
  let t: TestApp;
  let admin: HttpClient;
  let adminUser: TestUser;
  let employee: TestUser;

  const login = async (user: TestUser, password = user.password) => {
    const client = t.client();
    const response = await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password });
    return { client, response };
  };
  const accountOf = async (user: TestUser) => {
    const list = (await admin.get('/api/accounts/overview')).json() as Array<{ accountId: string; personId: string; disabled: boolean; activeSessions: number; name: string; curp: string }>;
    const account = list.find((a) => a.personId === user.person.id);
    if (!account) throw new Error('account not listed');
    return account;
  };

  beforeAll(async () => {
    t = await createTestApp();
    employee = await createTestUser(t, { seed: 2101, role: 'empleado' });
    adminUser = await createTestUser(t, { seed: 2102, role: 'admin' });
    const { client, response } = await login(adminUser);
    expect(response.statusCode).toBe(200);
    await client.csrf();
    admin = client;
  }, 60_000);
  afterAll(() => t.close());

  it('GET /api/session says until when the session lasts, also after a reload', async () => {
    const { client, response } = await login(employee);
    const session = await client.get('/api/session');
    expect(session.json().expiresAt).toBe(response.json().expiresAt);
    expect(Date.parse(session.json().expiresAt)).toBeGreaterThan(Date.now());
  });

  it('lists accounts with name and CURP (audited), disables one (its sessions end, login refused) and enables it', async () => {
    const { client: employeeClient } = await login(employee);
    const account = await accountOf(employee);
    expect(account).toMatchObject({ curp: employee.person.curp, disabled: false });
    expect(account.activeSessions).toBeGreaterThanOrEqual(1);
    expect((await t.services.audit.listBySubject(t.database.db, 'accounts')).some((a) => a.action === 'accounts.listed')).toBe(true);

    const disabled = await admin.post(`/api/accounts/${account.accountId}/disable`, { reason: 'baja del puesto' });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await employeeClient.get('/api/session')).statusCode).toBe(401);
    const refused = await login(employee);
    expect(refused.response.statusCode).toBe(403);
    expect(refused.response.json().error.code).toBe('ACCOUNT_DISABLED');
    expect((await accountOf(employee)).disabled).toBe(true);

    expect((await admin.post(`/api/accounts/${account.accountId}/enable`, { reason: 'regreso al puesto' })).statusCode).toBe(200);
    expect((await login(employee)).response.statusCode).toBe(200);
  });

  it('revokes every session of an account, and resets its password (old one refused, new one works)', async () => {
    const { client: employeeClient } = await login(employee);
    const account = await accountOf(employee);
    const revoked = await admin.post(`/api/accounts/${account.accountId}/sessions/revoke`, { reason: 'equipo extraviado' });
    expect(revoked.json().sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await employeeClient.get('/api/session')).statusCode).toBe(401);

    const weak = await admin.post(`/api/accounts/${account.accountId}/password`, { newPassword: 'corta' });
    expect(weak.statusCode).toBe(400);
    expect((await admin.post(`/api/accounts/${account.accountId}/password`, { newPassword: 'Temporal-2026-xy' })).statusCode).toBe(200);
    expect((await login(employee)).response.statusCode).toBe(401);
    expect((await login(employee, 'Temporal-2026-xy')).response.statusCode).toBe(200);
  });

  it('does not let an admin disable their own account, nor anyone else administer accounts', async () => {
    const own = await accountOf(adminUser);
    const self = await admin.post(`/api/accounts/${own.accountId}/disable`, { reason: 'prueba propia' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('ACCOUNT_SELF_DISABLE');
    const { client } = await login(employee, 'Temporal-2026-xy');
    await client.csrf();
    expect((await client.get('/api/accounts/overview')).statusCode).toBe(403);
    expect((await client.post(`/api/accounts/${own.accountId}/sessions/revoke`, { reason: 'no autorizado' })).statusCode).toBe(403);
  });
});
