import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { createStation, giveConsent, loggedIn, ONE_FINGER_POLICY, registerPerson, type TestStation } from '../enrollment/testing.ts';
import { registerPensioner } from '../pension/testing.ts';
import { addBusinessDays } from './business-days.ts';
import { DEFAULT_POLICY_PATH } from './notice.ts';

/**
 * Issue 17 over HTTP: consent before capture on each channel, withdrawal blocking verification and
 * identification at once, ARCO requests with the legal clock, the access download (every category,
 * no template bytes), "¿Quién consultó mis datos?", legal holds, and erasure by crypto-shredding.
 */
describe('privacy rights: consent, ARCO, accesses, erasure', () => {
  let t: TestApp;
  let operator: HttpClient;
  let officer: HttpClient;
  let station: TestStation;
  let employee: TestUser;
  let employeeClient: HttpClient;
  let noticeVersion: string;
  const api = '/api/biometrics';
  const SLOW = 300_000;
  const policyFile = path.join(mkdtempSync(path.join(tmpdir(), 'politica-')), 'politica.json');

  async function staffLogin(user: TestUser): Promise<HttpClient> {
    const client = t.client();
    const response = await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password });
    expect(response.statusCode, response.body).toBe(200);
    await client.csrf();
    return client;
  }

  async function enroll(curp: string): Promise<void> {
    await giveConsent(operator, curp, station.id);
    const session = await operator.post(`${api}/sessions`, { curp, stationId: station.id });
    expect(session.statusCode, session.body).toBe(201);
    const id = session.json().id;
    await operator.post(`${api}/sessions/${id}/reader`, { readerId: station.simulated });
    for (const position of [2, 7]) expect((await operator.post(`${api}/sessions/${id}/fingers/${position}`, { simulate: {} })).statusCode).toBe(201);
    const done = await operator.post(`${api}/sessions/${id}/complete`);
    expect(done.json().status, done.body).toBe('registrado');
  }

  const verify = (curp: string) => operator.post(`${api}/verify`, { curp, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: {} }] });
  const identify = (curp: string) =>
    operator.post(`${api}/identify`, { purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: { identity: curp, impression: 5 } }] });

  beforeAll(async () => {
    const policy = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
    writeFileSync(policyFile, JSON.stringify({ ...policy, bloqueoTrasCancelacionDias: 0 }));
    t = await createTestApp({ config: { ...testConfig(), privacyPolicyPath: policyFile, biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 1701, 'admin');
    operator = await loggedIn(t, 1702, 'operador');
    officer = await staffLogin(await createTestUser(t, { seed: 1703, role: 'privacidad' }));
    station = await createStation(admin, 'PRIV-1');
    employee = await createTestUser(t, { seed: 1704, role: 'empleado' });
    employeeClient = await staffLogin(employee);
    noticeVersion = (await t.client().get('/api/privacy/notice')).json().version;
  }, SLOW);
  afterAll(() => t?.close());

  it('serves the integral and the simplified notice, same version, and the retention periods', async () => {
    const integral = (await t.client().get('/api/privacy/notice')).json();
    const simple = (await t.client().get('/api/privacy/notice?kind=simplificado')).json();
    expect(simple.version).toBe(integral.version);
    expect(simple.text).toContain('ARCO');
    expect(integral.text).toContain('20 días hábiles');
    const retention = (await t.client().get('/api/privacy/retention')).json();
    expect(retention.categories.biometricos.dias).toBeGreaterThan(0);
  });

  it('operator station: no session and no capture without the attested consent', async () => {
    const ana = await registerPerson(t, 1711);
    const refused = await operator.post(`${api}/sessions`, { curp: ana.curp, stationId: station.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CONSENT_REQUIRED');

    await giveConsent(operator, ana.curp, station.id);
    const session = await operator.post(`${api}/sessions`, { curp: ana.curp, stationId: station.id });
    expect(session.statusCode).toBe(201);
    const id = session.json().id;
    await operator.post(`${api}/sessions/${id}/reader`, { readerId: station.simulated });
    // Revoked at the station in the middle of the session: the next capture is refused by the API.
    await operator.post('/api/privacy/consents', { curp: ana.curp, scope: 'datos_biometricos', granted: false, noticeVersion, stationId: station.id });
    const capture = await operator.post(`${api}/sessions/${id}/fingers/2`, { simulate: {} });
    expect(capture.statusCode).toBe(403);
    expect(capture.json().error.code).toBe('CONSENT_REQUIRED');
    const consents = await t.services.privacy.consentsOf(t.database.db, ana.id);
    expect(consents[0]).toMatchObject({ granted: true, channel: 'estacion', stationId: station.id, recordedBy: expect.stringMatching(/^account:/), noticeVersion });
  }, SLOW);

  it('phone self-registration: the face is refused before the consent', async () => {
    const { client } = await registerPensioner(t, 1712);
    const face = await client.post('/api/pension/me/face', { frame: Buffer.from('no es una foto').toString('base64') });
    expect(face.statusCode).toBe(403);
    expect(face.json().error.code).toBe('CONSENT_REQUIRED');
  }, SLOW);

  it('kiosk first use: a person enrolled before consents existed is refused until they accept the notice at the kiosk', async () => {
    await enroll(employee.person.curp);
    // Data from before the consent requirement: the enrollment exists, its consent record does not.
    await t.database.db.deleteFrom('consents').where('person_id', '=', employee.person.id).execute();
    const kioskVerify = () =>
      operator.post(`${api}/verify/matricula`, { matricula: employee.matricula, ooadCode: employee.ooadCode, stationId: station.id, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: { identity: employee.person.curp } }] });
    const refused = await kioskVerify();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CONSENT_REQUIRED');

    const consent = await operator.post('/api/privacy/kiosk-consents', { matricula: employee.matricula, ooadCode: employee.ooadCode, granted: true, noticeVersion, stationId: station.id });
    expect(consent.statusCode, consent.body).toBe(201);
    expect(consent.json()).toMatchObject({ channel: 'quiosco', granted: true, stationId: station.id });
    const accepted = await kioskVerify();
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().decision).toBe('coincide');
  }, SLOW);

  it('withdrawal from the portal: consequences first, then verification and identification refuse that person at once; a replay is refused', async () => {
    const curp = employee.person.curp;
    expect((await verify(curp)).json().decision).toBe('coincide');
    expect((await identify(curp)).json()).toMatchObject({ decision: 'identificado', candidates: [{ personId: employee.person.id }] });

    const state = (await employeeClient.get('/api/privacy/me/consent')).json();
    expect(state.current.granted).toBe(true);
    expect(state.consequences.join(' ')).toContain('de inmediato');

    const other = await registerPerson(t, 1713);
    const forOther = await employeeClient.post('/api/privacy/me/consent/withdraw', { acknowledged: true, noticeVersion, curp: other.curp });
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json().error.code).toBe('CONSENT_OTHER_PERSON');
    const grantForOther = await employeeClient.post('/api/privacy/me/consent', { granted: true, noticeVersion, curp: other.curp });
    expect(grantForOther.json().error.code).toBe('CONSENT_OTHER_PERSON');

    const unacknowledged = await employeeClient.post('/api/privacy/me/consent/withdraw', { acknowledged: false, noticeVersion });
    expect(unacknowledged.statusCode).toBe(400);
    expect(unacknowledged.json().error.code).toBe('WITHDRAWAL_NOT_ACKNOWLEDGED');

    const withdrawn = await employeeClient.post('/api/privacy/me/consent/withdraw', { acknowledged: true, noticeVersion });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect(withdrawn.json()).toMatchObject({ granted: false, channel: 'portal' });
    const replay = await employeeClient.post('/api/privacy/me/consent/withdraw', { acknowledged: true, noticeVersion });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('CONSENT_NOT_GRANTED');

    const verification = await verify(curp);
    expect(verification.statusCode).toBe(403);
    expect(verification.json().error.code).toBe('CONSENT_REQUIRED');
    const identification = (await identify(curp)).json();
    expect(identification.decision).toBe('no_identificado');
    expect(identification.candidates).toEqual([]);

    // Given again from the portal: served again.
    expect((await employeeClient.post('/api/privacy/me/consent', { granted: true, noticeVersion })).statusCode).toBe(201);
    expect((await verify(curp)).json().decision).toBe('coincide');
    expect((await identify(curp)).json()).toMatchObject({ decision: 'identificado', candidates: [{ personId: employee.person.id }] });
  }, SLOW);

  it('access download: every category, as JSON and PDF, and never template bytes', async () => {
    const response = await employeeClient.get('/api/privacy/me/export.json');
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json();
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['identity', 'biometrics', 'attendance', 'proofsOfLife', 'signatures', 'consents', 'accesses']));
    expect(data.identity.curp).toBe(employee.person.curp);
    expect(data.biometrics.enrollments[0]).toMatchObject({ outcome: 'registrado', fingers: [2, 7], face: false });
    expect(data.consents.map((c: { granted: boolean }) => c.granted)).toEqual([true, false, true]);
    expect(data.accesses.some((a: { who: { role: string } }) => a.who.role === 'operador')).toBe(true);

    // The stored templates, decrypted here by the test only: neither their bytes nor their encodings are in the download.
    const templates = await t.database.db.transaction().execute(async (trx) => {
      const stored = await t.services.enrollment.storedTemplates(trx, employee.person.id, { actor: 'system', purpose: 'prueba: la descarga no contiene plantillas' });
      return stored.templates!.fingers.map((f) => Buffer.from(f.template));
    });
    expect(templates.length).toBe(2);
    const body = response.body;
    for (const bytes of templates) {
      expect(body).not.toContain(bytes.toString('base64').slice(0, 24));
      expect(body).not.toContain(bytes.toString('hex').slice(0, 24));
    }
    expect(body).not.toMatch(/[A-Za-z0-9+/]{200,}/);

    const pdf = await employeeClient.get('/api/privacy/me/export.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  }, SLOW);

  it('"¿Quién consultó mis datos?": role, unit and purpose of each read, no names; an unrecognised access opens a case for the officer', async () => {
    const list = (await employeeClient.get('/api/privacy/me/accesses')).json();
    const byOperator = list.filter((a: { who: { role: string } }) => a.who.role === 'operador');
    expect(byOperator.length).toBeGreaterThan(0);
    expect(byOperator[0].who).toMatchObject({ kind: 'personal', unit: expect.stringContaining('35') });
    expect(JSON.stringify(list)).not.toContain('account:');
    const operatorPerson = await t.database.db.selectFrom('accounts').innerJoin('people', 'people.id', 'accounts.person_id').select(['people.given_names']).where('accounts.role', '=', 'operador').executeTakeFirstOrThrow();
    expect(JSON.stringify(list)).not.toContain(operatorPerson.given_names);

    const report = await employeeClient.post(`/api/privacy/me/accesses/${byOperator[0].seq}/report`, { description: 'No acudí a ninguna ventanilla ese día.' });
    expect(report.statusCode, report.body).toBe(201);
    expect(report.json()).toMatchObject({ kind: 'acceso_no_reconocido', status: 'recibida', details: { auditSeq: byOperator[0].seq } });
    const queue = (await officer.get('/api/privacy/requests')).json();
    expect(queue.requests.some((r: { folio: string }) => r.folio === report.json().folio)).toBe(true);
    expect((await employeeClient.get('/api/privacy/requests')).statusCode).toBe(403);
  }, SLOW);

  it('ARCO: evidence for a rectification, own data only, the legal clock in business days, a window request', async () => {
    const noEvidence = await employeeClient.post('/api/privacy/me/requests', { kind: 'rectificacion', description: 'Mi segundo apellido está mal escrito.' });
    expect(noEvidence.json().error.code).toBe('ARCO_EVIDENCE_REQUIRED');
    const other = await registerPerson(t, 1714);
    const forOther = await employeeClient.post('/api/privacy/me/requests', { kind: 'acceso', description: 'Quiero los datos de mi vecino.', curp: other.curp });
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json().error.code).toBe('ARCO_OTHER_PERSON');

    const filed = await employeeClient.post('/api/privacy/me/requests', { kind: 'rectificacion', description: 'Mi segundo apellido está mal escrito.', evidence: 'Acta de nacimiento folio 12345' });
    expect(filed.statusCode, filed.body).toBe(201);
    const request = filed.json();
    const nonWorking = new Set((await t.services.attendance.calendar(Number(request.receivedOn.slice(0, 4)))).map((d) => d.date));
    for (const d of await t.services.attendance.calendar(Number(request.receivedOn.slice(0, 4)) + 1)) nonWorking.add(d.date);
    expect(request.answerDueOn).toBe(addBusinessDays(request.receivedOn, 20, (d) => nonWorking.has(d)));
    expect(request.businessDaysLeft).toBe(20);

    const answered = await officer.post(`/api/privacy/requests/${request.id}/answer`, { decision: 'procedente', answer: 'Procede; se corrige con RENAPO.' });
    expect(answered.json()).toMatchObject({ status: 'procedente', businessDaysLeft: 15 });
    expect((await officer.post(`/api/privacy/requests/${request.id}/answer`, { decision: 'improcedente', answer: 'Otra vez' })).json().error.code).toBe('ARCO_ALREADY_ANSWERED');

    const unchecked = await operator.post('/api/privacy/requests', { curp: other.curp, kind: 'acceso', description: 'Solicita copia de sus datos.', identityChecked: false, stationId: station.id });
    expect(unchecked.json().error.code).toBe('ARCO_IDENTITY_NOT_CHECKED');
    const window = await operator.post('/api/privacy/requests', { curp: other.curp, kind: 'acceso', description: 'Solicita copia de sus datos.', identityChecked: true, stationId: station.id });
    expect(window.statusCode, window.body).toBe(201);
    expect(window.json()).toMatchObject({ channel: 'ventanilla', kind: 'acceso' });
  });

  it('reminders on the legal clock go through the job queue to the unidad de transparencia, once', async () => {
    const filed = (await employeeClient.post('/api/privacy/me/requests', { kind: 'oposicion', description: 'Me opongo al uso de mi huella para asistencia.' })).json();
    await t.services.jobs.start();
    const nonWorking = new Set((await t.services.attendance.calendar(Number(filed.answerDueOn.slice(0, 4)))).map((d) => d.date));
    const dayBefore = addBusinessDays(filed.receivedOn, 18, (d) => nonWorking.has(d));
    const office = JSON.parse(readFileSync(policyFile, 'utf8')).unidadDeTransparencia.correo;
    const reminders = async () => (await t.services.mail.listByRecipient(t.database.db, office)).filter((m) => m.subject.includes(filed.folio));
    expect((await t.services.privacyRights.sweep(dayBefore)).reminders).toBeGreaterThan(0);
    await until(async () => (await reminders()).length === 1);
    await t.services.privacyRights.sweep(dayBefore);
    await until(async () => (await t.services.jobs.pending('privacy.reminder')) === 0);
    expect((await reminders()).length).toBe(1);
  }, SLOW);

  it('cancellation: refused under a legal hold with its reason; after release the erasure job shreds the keys, the gallery no longer finds them, the chain verifies', async () => {
    const curp = employee.person.curp;
    const hold = await officer.post('/api/privacy/holds', { curp, reason: 'Firma impugnada, expediente 17/2026' });
    expect(hold.statusCode, hold.body).toBe(201);
    const filed = (await employeeClient.post('/api/privacy/me/requests', { kind: 'cancelacion', description: 'Cancelen mis datos biométricos.' })).json();
    await officer.post(`/api/privacy/requests/${filed.id}/answer`, { decision: 'procedente', answer: 'Procede la cancelación.' });
    const blocked = await officer.post(`/api/privacy/requests/${filed.id}/execute`, { note: 'Ejecutar' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({ code: 'LEGAL_HOLD_OPEN', message: expect.stringContaining('Firma impugnada') });

    const blobIds = await t.database.db
      .selectFrom('captures as c')
      .innerJoin('capture_sessions as s', 's.id', 'c.session_id')
      .select('c.template_blob_id')
      .where('s.person_id', '=', employee.person.id)
      .where('c.template_blob_id', 'is not', null)
      .execute();
    expect(blobIds.length).toBeGreaterThan(0);

    // The person's own enrolled prints, read before the erasure: the gallery finds them now.
    const probes = await t.database.db.transaction().execute(async (trx) => {
      const stored = await t.services.enrollment.storedTemplates(trx, employee.person.id, { actor: 'system', purpose: 'prueba de supresión' });
      return stored.templates!.fingers.map((f) => ({ finger: f.position as never, template: f.template }));
    });
    const before = await t.services.gallery.searchFingers(probes, { maxCandidates: 5 });
    expect(before.some((c) => c.subjectId === employee.person.id)).toBe(true);

    expect((await officer.post(`/api/privacy/holds/${hold.json().id}/release`, {})).statusCode).toBe(200);
    const executed = await officer.post(`/api/privacy/requests/${filed.id}/execute`, { note: 'Supresión programada' });
    expect(executed.statusCode, executed.body).toBe(200);
    // Blocked at once (bloqueo), before the job ran.
    expect((await verify(curp)).json().error.code).toBe('BIOMETRIC_DATA_CANCELLED');

    await t.services.jobs.start();
    await until(async () => (await t.database.db.selectFrom('privacy_erasures').select('status').where('person_id', '=', employee.person.id).executeTakeFirst())?.status === 'ejecutada');

    const read = t.database.db.transaction().execute((trx) =>
      t.services.biometricStore.read(trx, blobIds.map((b) => b.template_blob_id!), { actor: 'system', subject: `person:${employee.person.id}`, purpose: 'prueba de supresión' }),
    );
    await expect(read).rejects.toMatchObject({ code: 'BIOMETRIC_KEY_DESTROYED' });
    const rows = await t.database.db.selectFrom('biometric_blobs').select(['wrapped_key', 'shredded_at']).where('id', 'in', blobIds.map((b) => b.template_blob_id!)).execute();
    expect(rows.every((r) => r.shredded_at !== null && Buffer.from(r.wrapped_key).length === 0)).toBe(true);

    const after = await t.services.gallery.searchFingers(probes, { maxCandidates: 5 });
    expect(after.some((c) => c.subjectId === employee.person.id)).toBe(false);
    const identification = (await identify(curp)).json();
    expect(identification.candidates.map((c: { personId: string }) => c.personId)).not.toContain(employee.person.id);
    // Even after a restart the gallery is rebuilt without them: their biometric record is gone.
    expect((await t.services.enrollment.loadGallerySubjects()).some((s) => s.personId === employee.person.id)).toBe(false);

    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`);
    expect(audit.find((a) => a.action === 'privacy.erasure.executed')?.details).toMatchObject({ cause: 'cancelacion', records: expect.any(Number) });
    expect(await t.services.audit.verify(t.database.db)).toMatchObject({ ok: true });
  }, SLOW);

  it('retention: the daily sweep erases biometric data unused for the policy period; a recent use keeps them', async () => {
    const idle = await createTestUser(t, { seed: 1790, role: 'empleado' });
    const active = await createTestUser(t, { seed: 1791, role: 'empleado' });
    for (const person of [idle, active]) await enroll(person.person.curp);
    const days = JSON.parse(readFileSync(policyFile, 'utf8')).conservacion.biometricos.dias as number;
    const DAY = 86_400_000;

    // Ten days before the period ends, the active person verifies; the idle one never does.
    t.clock.advance((days - 10) * DAY);
    const use = await t.services.verification.verify(active.person.curp, { purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: {} }] }, 'system');
    expect(use.decision).toBe('coincide');
    expect((await t.services.privacyRights.sweep('2099-01-01')).expired).toBe(0);

    t.clock.advance(20 * DAY);
    const swept = await t.services.privacyRights.sweep('2099-01-01');
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    const erasureOf = (personId: string) => t.database.db.selectFrom('privacy_erasures').select(['cause', 'status']).where('person_id', '=', personId).executeTakeFirst();
    expect(await erasureOf(active.person.id)).toBeUndefined();
    expect(await erasureOf(idle.person.id)).toMatchObject({ cause: 'retencion' });
    // Once: a second sweep schedules nothing more for the same person.
    await t.services.privacyRights.sweep('2099-01-01');
    expect(await t.database.db.selectFrom('privacy_erasures').select('id').where('person_id', '=', idle.person.id).execute()).toHaveLength(1);

    await t.services.jobs.start();
    await until(async () => (await erasureOf(idle.person.id))?.status === 'ejecutada');
    expect(await t.services.enrollment.hasBiometricRecord(idle.person.id)).toBe(false);
    expect(await t.services.enrollment.hasBiometricRecord(active.person.id)).toBe(true);
    expect(await t.services.audit.verify(t.database.db)).toMatchObject({ ok: true });
  }, SLOW);

  it('business days skip weekends and the federal rest days', () => {
    const holidays = new Set(['2026-12-25']);
    expect(addBusinessDays('2026-12-24', 2, (d) => holidays.has(d))).toBe('2026-12-29');
    expect(addBusinessDays('2026-12-04', 1, () => false)).toBe('2026-12-07');
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
