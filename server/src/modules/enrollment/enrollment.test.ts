import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { Person } from '../identity/service.ts';
import { createStation, facePhoto, fingerPng, loggedIn, registerPerson, ONE_FINGER_POLICY, type TestStation, giveConsent } from './testing.ts';

/**
 * The whole enrollment story over HTTP, on synthetic prints from the simulated reader and the
 * upload driver and a face photo from an npm package: registrado → duplicate → pendiente →
 * adjudication, 1:1 and 1:N, and bad inputs that leave nothing behind.
 */
describe('biometric enrollment, deduplication and verification over HTTP', () => {
  let t: TestApp;
  let operator: HttpClient;
  let supervisor: HttpClient;
  /** Adjudications take two different supervisors (four eyes). */
  let secondSupervisor: HttpClient;
  let station: TestStation;
  let ana: Person;
  let beto: Person;
  let caro: Person;
  let anaEnrollment: { status: string; enrollmentId: string };
  const api = '/api/biometrics';
  const SLOW = 300_000;

  beforeAll(async () => {
    // A short reader timeout so the READER_TIMEOUT case does not wait 30 s.
    // Raw images kept (encrypted, 30 days) to exercise retention.
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, readerTimeoutMs: 500, keepImages: true, imageRetentionDays: 30, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 601, 'admin');
    operator = await loggedIn(t, 602, 'operador');
    supervisor = await loggedIn(t, 603, 'supervisor');
    secondSupervisor = await loggedIn(t, 604, 'supervisor');
    station = await createStation(admin, 'VENT-01');
    ana = await registerPerson(t, 611);
    beto = await registerPerson(t, 612);
    caro = await registerPerson(t, 613);
  }, SLOW);
  afterAll(() => t?.close());

  async function openSession(curp: string): Promise<string> {
    await giveConsent(operator, curp, station.id);
    const response = await operator.post(`${api}/sessions`, { curp, stationId: station.id });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  async function countRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of ['captures', 'biometric_blobs', 'enrollments', 'enrollment_templates', 'biometric_subjects', 'audit_log']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db);
      counts[table] = Number(rows[0].n);
    }
    return counts;
  }

  it('enrolls two simulated fingers, an amputated one and a packaged face photo → registrado', async () => {
    const sessionId = await openSession(ana.curp);

    const unselected = await operator.post(`${api}/sessions/${sessionId}/fingers/2`, { simulate: {} });
    expect(unselected.statusCode).toBe(409);
    expect(unselected.json().error.code).toBe('READER_NOT_SELECTED');

    expect((await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated })).statusCode).toBe(200);
    expect((await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.webcam })).statusCode).toBe(200);

    for (const position of [2, 7]) {
      const capture = await operator.post(`${api}/sessions/${sessionId}/fingers/${position}`, { simulate: {} });
      expect(capture.statusCode, capture.body).toBe(201);
      expect(capture.json()).toMatchObject({ modality: 'huella', position, status: 'capturada', attempts: 1 });
      expect(capture.json().quality.score).toBeGreaterThanOrEqual(40);
    }
    // A retake replaces the capture and counts the attempt.
    const retake = await operator.post(`${api}/sessions/${sessionId}/fingers/7`, { simulate: {} });
    expect(retake.json()).toMatchObject({ position: 7, attempts: 2 });

    const amputated = await operator.post(`${api}/sessions/${sessionId}/fingers/10/unavailable`, { reason: 'amputacion' });
    expect(amputated.statusCode).toBe(201);
    expect(amputated.json()).toMatchObject({ position: 10, status: 'no_disponible', reason: 'amputacion' });

    const face = await operator.post(`${api}/sessions/${sessionId}/face`, { frame: await facePhoto('A') });
    expect(face.statusCode, face.body).toBe(201);
    expect(face.json()).toMatchObject({ modality: 'rostro', position: 0, status: 'capturada' });

    const session = (await operator.get(`${api}/sessions/${sessionId}`)).json();
    expect(session.captures.map((c: { modality: string; position: number }) => `${c.modality}:${c.position}`).sort()).toEqual([
      'huella:10',
      'huella:2',
      'huella:7',
      'rostro:0',
    ]);

    const done = await operator.post(`${api}/sessions/${sessionId}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    anaEnrollment = done.json();
    expect(done.json()).toMatchObject({ personId: ana.id, version: 1, status: 'registrado', candidates: [] });

    const status = (await operator.get(`${api}/people/${ana.curp}/status?purpose=${encodeURIComponent('revisión del expediente biométrico')}`)).json();
    expect(status).toMatchObject({ status: 'registrado', mergedIntoPersonId: null });
    expect(status.enrollments).toEqual([
      expect.objectContaining({ version: 1, current: true, fingers: [2, 7], face: true, unavailableFingers: [{ position: 10, reason: 'amputacion' }] }),
    ]);
    const actions = (await t.services.audit.listBySubject(t.database.db, `person:${ana.id}`)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['biometrics.session.opened', 'biometrics.capture.taken', 'biometrics.capture.retaken', 'biometrics.enrollment.completed', 'biometrics.status.read']));
  }, SLOW);

  it('finds the same fingers enrolled under another CURP: pendiente with the first person as candidate', async () => {
    const sessionId = await openSession(beto.curp);
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.upload });
    // The same physical fingers as Ana's, now uploaded as PNG files (new impressions).
    for (const position of [2, 7]) {
      const capture = await operator.post(`${api}/sessions/${sessionId}/fingers/${position}`, { image: await fingerPng(ana.curp, position, 5) });
      expect(capture.statusCode, capture.body).toBe(201);
    }
    const done = await operator.post(`${api}/sessions/${sessionId}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    const result = done.json();
    expect(result.status).toBe('pendiente');
    expect(result.candidates).toEqual([expect.objectContaining({ personId: ana.id, curp: ana.curp, status: 'registrado' })]);
    expect(result.candidates[0].score).toBeGreaterThanOrEqual(1);
    expect(result.candidates[0].fingerScore).toBeGreaterThanOrEqual(40);

    // While pending, the person cannot start another enrollment.
    await giveConsent(operator, beto.curp, station.id);
    const again = await operator.post(`${api}/sessions`, { curp: beto.curp, stationId: station.id });
    expect(again.json().error.code).toBe('ENROLLMENT_PENDING_ADJUDICATION');
  }, SLOW);

  it('lets only a supervisor adjudicate: fraud → rechazado; same person → merged and verifiable', async () => {
    const pending = await supervisor.get(`${api}/adjudications`);
    expect(pending.statusCode).toBe(200);
    expect(pending.json()).toEqual([expect.objectContaining({ personId: beto.id, curp: beto.curp, candidates: [expect.objectContaining({ personId: ana.id })] })]);
    const enrollmentId = pending.json()[0].enrollmentId;

    const byOperator = await operator.post(`${api}/enrollments/${enrollmentId}/adjudication`, { decision: 'fraude' });
    expect(byOperator.statusCode).toBe(403);

    const first = await supervisor.post(`${api}/enrollments/${enrollmentId}/adjudication`, { decision: 'fraude', notes: 'Huellas de otra persona' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ personId: beto.id, status: 'pendiente', review: { stage: 'primera_decision' } });
    const fraud = await secondSupervisor.post(`${api}/enrollments/${enrollmentId}/adjudication`, { decision: 'fraude' });
    expect(fraud.statusCode, fraud.body).toBe(200);
    expect(fraud.json()).toMatchObject({ personId: beto.id, status: 'rechazado', review: { stage: 'confirmada' } });
    const twice = await supervisor.post(`${api}/enrollments/${enrollmentId}/adjudication`, { decision: 'personas_distintas' });
    expect(twice.json().error.code).toBe('ADJUDICATION_NOT_PENDING');

    // A third CURP with Ana's fingers hits both earlier records (the rejected one stays searchable).
    const sessionId = await openSession(caro.curp);
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated });
    await operator.post(`${api}/sessions/${sessionId}/fingers/2`, { simulate: { identity: ana.curp } });
    await operator.post(`${api}/sessions/${sessionId}/fingers/7`, { simulate: { identity: ana.curp } });
    const done = (await operator.post(`${api}/sessions/${sessionId}/complete`)).json();
    expect(done.status).toBe('pendiente');
    expect(done.candidates.map((c: { personId: string }) => c.personId).sort()).toEqual([ana.id, beto.id].sort());
    expect(done.candidates.find((c: { personId: string }) => c.personId === beto.id).status).toBe('rechazado');

    await supervisor.post(`${api}/enrollments/${done.enrollmentId}/adjudication`, { decision: 'misma_persona', samePersonId: ana.id });
    const same = await secondSupervisor.post(`${api}/enrollments/${done.enrollmentId}/adjudication`, { decision: 'misma_persona', samePersonId: ana.id });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().status).toBe('registrado');
    const status = (await operator.get(`${api}/people/${caro.curp}/status?purpose=${encodeURIComponent('revisión del expediente biométrico')}`)).json();
    expect(status).toMatchObject({ status: 'registrado', mergedIntoPersonId: ana.id });
    expect(status.enrollments[0].adjudication).toMatchObject({ decision: 'misma_persona', samePersonId: ana.id });

    // The merged CURP verifies against the surviving record.
    const verified = await operator.post(`${api}/verify`, { curp: caro.curp, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: { identity: ana.curp } }] });
    expect(verified.json().decision).toBe('coincide');
  }, SLOW);

  it('verifies 1:1: the genuine person is accepted, an impostor rejected, with score and threshold', async () => {
    const verify = (body: Record<string, unknown>) => operator.post(`${api}/verify`, { curp: ana.curp, fingerReaderId: station.simulated, ...body });

    const genuine = await verify({ purpose: 'asistencia', fingers: [{ position: 2, simulate: {} }, { position: 7, simulate: {} }] });
    expect(genuine.statusCode, genuine.body).toBe(200);
    expect(genuine.json()).toMatchObject({ personId: ana.id, purpose: 'asistencia', decision: 'coincide', threshold: 1, face: null });
    expect(genuine.json().finger.threshold).toBe(t.config.biometrics.thresholds.asistencia.finger);
    expect(genuine.json().finger.score).toBeGreaterThanOrEqual(genuine.json().finger.threshold);

    const impostor = await verify({ purpose: 'supervivencia', fingers: [{ position: 2, simulate: { identity: 'OTRA-PERSONA' } }, { position: 7, simulate: { identity: 'OTRA-PERSONA' } }] });
    expect(impostor.statusCode).toBe(200);
    expect(impostor.json().decision).toBe('no_coincide');
    expect(impostor.json().finger.score).toBeLessThan(impostor.json().finger.threshold);

    // Finger and face fused: a new photo of Ana with a genuine finger; a stranger's face with an impostor finger.
    // Position 0 = the station does not know which finger: compared with every enrolled finger.
    // (A face for firma / supervivencia also needs a liveness challenge: verification/liveness.test.ts.)
    const both = await verify({ purpose: 'asistencia', fingerReaderId: station.upload, faceReaderId: station.webcam, fingers: [{ position: 0, image: await fingerPng(ana.curp, 7, 9) }], face: { frame: await facePhoto('A', 0.45) } });
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json()).toMatchObject({ decision: 'coincide', face: { threshold: t.config.biometrics.thresholds.asistencia.face } });
    expect(both.json().finger.fingers).toEqual([expect.objectContaining({ position: 0, matchedPosition: 7 })]);
    expect(both.json().face.score).toBeGreaterThan(t.config.biometrics.thresholds.asistencia.face);
    const stranger = await verify({ purpose: 'asistencia', faceReaderId: station.webcam, fingers: [{ position: 7, simulate: { identity: 'OTRA-PERSONA' } }], face: { frame: await facePhoto('C') } });
    expect(stranger.json().decision).toBe('no_coincide');

    const audited = await t.services.audit.listBySubject(t.database.db, `person:${ana.id}`);
    const verifications = audited.filter((a) => a.action === 'biometrics.verification');
    expect(verifications.map((a) => [a.purpose, a.details.decision])).toEqual(
      expect.arrayContaining([['asistencia', 'coincide'], ['supervivencia', 'no_coincide'], ['asistencia', 'no_coincide']]),
    );
  }, SLOW);

  it('identifies 1:N among registered people only', async () => {
    const hit = await operator.post(`${api}/identify`, { purpose: 'kiosco', fingerReaderId: station.simulated, fingers: [{ position: 7, simulate: { identity: ana.curp } }] });
    expect(hit.statusCode, hit.body).toBe(200);
    expect(hit.json()).toMatchObject({ decision: 'identificado', candidates: [expect.objectContaining({ personId: ana.id })] });
    expect(hit.json().candidates).toHaveLength(1); // Beto is rejected, Caro is merged into Ana
    const miss = await operator.post(`${api}/identify`, { purpose: 'kiosco', fingerReaderId: station.simulated, fingers: [{ position: 7, simulate: { identity: 'NADIE' } }] });
    expect(miss.json()).toMatchObject({ decision: 'no_identificado', candidates: [] });
  }, SLOW);

  it('registers both records when the supervisor finds them to be distinct people', async () => {
    const dani = await registerPerson(t, 615);
    const sessionId = await openSession(dani.curp);
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated });
    await operator.post(`${api}/sessions/${sessionId}/fingers/2`, { simulate: { identity: ana.curp } });
    const done = (await operator.post(`${api}/sessions/${sessionId}/complete`)).json();
    expect(done.status).toBe('pendiente');
    expect(done.candidates.map((c: { personId: string }) => c.personId)).toContain(ana.id);
    await supervisor.post(`${api}/enrollments/${done.enrollmentId}/adjudication`, { decision: 'personas_distintas', notes: 'Gemelos; documentos verificados' });
    const distinct = await secondSupervisor.post(`${api}/enrollments/${done.enrollmentId}/adjudication`, { decision: 'personas_distintas' });
    expect(distinct.statusCode, distinct.body).toBe(200);
    expect(distinct.json()).toMatchObject({ personId: dani.id, status: 'registrado' });
    const status = (await supervisor.get(`${api}/people/${dani.curp}/status?purpose=${encodeURIComponent('revisión del expediente biométrico')}`)).json();
    expect(status).toMatchObject({ status: 'registrado', mergedIntoPersonId: null });
  }, SLOW);

  it('rejects bad inputs with clear codes and writes nothing', async () => {
    const person = await registerPerson(t, 614);
    const sessionId = await openSession(person.curp);
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.upload });
    const before = await countRows();

    const expectError = async (url: string, body: unknown, status: number, code: string) => {
      const response = await operator.post(url, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(response.json().error.message).toMatch(/[a-záéíóúñ]/);
      return response.json().error;
    };
    await expectError(`${api}/sessions/${sessionId}/fingers/11`, { simulate: {} }, 400, 'FINGER_POSITION_INVALID');
    await expectError(`${api}/sessions/${sessionId}/fingers/0`, { simulate: {} }, 400, 'FINGER_POSITION_INVALID');
    await expectError(`${api}/sessions/${sessionId}/fingers/pulgar`, { simulate: {} }, 400, 'FINGER_POSITION_INVALID');
    await expectError(`${api}/sessions/${sessionId}/fingers/1`, { image: Buffer.from('esto no es una imagen PNG').toString('base64') }, 422, 'IMAGE_CORRUPT');
    const png = Buffer.from(await fingerPng(person.curp, 1, 0), 'base64');
    await expectError(`${api}/sessions/${sessionId}/fingers/1`, { image: png.subarray(0, png.length / 2).toString('base64') }, 422, 'IMAGE_CORRUPT');
    await expectError(`${api}/sessions/${sessionId}/fingers/1`, { image: Buffer.from([0xff, 0xa0, 0xff, 0xa8, 0, 1, 2]).toString('base64') }, 422, 'IMAGE_CORRUPT');
    await expectError(`${api}/sessions/${sessionId}/fingers/1/unavailable`, { reason: 'perdido' }, 400, 'VALIDATION_ERROR');
    expect(await countRows()).toEqual(before);

    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated });
    const selected = await countRows();
    expect(selected).toEqual({ ...before, audit_log: before.audit_log + 1 }); // the selection itself is audited
    const low = await expectError(`${api}/sessions/${sessionId}/fingers/1`, { simulate: { condition: 'sin_dedo' } }, 422, 'BIOMETRIC_QUALITY_LOW');
    expect(low.details.problems.map((p: { code: string }) => p.code)).toContain('NO_FINGERPRINT');
    await expectError(`${api}/sessions/${sessionId}/fingers/1`, { simulate: { condition: 'sin_respuesta' } }, 504, 'READER_TIMEOUT');
    await expectError(`${api}/sessions/${sessionId}/reader`, { readerId: station.unplugged }, 409, 'READER_NOT_CONNECTED');
    await expectError(`${api}/sessions/${sessionId}/face`, { frame: 'AAAA' }, 409, 'READER_NOT_SELECTED');
    await expectError(`${api}/sessions/${sessionId}/complete`, undefined, 422, 'ENROLLMENT_INCOMPLETE');
    await expectError(`${api}/verify`, { curp: person.curp, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 1, simulate: {} }] }, 409, 'BIOMETRIC_NOT_ENROLLED');

    // Refusals write nothing at all: no capture, no encrypted blob, no enrollment, no audit entry.
    expect(await countRows()).toEqual(selected);
    const session = (await operator.get(`${api}/sessions/${sessionId}`)).json();
    expect(session).toMatchObject({ status: 'abierta', captures: [] });
  }, SLOW);

  it('stores templates encrypted: the ciphertext never contains the template', async () => {
    const { db } = t.database;
    const rows = await db.selectFrom('enrollment_templates').innerJoin('biometric_blobs', 'biometric_blobs.id', 'enrollment_templates.template_blob_id')
      .select(['biometric_blobs.id', 'ciphertext', 'wrapped_key', 'kek_id', 'enrollment_templates.enrollment_id', 'enrollment_templates.modality'])
      .where('enrollment_templates.enrollment_id', '=', anaEnrollment.enrollmentId)
      .execute();
    expect(rows).toHaveLength(3);
    const plain = await db.transaction().execute((trx) =>
      t.services.biometricStore.read(trx, rows.map((r) => r.id), { actor: 'system', subject: `person:${ana.id}`, purpose: 'prueba de cifrado en reposo' }),
    );
    for (const row of rows) {
      const template = plain.get(row.id)!;
      expect(template.length).toBeGreaterThan(40);
      expect(row.kek_id).toBe(t.config.biometrics.activeKekId);
      const stored = Buffer.from(row.ciphertext);
      expect(stored.includes(template)).toBe(false);
      expect(stored.includes(template.subarray(0, 16))).toBe(false);
      expect(stored.length).toBe(template.length + 28); // nonce + tag + same-length GCM body
    }
  });

  it('re-enrolls with a new version and keeps the history', async () => {
    const sessionId = await openSession(ana.curp);
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated });
    await operator.post(`${api}/sessions/${sessionId}/fingers/2`, { simulate: {} });
    await operator.post(`${api}/sessions/${sessionId}/fingers/3`, { simulate: {} });
    const done = await operator.post(`${api}/sessions/${sessionId}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    // Not duplicates: Ana's own earlier record; Beto's rejected record, already adjudicated against
    // Ana; Caro, merged into Ana and so out of the gallery.
    expect(done.json()).toMatchObject({ version: 2, status: 'registrado', candidates: [] });
    const status = (await operator.get(`${api}/people/${ana.curp}/status?purpose=${encodeURIComponent('revisión del expediente biométrico')}`)).json();
    expect(status.enrollments.map((e: { version: number; current: boolean; fingers: number[]; supersededAt: string | null }) => [e.version, e.current, e.fingers, e.supersededAt !== null])).toEqual([
      [2, true, [2, 3], false],
      [1, false, [2, 7], true],
    ]);
    // Verification now uses version 2: finger 7 is no longer enrolled.
    const old = await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 7, simulate: {} }] });
    expect(old.json().error.code).toBe('FINGER_NOT_ENROLLED');
    const current = await operator.post(`${api}/verify`, { curp: ana.curp, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 3, simulate: {} }] });
    expect(current.json().decision).toBe('coincide');
  }, SLOW);

  it('keeps enrolled images as long as their templates; images of captures never enrolled only for the retention period', async () => {
    const { db } = t.database;
    const enrolled = await db
      .selectFrom('enrollment_templates as et')
      .innerJoin('biometric_blobs as b', 'b.id', 'et.image_blob_id')
      .select(['b.id', 'b.kind', 'b.expires_at'])
      .execute();
    expect(enrolled.map((i) => i.kind)).toEqual(expect.arrayContaining(['fingerprint_image', 'face_image']));
    expect(enrolled.every((i) => i.expires_at === null)).toBe(true);

    // A capture of a session that is never completed keeps its image 30 days.
    const sessionId = await openSession((await registerPerson(t, 616)).curp);
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated });
    expect((await operator.post(`${api}/sessions/${sessionId}/fingers/3`, { simulate: {} })).statusCode).toBe(201);
    const loose = await db.selectFrom('biometric_blobs').select(['id', 'expires_at']).where('kind', 'in', ['fingerprint_image', 'face_image']).where('expires_at', 'is not', null).execute();
    expect(loose).toHaveLength(1);
    expect(loose[0].expires_at!.getTime() - t.clock().getTime()).toBeGreaterThan(29 * 86_400_000);
    const templatesBefore = await db.selectFrom('biometric_blobs').select('id').where('kind', 'in', ['fingerprint_template', 'face_template']).execute();

    t.clock.advance(31 * 86_400_000);
    expect(await t.services.biometricStore.purgeExpired(db)).toBe(1);
    const left = await db.selectFrom('biometric_blobs').select('id').where('kind', 'in', ['fingerprint_image', 'face_image']).execute();
    expect(left.map((r) => r.id).sort()).toEqual(enrolled.map((r) => r.id).sort());
    expect(await db.selectFrom('captures').select('id').where('session_id', '=', sessionId).where('image_blob_id', 'is not', null).execute()).toEqual([]);
    const templatesAfter = await db.selectFrom('biometric_blobs').select('id').where('kind', 'in', ['fingerprint_template', 'face_template']).execute();
    expect(templatesAfter).toHaveLength(templatesBefore.length);
  });
});
