import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { ONE_FINGER_POLICY, createStation, loggedIn, type TestStation, giveConsent } from '../enrollment/testing.ts';
import { testConfig } from '../../config.ts';
import { signOfflineCapture, signReading, type OfflineCapture, type SignedReading } from './kiosk-signature.ts';

/**
 * Issue 19, item 3, with real matches: a check-in is accepted only with the grant the server
 * issued when it matched that staff member at that station; an offline kiosk's kept capture is
 * matched by the server when it comes back.
 */
describe('attendance check-ins bound to a server-side match', () => {
  let t: TestApp;
  let kiosk: HttpClient;
  let station: TestStation;
  let employee: TestUser;
  let pensioner: TestUser;
  let admin: HttpClient;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const MATRICULA = '77001234';
  const api = '/api/biometrics';
  const SLOW = 300_000;
  const finger = (identity?: string) => ({ fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: identity ? { identity } : {} }] });
  const check = (reading: SignedReading) => kiosk.post('/api/attendance/check', { ...reading, signature: signReading(privateKey, reading) });
  const offline = (capture: OfflineCapture) => kiosk.post('/api/attendance/check/offline', { capture, signature: signOfflineCapture(privateKey, capture) });

  async function enroll(operator: HttpClient, curp: string): Promise<void> {
    await giveConsent(operator, curp, station.id);
    const session = await operator.post(`${api}/sessions`, { curp, stationId: station.id });
    const id = session.json().id;
    await operator.post(`${api}/sessions/${id}/reader`, { readerId: station.simulated });
    expect((await operator.post(`${api}/sessions/${id}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    expect((await operator.post(`${api}/sessions/${id}/complete`)).json().status).toBe('registrado');
  }

  beforeAll(async () => {
    // Enrollments of one or two fingers: these tests are about matching, not the enrollment minimum.
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    admin = await loggedIn(t, 901, 'admin');
    const operator = await loggedIn(t, 902, 'operador');
    kiosk = await loggedIn(t, 903, 'operador');
    station = await createStation(admin, 'QUIOSCO-VINC');
    const key = await admin.request({ method: 'PUT', url: `/api/attendance/stations/${station.id}/kiosk-key`, payload: { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') } });
    expect(key.statusCode, key.body).toBe(204);
    employee = await createTestUser(t, { seed: 911, role: 'empleado', matricula: MATRICULA, ooadCode: '35' });
    pensioner = await createTestUser(t, { seed: 912, role: 'pensionado' });
    await enroll(operator, employee.person.curp);
    await enroll(operator, pensioner.person.curp);
  }, SLOW);
  afterAll(() => t?.close());

  it('records a check-in with the grant of a 1:1 match at the station, at the server’s score', async () => {
    const verified = await kiosk.post(`${api}/verify/matricula`, { purpose: 'asistencia', matricula: MATRICULA, stationId: station.id, ...finger() });
    expect(verified.statusCode, verified.body).toBe(200);
    const { decision, verificationId, score } = verified.json();
    expect(decision).toBe('coincide');
    expect(verificationId).toEqual(expect.any(String));
    const recorded = await check({ idempotencyKey: 'vinculada:1', personId: employee.person.id, stationId: station.id, method: 'huella', verificationId, capturedAt: t.clock().toISOString() });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().record).toMatchObject({ personId: employee.person.id, verificationScore: score, offline: false });

    // No grant without a match, and none without a station.
    const impostor = await kiosk.post(`${api}/verify/matricula`, { purpose: 'asistencia', matricula: MATRICULA, stationId: station.id, ...finger('OTRA-PERSONA') });
    expect(impostor.json()).toMatchObject({ decision: 'no_coincide', verificationId: null });
    const noStation = await kiosk.post(`${api}/verify`, { purpose: 'asistencia', curp: employee.person.curp, ...finger() });
    expect(noStation.json()).toMatchObject({ decision: 'coincide', verificationId: null });
  }, SLOW);

  it('records a check-in after a 1:N identification at the station, and refuses a non-staff person', async () => {
    const identified = await kiosk.post(`${api}/identify`, { purpose: 'asistencia', stationId: station.id, ...finger(employee.person.curp) });
    expect(identified.json()).toMatchObject({ decision: 'identificado', candidates: [expect.objectContaining({ personId: employee.person.id })], verificationId: expect.any(String) });
    const recorded = await check({ idempotencyKey: 'vinculada:2', personId: employee.person.id, stationId: station.id, method: 'huella', verificationId: identified.json().verificationId, capturedAt: t.clock().toISOString() });
    expect(recorded.statusCode, recorded.body).toBe(201);

    const matched = await kiosk.post(`${api}/verify`, { purpose: 'asistencia', curp: pensioner.person.curp, stationId: station.id, ...finger() });
    expect(matched.json()).toMatchObject({ decision: 'coincide', verificationId: expect.any(String) });
    const refused = await check({ idempotencyKey: 'vinculada:3', personId: pensioner.person.id, stationId: station.id, method: 'huella', verificationId: matched.json().verificationId, capturedAt: t.clock().toISOString() });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'NOT_STAFF']);
  }, SLOW);

  it('accepts an offline capture sent by a paired kiosk on its station session (the kiosk page after the server is back)', async () => {
    // The kiosk page pairs itself (issue 20) and sends its queue on the station session, not on an
    // operator's: the route used to answer 401 AUTH_REQUIRED, which the page keeps retrying.
    const paired = t.client();
    await paired.csrf();
    const pairing = await paired.post('/api/kiosk/pairings', { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
    expect(pairing.statusCode, pairing.body).toBe(201);
    expect((await admin.post('/api/kiosk/pairings/approve', { code: pairing.json().code, stationId: station.id })).statusCode).toBe(200);
    const hourAgo = new Date(t.clock().getTime() - 3_600_000).toISOString();
    const capture: OfflineCapture = { idempotencyKey: 'vinc:offline:emparejado', stationId: station.id, matricula: MATRICULA, ooadCode: '35', fingerReaderId: station.simulated, position: 2, capturedAt: hourAgo, sample: { simulate: {} } };
    const sent = await paired.post('/api/attendance/check/offline', { capture, signature: signOfflineCapture(privateKey, capture) });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().record).toMatchObject({ personId: employee.person.id, capturedAt: hourAgo, offline: true });
    const again = await paired.post('/api/attendance/check/offline', { capture, signature: signOfflineCapture(privateKey, capture) });
    expect([again.statusCode, again.json().replayed]).toEqual([200, true]);
    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`);
    expect(audit.find((a) => a.action === 'attendance.check.recorded')?.actor).toBe(`kiosk:${pairing.json().id}`);
    // Only for its own station.
    const elsewhere = await paired.post('/api/attendance/check/offline', { capture: { ...capture, idempotencyKey: 'vinc:offline:otra', stationId: '00000000-0000-4000-8000-000000000000' }, signature: signOfflineCapture(privateKey, { ...capture, idempotencyKey: 'vinc:offline:otra', stationId: '00000000-0000-4000-8000-000000000000' }) });
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([403, 'KIOSK_OTHER_STATION']);
  }, SLOW);

  it('matches an offline kiosk’s kept capture when it comes back; a wrong finger, a changed capture or a stale one is refused', async () => {
    const hourAgo = new Date(t.clock().getTime() - 3_600_000).toISOString();
    const capture: OfflineCapture = { idempotencyKey: 'vinc:offline:1', stationId: station.id, matricula: MATRICULA, fingerReaderId: station.simulated, position: 2, capturedAt: hourAgo, sample: { simulate: {} } };
    const sent = await offline(capture);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().record).toMatchObject({ personId: employee.person.id, capturedAt: hourAgo, offline: true });
    const again = await offline(capture);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true, record: { id: sent.json().record.id } });

    const wrong = await offline({ ...capture, idempotencyKey: 'vinc:offline:2', sample: { simulate: { identity: 'OTRA-PERSONA' } } });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([422, 'BIOMETRIC_NO_MATCH']);
    const changed = await kiosk.post('/api/attendance/check/offline', { capture: { ...capture, idempotencyKey: 'vinc:offline:3', capturedAt: t.clock().toISOString() }, signature: signOfflineCapture(privateKey, capture) });
    expect([changed.statusCode, changed.json().error.code]).toEqual([403, 'KIOSK_SIGNATURE_INVALID']);
    const stale = await offline({ ...capture, idempotencyKey: 'vinc:offline:4', capturedAt: new Date(t.clock().getTime() - 8 * 86_400_000).toISOString() });
    expect([stale.statusCode, stale.json().error.code]).toEqual([422, 'CAPTURED_AT_TOO_OLD']);
    // An offline capture's signature does not pass for an online reading's.
    const asReading = await kiosk.post('/api/attendance/check', { idempotencyKey: 'vinc:offline:5', personId: employee.person.id, stationId: station.id, method: 'huella', verificationId: sent.json().record.id, capturedAt: hourAgo, signature: signOfflineCapture(privateKey, capture) });
    expect([asReading.statusCode, asReading.json().error.code]).toEqual([403, 'KIOSK_SIGNATURE_INVALID']);
  }, SLOW);
});
