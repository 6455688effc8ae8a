import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTIFICATION_FPIR } from '@siap/biometrics/gallery';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ONE_FINGER_POLICY, createStation, loggedIn, registerPerson, type TestStation, giveConsent } from '../enrollment/testing.ts';
import { testConfig } from '../../config.ts';
import type { Person } from '../identity/service.ts';

/**
 * The kiosk's finger-only check-in (POST /identify, one finger of known position) decides at the
 * operating point derived from the target FPIR and the gallery's size, and says so in its answer;
 * deduplication at enrollment does the same with its own target.
 */
describe('1:N identification at the FPIR-derived operating point over HTTP', () => {
  let t: TestApp;
  let operator: HttpClient;
  let station: TestStation;
  let people: Person[];
  const api = '/api/biometrics';
  const SLOW = 300_000;

  const identify = (identity: string) =>
    operator.post(`${api}/identify`, { purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: { identity, impression: 5 } }] });

  beforeAll(async () => {
    // Enrollments of one or two fingers: these tests are about matching, not the enrollment minimum.
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 901, 'admin');
    operator = await loggedIn(t, 902, 'operador');
    station = await createStation(admin, 'QUIOSCO-1N');
    people = [await registerPerson(t, 911), await registerPerson(t, 912), await registerPerson(t, 913)];
    for (const [i, person] of people.entries()) {
      await giveConsent(operator, person.curp, station.id);
      const session = (await operator.post(`${api}/sessions`, { curp: person.curp, stationId: station.id })).json();
      await operator.post(`${api}/sessions/${session.id}/reader`, { readerId: station.simulated });
      for (const position of [2, 7]) expect((await operator.post(`${api}/sessions/${session.id}/fingers/${position}`, { simulate: {} })).statusCode).toBe(201);
      const done = await operator.post(`${api}/sessions/${session.id}/complete`);
      expect(done.statusCode, done.body).toBe(201);
      // Two fingers of distinct simulated people: no duplicate, and the answer says at what threshold.
      expect(done.json()).toMatchObject({
        status: 'registrado',
        candidates: [],
        operatingPoint: { purpose: 'deduplicacion', targetFpir: t.config.biometrics.dedup.targetFpir, gallerySubjects: i, probeFingers: 2, fingerFloor: 40 },
      });
    }
  }, SLOW);
  afterAll(() => t?.close());

  it('identifies an enrolled person with the threshold derived from the FPIR and the gallery size, and audits it', async () => {
    const response = await identify(people[1].curp);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ decision: 'identificado', candidates: [{ personId: people[1].id }] });
    // Three people, target FPIR 0.1 %: 10·log10(3 / 0.001) ≈ 34.8, below the 1:1 floor of 40.
    expect(body.operatingPoint).toMatchObject({ purpose: 'identificacion', targetFpir: IDENTIFICATION_FPIR, gallerySubjects: 3, probeFingers: 1, fingerThreshold: 40, fingerFloor: 40 });
    expect(body.candidates[0].fingerScore).toBeGreaterThanOrEqual(40);

    const audit = await t.services.audit.listBySubject(t.database.db, `person:${people[1].id}`);
    expect(audit.filter((a) => a.action === 'biometrics.identification').at(-1)?.details).toMatchObject({
      decision: 'identificado',
      operatingPoint: { targetFpir: IDENTIFICATION_FPIR, gallerySubjects: 3 },
    });
  }, SLOW);

  it('moves the threshold with the target FPIR: the same finger is refused just above its score and accepted just below', async () => {
    const settings = t.config.biometrics.identification;
    const original = settings.targetFpir;
    try {
      const score: number = (await identify(people[2].curp)).json().candidates[0].fingerScore;
      // The FPIR whose threshold over 3 people is `threshold`: 1 − (1 − 10^(−t/10))³.
      const fpirFor = (threshold: number) => -Math.expm1(3 * Math.log1p(-(10 ** (-threshold / 10))));
      settings.targetFpir = fpirFor(score + 2);
      const refused = (await identify(people[2].curp)).json();
      expect(refused.decision).toBe('no_identificado');
      expect(refused.candidates).toEqual([]);
      expect(refused.operatingPoint.fingerThreshold).toBeCloseTo(score + 2, 1);

      settings.targetFpir = fpirFor(score - 2);
      const accepted = (await identify(people[2].curp)).json();
      expect(accepted).toMatchObject({ decision: 'identificado', candidates: [{ personId: people[2].id }] });
      expect(accepted.operatingPoint.fingerThreshold).toBeCloseTo(score - 2, 1);
    } finally {
      settings.targetFpir = original;
    }
  }, SLOW);

  it('does not identify someone who is not enrolled: the kiosk then asks for the matrícula', async () => {
    for (const stranger of ['NO-INSCRITA-1', 'NO-INSCRITA-2', 'NO-INSCRITA-3']) {
      const body = (await identify(stranger)).json();
      expect(body).toMatchObject({ decision: 'no_identificado', candidates: [], operatingPoint: { gallerySubjects: 3 } });
    }
  }, SLOW);
});
