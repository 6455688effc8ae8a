import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { createStation, facePhoto, loggedIn, ONE_FINGER_POLICY, type TestStation, giveConsent } from '../enrollment/testing.ts';

/**
 * The attendance kiosk's 1:1 key: matrícula + OOAD (the station's, or the chosen one when the
 * station has none) + finger, with the face as the fallback; errors with stable codes.
 */
describe('1:1 verification by matrícula over HTTP', () => {
  let t: TestApp;
  let operator: HttpClient;
  /** A station in OOAD 35 (enrollment/testing.ts) and one without an OOAD. */
  let station: TestStation;
  let bareStation: { id: string; simulated: string; webcam: string };
  let employee: TestUser;
  /** Same matrícula, another OOAD, no biometrics. */
  let namesake: TestUser;
  const MATRICULA = '88001122';
  const api = '/api/biometrics';
  const SLOW = 300_000;

  const verifyBy = (body: Record<string, unknown>) => operator.post(`${api}/verify/matricula`, { purpose: 'asistencia', ...body });
  const ownFinger = (readerId: string) => ({ fingerReaderId: readerId, fingers: [{ position: 2, simulate: {} }] });

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, readerTimeoutMs: 500, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 801, 'admin');
    operator = await loggedIn(t, 802, 'operador');
    station = await createStation(admin, 'QUIOSCO-35');
    const bare = await t.services.readers.createStation({ code: 'QUIOSCO-SIN-OOAD', name: 'Quiosco sin OOAD' }, 'system');
    bareStation = {
      id: bare.id,
      simulated: (await t.services.readers.addReader(bare.id, { name: 'Lector simulado', driver: 'simulado', modality: 'huella' }, 'system')).id,
      webcam: (await t.services.readers.addReader(bare.id, { name: 'Cámara', driver: 'camara_web', modality: 'rostro' }, 'system')).id,
    };
    employee = await createTestUser(t, { seed: 811, role: 'empleado', matricula: MATRICULA, ooadCode: '35' });
    namesake = await createTestUser(t, { seed: 812, role: 'empleado', matricula: MATRICULA, ooadCode: '19' });

    // The employee is enrolled at a counter: two simulated fingers and a packaged face photo.
    await giveConsent(operator, employee.person.curp, station.id);
    const session = await operator.post(`${api}/sessions`, { curp: employee.person.curp, stationId: station.id });
    expect(session.statusCode, session.body).toBe(201);
    const sessionId = session.json().id;
    for (const readerId of [station.simulated, station.webcam]) await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId });
    for (const position of [2, 7]) expect((await operator.post(`${api}/sessions/${sessionId}/fingers/${position}`, { simulate: {} })).statusCode).toBe(201);
    const face = await operator.post(`${api}/sessions/${sessionId}/face`, { frame: await facePhoto('A') });
    expect(face.statusCode, face.body).toBe(201);
    const done = await operator.post(`${api}/sessions/${sessionId}/complete`);
    expect(done.json().status).toBe('registrado');
  }, SLOW);
  afterAll(() => t?.close());

  it('audits the read of the templates also when the comparison fails (a finger that is not enrolled)', async () => {
    const reads = async () => (await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`, 1_000)).filter((a) => a.action === 'biometrics.data.read').length;
    const before = await reads();
    const response = await verifyBy({ matricula: MATRICULA, stationId: station.id, fingerReaderId: station.simulated, fingers: [{ position: 5, simulate: {} }] });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error.code).toBe('FINGER_NOT_ENROLLED');
    expect(await reads()).toBe(before + 1);
  });

  it('matches the employee’s own finger using the station’s OOAD, names them, and audits the read', async () => {
    const response = await verifyBy({ matricula: ` ${MATRICULA} `, stationId: station.id, ...ownFinger(station.simulated) });
    expect(response.statusCode, response.body).toBe(200);
    const { firstSurname, givenNames } = employee.person;
    expect(response.json()).toMatchObject({ personId: employee.person.id, decision: 'coincide', ooadCode: '35', purpose: 'asistencia' });
    expect(response.json().name).toContain(`${givenNames} ${firstSurname}`);

    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`);
    const verification = audit.filter((a) => a.action === 'biometrics.verification').at(-1);
    expect(verification?.details).toMatchObject({ via: 'matricula', decision: 'coincide' });
    expect(audit.some((a) => a.action === 'identity.read' && a.purpose === 'verificación 1:1 por matrícula (asistencia)')).toBe(true);
  }, SLOW);

  it('refuses someone else’s finger without naming whose matrícula it is', async () => {
    const response = await verifyBy({ matricula: MATRICULA, stationId: station.id, fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: { identity: 'OTRA-PERSONA' } }] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ decision: 'no_coincide', name: null });
  }, SLOW);

  it('asks for the OOAD at a station without one, and uses the one chosen (same matrícula, two people)', async () => {
    const missing = await verifyBy({ matricula: MATRICULA, stationId: bareStation.id, ...ownFinger(bareStation.simulated) });
    expect([missing.statusCode, missing.json().error.code]).toEqual([400, 'OOAD_REQUIRED']);

    const ours = await verifyBy({ matricula: MATRICULA, ooadCode: '35', stationId: bareStation.id, ...ownFinger(bareStation.simulated) });
    expect(ours.statusCode, ours.body).toBe(200);
    expect(ours.json()).toMatchObject({ personId: employee.person.id, decision: 'coincide', ooadCode: '35' });

    // OOAD 19's holder of the same matrícula is another person, who has no biometrics enrolled.
    const theirs = await verifyBy({ matricula: MATRICULA, ooadCode: '19', stationId: bareStation.id, ...ownFinger(bareStation.simulated) });
    expect([theirs.statusCode, theirs.json().error.code]).toEqual([409, 'BIOMETRIC_NOT_ENROLLED']);
    expect(namesake.person.id).not.toBe(employee.person.id);

    const unknownOoad = await verifyBy({ matricula: MATRICULA, ooadCode: '99', stationId: bareStation.id, ...ownFinger(bareStation.simulated) });
    expect([unknownOoad.statusCode, unknownOoad.json().error.code]).toEqual([400, 'OOAD_UNKNOWN']);
  }, SLOW);

  it('answers each failure with its stable code and a Spanish message', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ matricula: '77770000', stationId: station.id, ...ownFinger(station.simulated) }, 404, 'MATRICULA_UNKNOWN'],
      [{ matricula: MATRICULA, ooadCode: '19', stationId: station.id, ...ownFinger(station.simulated) }, 409, 'OOAD_NOT_STATION'],
      [{ matricula: MATRICULA, stationId: '00000000-0000-4000-8000-000000000000', ...ownFinger(station.simulated) }, 404, 'STATION_NOT_FOUND'],
      [{ matricula: MATRICULA, stationId: station.id, fingers: [{ position: 2, simulate: {} }] }, 409, 'READER_NOT_SELECTED'],
      [{ matricula: MATRICULA, stationId: station.id, ...ownFinger(station.unplugged) }, 409, 'READER_NOT_CONNECTED'],
      [{ matricula: MATRICULA, stationId: station.id, fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: { condition: 'sin_respuesta' } }] }, 504, 'READER_TIMEOUT'],
      [{ matricula: MATRICULA, stationId: station.id, fingerReaderId: station.simulated, fingers: [{ position: 9, simulate: {} }] }, 422, 'FINGER_NOT_ENROLLED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await verifyBy(body);
      expect([response.statusCode, response.json().error?.code], `${code}: ${response.body}`).toEqual([status, code]);
      expect(response.json().error.message).toMatch(/[a-záéíóúñ]/i);
    }
    const malformed = await verifyBy({ matricula: 'ABC123', stationId: station.id, ...ownFinger(station.simulated) });
    expect(malformed.statusCode).toBe(400);
  }, SLOW);

  it('refuses a reader the station reported unplugged from the next verification on, and takes it back when plugged in', async () => {
    const reader = (await t.services.readers.addReader(station.id, { name: 'Lector que se desconecta', driver: 'simulado', modality: 'huella' }, 'system')).id;
    const setConnected = (connected: boolean) => operator.post(`${api}/readers/${reader}/status`, { connected });
    expect((await setConnected(true)).statusCode).toBe(200);
    const before = await verifyBy({ matricula: MATRICULA, stationId: station.id, ...ownFinger(reader) });
    expect(before.json().decision, before.body).toBe('coincide');
    expect((await setConnected(false)).statusCode).toBe(200);
    const unplugged = await verifyBy({ matricula: MATRICULA, stationId: station.id, ...ownFinger(reader) });
    expect([unplugged.statusCode, unplugged.json().error?.code]).toEqual([409, 'READER_NOT_CONNECTED']);
    expect((await setConnected(true)).statusCode).toBe(200);
    expect((await verifyBy({ matricula: MATRICULA, stationId: station.id, ...ownFinger(reader) })).json().decision).toBe('coincide');
  }, SLOW);

  it('verifies the face as the fallback, against the enrolled face, with the attendance thresholds', async () => {
    const own = await verifyBy({ matricula: MATRICULA, stationId: station.id, faceReaderId: station.webcam, face: { frame: await facePhoto('A', 0.45) } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ decision: 'coincide', finger: null, face: { threshold: t.services.verification.thresholdsFor('asistencia').face } });
    expect(own.json().name).toContain(employee.person.givenNames);

    const stranger = await verifyBy({ matricula: MATRICULA, stationId: station.id, faceReaderId: station.webcam, face: { frame: await facePhoto('C') } });
    expect(stranger.statusCode, stranger.body).toBe(200);
    expect(stranger.json()).toMatchObject({ decision: 'no_coincide', name: null });
  }, SLOW);
});
