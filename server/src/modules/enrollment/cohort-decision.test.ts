import { COHORT_RANK, cohortGap } from '@siap/biometrics/gallery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { Person } from '../identity/service.ts';
import { createStation, giveConsent, loggedIn, ONE_FINGER_POLICY, registerPerson, type TestStation } from './testing.ts';

/**
 * Deduplication once the gallery holds more people than the cohort rule's k: each search's
 * fingerprint threshold comes from its own candidates (@siap/biometrics/gallery operating-point.ts),
 * reported with the decision; distinct people still enroll, a second CURP with enrolled fingers
 * still goes to adjudication.
 */
describe('deduplication by the cohort rule, over HTTP', () => {
  let t: TestApp;
  let operator: HttpClient;
  let station: TestStation;
  const people: Person[] = [];
  const api = '/api/biometrics';
  const SLOW = 600_000;

  /** Enrolls `curp` with finger 2 of `identity` (the simulated reader's finger owner). */
  async function enroll(curp: string, identity: string) {
    await giveConsent(operator, curp, station.id);
    const session = await operator.post(`${api}/sessions`, { curp, stationId: station.id });
    expect(session.statusCode, session.body).toBe(201);
    const sessionId = session.json().id;
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated });
    expect((await operator.post(`${api}/sessions/${sessionId}/fingers/2`, { simulate: { identity } })).statusCode).toBe(201);
    const done = await operator.post(`${api}/sessions/${sessionId}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    return done.json();
  }

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 951, 'admin');
    operator = await loggedIn(t, 952, 'operador');
    station = await createStation(admin, 'VENT-COHORTE');
    for (let i = 0; i < COHORT_RANK + 3; i++) people.push(await registerPerson(t, 960 + i));
    // More people than k, each with their own finger.
    for (const person of people.slice(0, COHORT_RANK + 1)) expect((await enroll(person.curp, person.curp)).status).toBe('registrado');
  }, SLOW);
  afterAll(() => t?.close());

  it('enrolls someone new with the threshold of their own search, reported with the cohort rule’s k and gap', async () => {
    const newcomer = people[COHORT_RANK + 1]!;
    const result = await enroll(newcomer.curp, newcomer.curp);
    expect(result.status).toBe('registrado');
    const point = result.operatingPoint;
    expect(point).toMatchObject({ purpose: 'deduplicacion', fingerCohortRank: COHORT_RANK, gallerySubjects: COHORT_RANK + 1 });
    // Published rounded up to hundredths, never below the exact gap.
    const exactGap = cohortGap(point.targetFpir, COHORT_RANK);
    expect(point.fingerCohortGap).toBeGreaterThanOrEqual(exactGap);
    expect(point.fingerCohortGap).toBeLessThan(exactGap + 0.01);
    expect(point.fingerThreshold).toBeGreaterThanOrEqual(point.fingerFloor);
  }, SLOW);

  it('still sends a second CURP with an enrolled person’s finger to adjudication', async () => {
    const [first] = people;
    const impostor = people[COHORT_RANK + 2]!;
    const result = await enroll(impostor.curp, first!.curp);
    expect(result.status).toBe('pendiente');
    expect(result.candidates.map((c: { personId: string }) => c.personId)).toEqual([first!.id]);
    expect(result.candidates[0].fingerScore).toBeGreaterThanOrEqual(result.operatingPoint.fingerThreshold);
  }, SLOW);
});
