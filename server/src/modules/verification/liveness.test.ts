import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ONE_FINGER_POLICY, createStation, facePhoto, loggedIn, registerPerson, type TestStation, giveConsent } from '../enrollment/testing.ts';
import { testConfig } from '../../config.ts';
import type { Person } from '../identity/service.ts';

/**
 * Issue 19, item 2: a face verification for a purpose that asserts presence (supervivencia, firma,
 * kiosco) needs a passed active challenge the server issued for that person and purpose (nonce,
 * expiry, single use) and the passive PAD decision. On the code before this change the first test
 * fails: a still photo was accepted as proof of life (200 "coincide").
 */
describe('presence verifications require a bound liveness challenge', () => {
  let t: TestApp;
  let operator: HttpClient;
  let admin: HttpClient;
  let station: TestStation;
  let ana: Person;
  let beto: Person;
  const api = '/api/biometrics';
  const SLOW = 300_000;

  const enroll = async (person: Person, photo: 'A' | null) => {
    await giveConsent(operator, person.curp, station.id);
    const session = await operator.post(`${api}/sessions`, { curp: person.curp, stationId: station.id });
    expect(session.statusCode, session.body).toBe(201);
    const sessionId = session.json().id;
    for (const readerId of [station.simulated, station.webcam]) await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId });
    expect((await operator.post(`${api}/sessions/${sessionId}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    if (photo) {
      const face = await operator.post(`${api}/sessions/${sessionId}/face`, { frame: await facePhoto(photo) });
      expect(face.statusCode, face.body).toBe(201);
    }
    expect((await operator.post(`${api}/sessions/${sessionId}/complete`)).json().status).toBe('registrado');
  };
  const challenge = async (curp: string, purpose = 'supervivencia') => {
    const issued = await operator.post(`${api}/liveness/challenges`, { curp, purpose });
    expect(issued.statusCode, issued.body).toBe(201);
    return issued.json() as { id: string; steps: string[]; expiresAt: string };
  };
  /** A still photo, sent as every frame of the "recording": what an attacker with a photo can send. */
  const stillFrames = async (): Promise<string[]> => Array<string>(6).fill(await facePhoto('A', 0.45));

  beforeAll(async () => {
    // Enrollments of one or two fingers: these tests are about matching, not the enrollment minimum.
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    admin = await loggedIn(t, 901, 'admin');
    operator = await loggedIn(t, 902, 'operador');
    station = await createStation(admin, 'CLINICA-35');
    ana = await registerPerson(t, 911);
    beto = await registerPerson(t, 912);
    await enroll(ana, 'A');
    await enroll(beto, null);
  }, SLOW);
  afterAll(() => t?.close());

  it('refuses a still photo as proof of life, signature or kiosk face without a challenge', async () => {
    const photo = await facePhoto('A', 0.45);
    for (const purpose of ['supervivencia', 'firma', 'kiosco']) {
      const response = await operator.post(`${api}/verify`, { curp: ana.curp, purpose, faceReaderId: station.webcam, face: { frame: photo } });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error.code).toBe('LIVENESS_CHALLENGE_REQUIRED');
    }
    const identify = await operator.post(`${api}/identify`, { purpose: 'kiosco', faceReaderId: station.webcam, face: { frame: photo } });
    expect(identify.json().error.code).toBe('LIVENESS_CHALLENGE_REQUIRED');
    // Attendance is not a presence purpose here, and a finger at a counter is attended.
    expect((await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'asistencia', faceReaderId: station.webcam, face: { frame: photo } })).json().decision).toBe('coincide');
    const finger = await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'supervivencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: {} }] });
    expect(finger.json().decision).toBe('coincide');
  }, SLOW);

  it('at a paired kiosk (nobody watching) a face needs a challenge issued for the matrícula, whatever the purpose', async () => {
    const matricula = '77009911';
    await t.database.db.transaction().execute((trx) =>
      t.services.accounts.createAccount(trx, { personId: ana.id, role: 'empleado', matricula, ooadCode: '35', password: 'Quiosco-Prueba-2026' }, 'system'),
    );
    const kiosk = t.client();
    await kiosk.csrf();
    const { publicKey } = generateKeyPairSync('ed25519');
    const pairing = await kiosk.post('/api/kiosk/pairings', { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
    expect((await admin.post('/api/kiosk/pairings/approve', { code: pairing.json().code, stationId: station.id })).statusCode).toBe(200);
    const face = { frame: await facePhoto('A', 0.45) };
    const claim = { matricula, ooadCode: '35', stationId: station.id };

    // The kiosk page's attendance face, as a still photo: refused (it was "coincide" and a grant).
    const still = await kiosk.post(`${api}/verify/matricula`, { ...claim, purpose: 'asistencia', faceReaderId: station.webcam, face });
    expect(still.statusCode, still.body).toBe(422);
    expect(still.json().error.code).toBe('LIVENESS_CHALLENGE_REQUIRED');
    const identify = await kiosk.post(`${api}/identify`, { purpose: 'asistencia', stationId: station.id, faceReaderId: station.webcam, face });
    expect(identify.json().error.code).toBe('LIVENESS_CHALLENGE_REQUIRED');

    // The kiosk asks for the challenge by the matrícula it was given, and learns nothing else.
    const issued = await kiosk.post(`${api}/liveness/challenges/matricula`, { ...claim, purpose: 'asistencia' });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().steps).toHaveLength(3);
    expect(issued.json()).not.toHaveProperty('personId');
    const unknown = await kiosk.post(`${api}/liveness/challenges/matricula`, { ...claim, matricula: '77000000', purpose: 'asistencia' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'MATRICULA_UNKNOWN']);

    // With the challenge, the frames are evaluated: a still photo does not do the steps.
    const attempt = await kiosk.post(`${api}/verify/matricula`, { ...claim, purpose: 'asistencia', faceReaderId: station.webcam, face, liveness: { challengeId: issued.json().id, frames: await stillFrames() } });
    expect(attempt.statusCode, attempt.body).toBe(422);
    expect(attempt.json().error.code).toBe('LIVENESS_CHALLENGE_FAILED');
    expect(attempt.json().error.details.decision).toBe('coincide');
    // The finger at the kiosk is not held to it.
    const finger = await kiosk.post(`${api}/verify/matricula`, { ...claim, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: {} }] });
    expect(finger.json()).toMatchObject({ decision: 'coincide', verificationId: expect.any(String) });
  }, SLOW);

  it('evaluates the challenge frames: a still photo does not perform the steps; the attempt is recorded and the challenge burnt', async () => {
    const issued = await challenge(ana.curp);
    expect(issued.steps).toHaveLength(3);
    const body = { curp: ana.curp, purpose: 'supervivencia', faceReaderId: station.webcam, face: { frame: await facePhoto('A', 0.45) }, liveness: { challengeId: issued.id, frames: await stillFrames() } };
    const first = await operator.post(`${api}/verify`, body);
    expect(first.statusCode, first.body).toBe(422);
    expect(first.json().error.code).toBe('LIVENESS_CHALLENGE_FAILED');
    const evidence = first.json().error.details.liveness;
    expect(evidence).toMatchObject({ challengeId: issued.id, passed: false, challenge: { decision: 'fail' } });
    expect(evidence.challenge.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^step-not-done:/)]));
    expect(evidence.passive).toHaveProperty('passed');
    // The face itself matched: the refusal is the liveness, not the comparison.
    expect(first.json().error.details.decision).toBe('coincide');
    const row = await t.database.db.selectFrom('liveness_challenges').selectAll().where('id', '=', issued.id).executeTakeFirstOrThrow();
    expect(row.used_at).not.toBeNull();
    expect(row.result).toMatchObject({ passed: false });

    const replay = await operator.post(`${api}/verify`, body);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('LIVENESS_CHALLENGE_USED');
  }, SLOW);

  it('refuses an expired challenge, one issued for another person, and one issued for another purpose', async () => {
    const frames = await stillFrames();
    const face = { frame: await facePhoto('A', 0.45) };
    const expired = await challenge(ana.curp);
    t.clock.advance(61_000);
    const late = await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'supervivencia', faceReaderId: station.webcam, face, liveness: { challengeId: expired.id, frames } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('LIVENESS_CHALLENGE_EXPIRED');

    const betos = await challenge(beto.curp);
    const stolen = await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'supervivencia', faceReaderId: station.webcam, face, liveness: { challengeId: betos.id, frames } });
    expect(stolen.json().error.code).toBe('LIVENESS_CHALLENGE_OTHER_PERSON');

    const forSignature = await challenge(ana.curp, 'firma');
    const other = await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'supervivencia', faceReaderId: station.webcam, face, liveness: { challengeId: forSignature.id, frames } });
    expect(other.json().error.code).toBe('LIVENESS_CHALLENGE_OTHER_PURPOSE');

    const unknown = await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'supervivencia', faceReaderId: station.webcam, face, liveness: { challengeId: '00000000-0000-4000-8000-000000000000', frames } });
    expect(unknown.json().error.code).toBe('LIVENESS_CHALLENGE_NOT_FOUND');
  }, SLOW);
});
