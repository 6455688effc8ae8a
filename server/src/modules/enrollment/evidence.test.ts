import { FINGERPRINT_EXTRACTOR_VERSION } from '@siap/biometrics/fingerprint';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { Person } from '../identity/service.ts';
import { reextractTemplates } from './reextract.ts';
import { createStation, facePhoto, loggedIn, registerPerson, type TestStation, giveConsent } from './testing.ts';

/**
 * Issue 20, items 3 and 4, over HTTP with the default settings: the enrollment policy (8 fingers
 * captured or documented absent, and the face), a face photo refused as a fingerprint, images
 * kept beside the templates and shown to the adjudicator with the paired minutiae, the list of
 * past decisions, and the resumable re-extraction of every template from its image.
 */
describe('enrollment policy, adjudication evidence and re-extraction', () => {
  let t: TestApp;
  let operator: HttpClient;
  let supervisor: HttpClient;
  let station: TestStation;
  let first: Person;
  let second: Person;
  let pendingId: string;
  const api = '/api/biometrics';
  const SLOW = 300_000;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await loggedIn(t, 901, 'admin');
    operator = await loggedIn(t, 902, 'operador');
    supervisor = await loggedIn(t, 903, 'supervisor');
    station = await createStation(admin, 'VENT-EVID');
    first = await registerPerson(t, 911);
    second = await registerPerson(t, 912);
  }, SLOW);
  afterAll(() => t?.close());

  async function session(curp: string, fingerReader: string): Promise<string> {
    await giveConsent(operator, curp, station.id);
    const opened = await operator.post(`${api}/sessions`, { curp, stationId: station.id });
    expect(opened.statusCode, opened.body).toBe(201);
    for (const readerId of [fingerReader, station.webcam]) expect((await operator.post(`${api}/sessions/${opened.json().id}/reader`, { readerId })).statusCode).toBe(200);
    return opened.json().id;
  }

  it('refuses a face photo uploaded as a fingerprint, and an enrollment below the policy, saying what is missing', async () => {
    const id = await session(first.curp, station.upload);
    const photo = await operator.post(`${api}/sessions/${id}/fingers/2`, { image: await facePhoto('A') });
    expect(photo.statusCode).toBe(422);
    expect(photo.json().error).toMatchObject({ code: 'IMAGE_NOT_FINGERPRINT', message: expect.stringContaining('no es una huella dactilar') });
    expect((await operator.get(`${api}/sessions/${id}`)).json().captures).toEqual([]);

    await operator.post(`${api}/sessions/${id}/reader`, { readerId: station.simulated });
    expect((await operator.post(`${api}/sessions/${id}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    const short = await operator.post(`${api}/sessions/${id}/complete`);
    expect(short.statusCode).toBe(422);
    expect(short.json().error).toMatchObject({
      code: 'ENROLLMENT_POLICY_UNMET',
      message: expect.stringContaining('Falta: 7 dedos y la fotografía del rostro'),
      details: { fingers: 1, minFingers: 8, face: false, faceRequired: true },
    });
    await operator.post(`${api}/sessions/${id}/cancel`);
  }, SLOW);

  it('enrolls with three fingers, five documented absences and the face; keeps WSQ and JPEG images that never expire', async () => {
    const enroll = async (person: Person, identity: string, faceMargin: number) => {
      const id = await session(person.curp, station.simulated);
      for (const position of [1, 2, 3]) expect((await operator.post(`${api}/sessions/${id}/fingers/${position}`, { simulate: { identity } })).statusCode).toBe(201);
      for (const position of [4, 5, 6, 7, 8]) expect((await operator.post(`${api}/sessions/${id}/fingers/${position}/unavailable`, { reason: 'vendaje' })).statusCode).toBe(201);
      const captured = await operator.post(`${api}/sessions/${id}/face`, { frame: await facePhoto('A', faceMargin) });
      expect(captured.statusCode, captured.body).toBe(201);
      const done = await operator.post(`${api}/sessions/${id}/complete`);
      expect(done.statusCode, done.body).toBe(201);
      return done.json();
    };
    expect((await enroll(first, first.curp, 0.3)).status).toBe('registrado');
    // Someone else presents the first person's fingers: a possible duplicate.
    const duplicate = await enroll(second, first.curp, 0.45);
    expect(duplicate.status).toBe('pendiente');
    expect(duplicate.candidates.map((c: { personId: string }) => c.personId)).toEqual([first.id]);
    pendingId = duplicate.enrollmentId;

    const rows = await t.database.db
      .selectFrom('enrollment_templates as t')
      .innerJoin('biometric_blobs as b', 'b.id', 't.image_blob_id')
      .select(['t.modality', 't.extractor_version', 'b.kind', 'b.expires_at'])
      .where('t.enrollment_id', '=', pendingId)
      .execute();
    expect(rows.map((r) => `${r.modality}:${r.kind}`).sort()).toEqual(['huella:fingerprint_image', 'huella:fingerprint_image', 'huella:fingerprint_image', 'rostro:face_image']);
    expect(rows.every((r) => r.expires_at === null)).toBe(true);
    expect(rows.filter((r) => r.modality === 'huella').every((r) => r.extractor_version === FINGERPRINT_EXTRACTOR_VERSION)).toBe(true);
  }, SLOW);

  it('shows the supervisor both faces and the matched prints with the paired minutiae, auditing both reads', async () => {
    const url = `${api}/enrollments/${pendingId}/evidence?candidate=${first.id}`;
    expect((await operator.get(url)).statusCode).toBe(403);
    const response = await supervisor.get(url);
    expect(response.statusCode, response.body).toBe(200);
    const evidence = response.json();
    expect(evidence.enrollee).toMatchObject({ personId: second.id, curp: second.curp, face: expect.stringMatching(/^data:image\/jpeg;base64,\/9j\//) });
    expect(evidence.candidate).toMatchObject({ personId: first.id, curp: first.curp, face: expect.stringMatching(/^data:image\/jpeg;base64,/) });
    expect(evidence.fingers.map((f: { position: number }) => f.position).sort()).toEqual([1, 2, 3]);
    for (const finger of evidence.fingers) {
      expect(finger.enrollee.image).toMatch(/^data:image\/png;base64,iVBOR/);
      expect(finger.candidate.image).toMatch(/^data:image\/png;base64,iVBOR/);
      expect(finger.score).toBeGreaterThanOrEqual(finger.threshold);
      expect(finger.pairs.length).toBeGreaterThanOrEqual(8);
      for (const [a, b] of finger.pairs) {
        expect(finger.enrollee.minutiae[a]).toBeDefined();
        expect(finger.candidate.minutiae[b]).toBeDefined();
      }
      const inside = (m: { x: number; y: number }, side: { width: number; height: number }) => m.x >= 0 && m.y >= 0 && m.x < side.width && m.y < side.height;
      expect(finger.enrollee.minutiae.every((m: { x: number; y: number }) => inside(m, finger.enrollee))).toBe(true);
    }
    const reads = await t.database.db
      .selectFrom('audit_log')
      .select(['subject', 'purpose'])
      .where('action', '=', 'biometrics.data.read')
      .where('purpose', 'like', '%comparación de imágenes%')
      .execute();
    expect(reads.map((r) => r.subject).sort()).toEqual([`person:${first.id}`, `person:${second.id}`].sort());

    const unknown = await supervisor.get(`${api}/enrollments/${pendingId}/evidence?candidate=${second.id}`);
    expect(unknown.json().error.code).toBe('CANDIDATE_NOT_FOUND');
  }, SLOW);

  it('lists past decisions with who decided and why', async () => {
    const decided = await supervisor.post(`${api}/enrollments/${pendingId}/adjudication`, { decision: 'fraude', notes: 'Las huellas son de otra persona registrada.' });
    expect(decided.statusCode, decided.body).toBe(200);
    // Four eyes (issue 19 item 1): the decision takes effect when a second supervisor confirms it.
    const confirmer = await loggedIn(t, 904, 'supervisor');
    const confirmed = await confirmer.post(`${api}/enrollments/${pendingId}/adjudication`, { decision: 'fraude', notes: 'Confirmo.' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const list = await supervisor.get(`${api}/adjudications/decided`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        enrollmentId: pendingId,
        curp: second.curp,
        decision: 'fraude',
        notes: 'Las huellas son de otra persona registrada.',
        supervisor: { name: expect.stringMatching(/\S+ \S+/), matricula: String(10_000_000 + 903) },
      }),
    ]);
    expect((await operator.get(`${api}/adjudications/decided`)).statusCode).toBe(403);
  }, SLOW);

  it('re-extracts every older template from its image, batch by batch, resuming after a stop; 1:1 still matches', async () => {
    const { db } = t.database;
    await sql`update enrollment_templates set extractor_version = 'anterior' where modality = 'huella'`.execute(db);
    const deps = { db, audit: t.services.audit, store: t.services.biometricStore };
    const stopped = await reextractTemplates(deps, { modalities: ['huella'], batchSize: 2, maxBatches: 1 });
    expect(stopped).toMatchObject({ redone: { huella: 2, rostro: 0 }, failed: [], finished: false });
    const resumed = await reextractTemplates(deps, { modalities: ['huella'], batchSize: 2 });
    expect(resumed).toMatchObject({ redone: { huella: 4 }, failed: [], finished: true });
    expect((await reextractTemplates(deps, { modalities: ['huella'] })).redone.huella).toBe(0);
    const versions = await db.selectFrom('enrollment_templates').select(['extractor_version', 'reextracted_at']).where('modality', '=', 'huella').execute();
    expect(versions).toHaveLength(6);
    expect(versions.every((v) => v.extractor_version === FINGERPRINT_EXTRACTOR_VERSION && v.reextracted_at !== null)).toBe(true);
    const audited = await db.selectFrom('audit_log').select('details').where('action', '=', 'biometrics.templates.reextracted').execute();
    expect(audited.length).toBeGreaterThanOrEqual(3);

    const verified = await operator.post(`${api}/verify`, { curp: first.curp, purpose: 'asistencia', fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: {} }] });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().decision).toBe('coincide');
  }, SLOW);
});
