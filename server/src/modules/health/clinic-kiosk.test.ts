import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createStation, loggedIn, ONE_FINGER_POLICY, type TestStation } from '../enrollment/testing.ts';
import { insuredPerson } from '../insured/testing.ts';
import { addDays } from '../insured/restriction.ts';
import { mexicoDay } from '../pension/status.ts';

/**
 * Issue 15, item 4 (PGlite, or PostgreSQL with DATABASE_URL): at the clinic kiosk a registered
 * patient is identified by a finger (1:N within the clinic's population, or 1:1 after the NSS),
 * checked in for today's appointment with a turn; a finger nobody has is "not found" with the way
 * to be attended at the window; reception shows the patient's summary; every identification is
 * audited with its purpose.
 */
describe('clinic kiosk and reception', () => {
  let t: TestApp;
  let station: TestStation;
  let clinicId: string;
  let patient: Awaited<ReturnType<typeof insuredPerson>>;
  let kiosk: HttpClient;
  const finger = (identity: string) => ({ fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: { identity, impression: 5 } }] });

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 1891, 'admin');
    const operator = await loggedIn(t, 1892, 'operador');
    station = await createStation(admin, 'QUIOSCO-UMF');
    clinicId = (await t.services.health.createClinic({ code: 'UMF-35-099', name: 'UMF 99', ooadCode: '35', address: 'Calle 1' }, 'system')).id;
    expect((await admin.request({ method: 'PUT', url: `/api/care/stations/${station.id}/clinic`, payload: { clinicId } })).statusCode).toBe(204);
    const consultorio = await t.services.health.addConsultorio(clinicId, { number: '7', shift: 'matutino' }, 'system');
    const tomorrow = addDays(mexicoDay(t.clock()), 1);
    await t.services.health.openSlots(consultorio.id, { day: tomorrow, from: '08:00', to: '09:00', minutes: 20 }, 'system');
    patient = await insuredPerson(t, 1801, { ooadCode: '19', clinicId });
    const session = await operator.post('/api/biometrics/sessions', { curp: patient.curp, stationId: station.id });
    await operator.post(`/api/biometrics/sessions/${session.json().id}/reader`, { readerId: station.simulated });
    await operator.post(`/api/biometrics/sessions/${session.json().id}/fingers/2`, { simulate: {} });
    expect((await operator.post(`/api/biometrics/sessions/${session.json().id}/complete`)).json().status).toBe('registrado');
    const slot = (await t.services.health.freeSlots(patient.personId, tomorrow)).slots[0]!;
    await t.services.health.book(patient.personId, slot.id, 'system');
    // The appointment's day comes: the kiosk works on it.
    t.clock.advance(24 * 3_600_000);
    kiosk = await loggedIn(t, 1893, 'operador');
  }, 300_000);
  afterAll(() => t?.close());

  it('identifies by finger among the clinic’s patients, checks in with a turn, and reception shows the summary', async () => {
    const res = await kiosk.post('/api/care/kiosk/check-in', { stationId: station.id, ...finger(patient.curp) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ found: true, turn: 1, appointment: { consultorio: '7' }, message: expect.stringContaining('turno es el 1') });
    const again = await kiosk.post('/api/care/kiosk/check-in', { stationId: station.id, nss: patient.nss, ...finger(patient.curp) });
    expect(again.json()).toMatchObject({ found: true, turn: 1 });

    const reception = await kiosk.get(`/api/care/clinics/${clinicId}/reception`);
    expect(reception.statusCode, reception.body).toBe(200);
    expect(reception.json().summary).toMatchObject({ personId: patient.personId, nss: patient.nss, curp: patient.curp, restriction: 'al_corriente', appointment: { status: 'en_espera', turn: 1 } });
  }, 300_000);

  it('answers "not found" below the threshold and sends the person to the window, never a guess', async () => {
    const stranger = await kiosk.post('/api/care/kiosk/check-in', { stationId: station.id, ...finger('PERSONA-DESCONOCIDA') });
    expect(stranger.json()).toMatchObject({ found: false, turn: null, greeting: null, message: expect.stringContaining('ventanilla con su NSS') });
    // 1:1 with the patient's NSS but somebody else's finger: not found either.
    const wrong = await kiosk.post('/api/care/kiosk/check-in', { stationId: station.id, nss: patient.nss, ...finger('OTRA-PERSONA') });
    expect(wrong.json()).toMatchObject({ found: false });
    const audited = await t.database.db.selectFrom('audit_log').select(['purpose', 'details']).where('action', '=', 'health.kiosk.identification').execute();
    expect(audited).toHaveLength(4);
    for (const a of audited) expect(a.purpose).toContain('quiosco de clínica');
  }, 300_000);
});
