import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { signReading, type SignedReading } from '../attendance/kiosk-signature.ts';
import { createStation, fingerPng, ONE_FINGER_POLICY, type TestStation, giveConsent } from '../enrollment/testing.ts';

const PURPOSE = 'revisión de posibles empleados fantasma';
const report = (query = '') => `/api/reports/ghost-employees?purpose=${encodeURIComponent(PURPOSE)}${query}`;
type Listed = { curp: string; reasons: string[]; biometricStatus: string; adjudication: string | null; matchedCurps: string[]; lastCheckIn: string | null };

/**
 * The ghost-employee report over HTTP on data made through the real flows: enrollments with
 * synthetic prints (one a duplicate of another person's fingers, adjudicated as fraud), kiosk
 * readings signed like a kiosk's, and staff who never checked in nor enrolled.
 */
describe('ghost-employee report over HTTP', () => {
  let t: TestApp;
  let supervisor: HttpClient;
  let operator: HttpClient;
  let admin: HttpClient;
  let station: TestStation;
  let ana: TestUser; // enrolled, checks in: not a ghost (until her readings are old)
  let beto: TestUser; // enrolled with Ana's fingers: pendiente, then fraude
  let carla: TestUser; // never enrolled, never checked in
  const SLOW = 300_000;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  let users: Record<'admin' | 'operator' | 'supervisor', TestUser>;
  const setNow = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock().getTime());
  const login = async (user: TestUser) => {
    const client = t.client();
    const response = await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password });
    expect(response.statusCode, response.body).toBe(200);
    await client.csrf();
    return client;
  };
  /**
   * Moves the server clock and logs in again (sessions last 8 h on that clock). The dates are in
   * 2030 so the cookies never look expired to the test's own clock either.
   */
  const moveTo = async (iso: string) => {
    setNow(iso);
    [admin, operator, supervisor] = await Promise.all([login(users.admin), login(users.operator), login(users.supervisor)]);
  };

  const listed = async (client: HttpClient, query = '') => {
    const response = await client.get(report(query));
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { employees: Listed[]; counts: Record<string, number>; window: { from: string; to: string }; quincenas: number; staffReviewed: number };
  };
  const find = (body: { employees: Listed[] }, user: TestUser) => body.employees.find((e) => e.curp === user.person.curp);

  async function enroll(curp: string, fingers: 'own' | string): Promise<{ status: string; enrollmentId: string }> {
    await giveConsent(operator, curp, station.id);
    const session = await operator.post('/api/biometrics/sessions', { curp, stationId: station.id });
    expect(session.statusCode, session.body).toBe(201);
    const id = session.json().id;
    await operator.post(`/api/biometrics/sessions/${id}/reader`, { readerId: fingers === 'own' ? station.simulated : station.upload });
    for (const position of [2, 7]) {
      const body = fingers === 'own' ? { simulate: {} } : { image: await fingerPng(fingers, position, 5) };
      const capture = await operator.post(`/api/biometrics/sessions/${id}/fingers/${position}`, body);
      expect(capture.statusCode, capture.body).toBe(201);
    }
    const done = await operator.post(`/api/biometrics/sessions/${id}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    return done.json();
  }

  async function checkIn(user: TestUser, capturedAt: string) {
    await moveTo(new Date(Date.parse(capturedAt) + 60_000).toISOString());
    // The grant the kiosk's match at the station produced (issue 19: a check-in carries one).
    const kioskActor = `account:${(await operator.get('/api/session')).json().accountId as string}` as const;
    const verificationId = await t.database.db
      .transaction()
      .execute((trx) => t.services.verification.issueGrant(trx, { personId: user.person.id, stationId: station.id, purpose: 'asistencia', method: 'huella', score: 1.2 }, kioskActor, new Date(Date.parse(capturedAt))));
    const body: SignedReading = { idempotencyKey: `rep:${user.person.id}:${capturedAt}`, personId: user.person.id, stationId: station.id, method: 'huella', verificationId, capturedAt };
    const response = await operator.post('/api/attendance/check', { ...body, signature: signReading(privateKey, body) });
    expect(response.statusCode, response.body).toBe(201);
  }

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    users = {
      admin: await createTestUser(t, { seed: 701, role: 'admin' }),
      operator: await createTestUser(t, { seed: 702, role: 'operador' }),
      supervisor: await createTestUser(t, { seed: 703, role: 'supervisor' }),
    };
    await moveTo('2030-11-03T15:00:00Z');
    station = await createStation(admin, 'REP-01');
    const key = await admin.request({ method: 'PUT', url: `/api/attendance/stations/${station.id}/kiosk-key`, payload: { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') } });
    expect(key.statusCode, key.body).toBe(204);
    ana = await createTestUser(t, { seed: 711, role: 'empleado' });
    beto = await createTestUser(t, { seed: 712, role: 'empleado' });
    carla = await createTestUser(t, { seed: 713, role: 'empleado' });
    expect((await enroll(ana.person.curp, 'own')).status).toBe('registrado');
    expect((await enroll(beto.person.curp, ana.person.curp)).status).toBe('pendiente');
    await checkIn(ana, '2030-11-03T07:55:00-06:00');
  }, SLOW);
  afterAll(() => t?.close());

  it('is for supervisors and admins only, and asks why', async () => {
    expect((await t.client().get(report())).statusCode).toBe(401);
    expect((await operator.get(report())).statusCode).toBe(403);
    const employee = t.client();
    await employee.post('/api/auth/employee-login', { matricula: carla.matricula, ooadCode: carla.ooadCode, password: carla.password });
    expect((await employee.get(report())).statusCode).toBe(403);
    const noPurpose = await supervisor.get('/api/reports/ghost-employees');
    expect(noPurpose.statusCode).toBe(400);
    expect((await supervisor.get(report('&quincenas=0'))).statusCode).toBe(400);
    expect((await admin.get(report())).statusCode).toBe(200);
  });

  it('lists staff without check-ins, without biometrics, or whose biometrics matched another identity', async () => {
    await moveTo('2030-11-10T18:00:00Z');
    const body = await listed(supervisor);
    expect(body.quincenas).toBe(2);
    expect(body.window).toMatchObject({ from: '2030-Q20', to: '2030-Q21' });
    expect(find(body, ana)).toBeUndefined();
    expect(find(body, carla)).toMatchObject({ reasons: ['sin_asistencia', 'sin_biometria'], biometricStatus: 'sin_registro', lastCheckIn: null });
    expect(find(body, beto)).toMatchObject({ reasons: ['sin_asistencia', 'biometria_coincide'], biometricStatus: 'pendiente', adjudication: null, matchedCurps: [ana.person.curp] });
    // Staff accounts count too: the operator, supervisor and admin of this test never enrolled nor checked in.
    expect(body.staffReviewed).toBe(6);
    expect(body.counts).toEqual({ sin_asistencia: 5, sin_biometria: 4, biometria_coincide: 1 });

    const audit = await t.services.audit.listBySubject(t.database.db, 'report:ghost-employees'); // newest first
    expect(audit[0]).toMatchObject({ action: 'reports.ghost_employees.read', purpose: PURPOSE });
  });

  it('counts check-ins only within the last N quincenas (N from the query, the current one included)', async () => {
    await moveTo('2030-12-20T18:00:00Z'); // 2030-Q24; Ana's only reading is in 2030-Q21
    expect(find(await listed(supervisor), ana)).toMatchObject({ reasons: ['sin_asistencia'], lastCheckIn: '2030-11-03T13:55:00.000Z' });
    expect(find(await listed(supervisor, '&quincenas=3'), ana)).toMatchObject({ reasons: ['sin_asistencia'] });
    const four = await listed(supervisor, '&quincenas=4');
    expect(four.window).toMatchObject({ from: '2030-Q21', to: '2030-Q24' });
    expect(find(four, ana)).toBeUndefined();
  });

  it('shows a duplicate adjudicated as fraud as without valid biometrics and matched', async () => {
    const pending = (await supervisor.get('/api/biometrics/adjudications')).json();
    expect((await supervisor.post(`/api/biometrics/enrollments/${pending[0].enrollmentId}/adjudication`, { decision: 'fraude' })).statusCode).toBe(200);
    // Four eyes (issue 19): a second supervisor confirms the decision.
    const second = await login(await createTestUser(t, { seed: 705, role: 'supervisor' }));
    const decided = await second.post(`/api/biometrics/enrollments/${pending[0].enrollmentId}/adjudication`, { decision: 'fraude' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().status).toBe('rechazado');
    const beto2 = find(await listed(supervisor, '&quincenas=4'), beto);
    expect(beto2).toMatchObject({ reasons: ['sin_asistencia', 'sin_biometria', 'biometria_coincide'], biometricStatus: 'rechazado', adjudication: 'fraude', matchedCurps: [ana.person.curp] });
  });

  it('exports the same report as CSV, audited as an export', async () => {
    const response = await supervisor.get(`/api/reports/ghost-employees.csv?purpose=${encodeURIComponent(PURPOSE)}&quincenas=4`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toBe('attachment; filename="empleados-fantasma-2030-Q24-4q.csv"');
    const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('CURP,Nombre,Rol,Matrícula,OOAD,Motivos,Último registro de asistencia,Estado biométrico,Adjudicación,CURP coincidentes');
    // Six: the five staff of the earlier cases and the second supervisor of the four-eyes adjudication.
    expect(lines).toHaveLength(1 + 6);
    const betoLine = lines.find((l) => l.startsWith(beto.person.curp));
    expect(betoLine).toContain('Sin asistencia; Sin biometría válida; Biometría coincide con otra identidad');
    expect(betoLine).toContain(`fraude,${ana.person.curp}`);
    expect(lines.some((l) => l.startsWith(ana.person.curp))).toBe(false);
    const audit = await t.services.audit.listBySubject(t.database.db, 'report:ghost-employees'); // newest first
    expect(audit[0]).toMatchObject({ action: 'reports.ghost_employees.exported', purpose: PURPOSE });
  });

  it('names the staff for pages that only hold person ids', async () => {
    const response = await supervisor.get(`/api/reports/staff?purpose=${encodeURIComponent('nombres del personal en la revisión de justificaciones')}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expect.arrayContaining([expect.objectContaining({ personId: carla.person.id, role: 'empleado', matricula: carla.matricula })]));
    expect((await operator.get(`/api/reports/staff?purpose=${encodeURIComponent('auditoría interna')}`)).statusCode).toBe(403);
  });
});
