import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIVE_PAD_SCORE, syntheticRecording } from '@siap/biometrics/face/testing';
import { generateDemoPki, loadSigningIdentity, PACKAGE_FILES, verifyEvidencePackage, type EvidencePackage, type PackageFile } from '@siap/evidence';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { ONE_FINGER_POLICY, createStation, facePhoto, giveConsent, type TestStation } from '../enrollment/testing.ts';
import { createEmployerFor } from '../employer/testing.ts';
import { civilToday } from '../employer/service.ts';
import { renderCertificate } from './certificate-pdf.ts';
import { IncapacityService, type Caller } from './service.ts';
import { loadSigningMaterial, type SigningMaterial } from './signing-keys.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const SLOW = 300_000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Issue 16 over HTTP on a real database: the médico issues, the subsidy comes from the employer's
 * movements, the asegurada signs at a station with her finger (the face path is exercised up to
 * its refusals: a still photo cannot perform the liveness challenge), the evidence package passes
 * the independent verifier and OpenSSL, and each bad input of the issue is refused with its reason.
 */
describe('incapacidades and their biometric signature', () => {
  let t: TestApp;
  let keysDir: string;
  let medico: HttpClient;
  let operador: HttpClient;
  let asegurada: HttpClient;
  let patron: HttpClient;
  let otherPatron: HttpClient;
  let station: TestStation;
  let ana: TestUser;
  let beto: TestUser;
  let medicoUser: TestUser;
  let patronUser: TestUser;

  const login = async (user: TestUser) => {
    const client = t.client();
    const r = user.matricula
      ? await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password })
      : await client.post('/api/auth/curp-login', { curp: user.person.curp, password: user.password });
    expect(r.statusCode, r.body).toBe(200);
    await client.csrf();
    return client;
  };
  const enroll = async (curp: string, face: boolean) => {
    const api = '/api/biometrics';
    await giveConsent(operador, curp, station.id);
    const session = await operador.post(`${api}/sessions`, { curp, stationId: station.id });
    expect(session.statusCode, session.body).toBe(201);
    const id = session.json().id;
    for (const readerId of [station.simulated, station.webcam]) await operador.post(`${api}/sessions/${id}/reader`, { readerId });
    expect((await operador.post(`${api}/sessions/${id}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    if (face) expect((await operador.post(`${api}/sessions/${id}/face`, { frame: await facePhoto('A') })).statusCode).toBe(201);
    expect((await operador.post(`${api}/sessions/${id}/complete`)).json().status).toBe('registrado');
  };
  const issueMaternity = async (curp = ana.person.curp) => {
    const r = await medico.post('/api/incapacidades', { curp, ramo: 'maternidad', tipo: 'inicial', startDate: civilToday(new Date()), days: 84, diagnosisCode: 'Z34.9', prenatalWeeksTransferred: 2 });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const fingerSign = (folio: string, documentSha256: string, identity?: string) =>
    medico.post(`/api/incapacidades/${folio}/firma/huella`, { stationId: station.id, fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: identity ? { identity } : {} }], documentSha256 });

  beforeAll(async () => {
    keysDir = mkdtempSync(join(tmpdir(), 'siap-signature-keys-'));
    const base = testConfig();
    t = await createTestApp({ config: { biometrics: { ...base.biometrics, enrollmentPolicy: ONE_FINGER_POLICY }, signature: { ...base.signature, keysDir, generateDemoKeys: true, tsaRetryMs: 0 } } });
    const admin = await createTestUser(t, { seed: 406, role: 'admin' });
    const adminClient = await login(admin);
    operador = await login(await createTestUser(t, { seed: 405, role: 'operador' }));
    medicoUser = await createTestUser(t, { seed: 404, role: 'medico' });
    medico = await login(medicoUser);
    station = await createStation(adminClient, 'CLINICA-UMF-20');
    ana = await createTestUser(t, { seed: 402, role: 'asegurado' });
    beto = await createTestUser(t, { seed: 401, role: 'asegurado' });
    asegurada = await login(ana);
    await enroll(ana.person.curp, true);
    await enroll(beto.person.curp, false);
    // Ana works for the patrón of seed 403 since 1 October 2025 (alta through the employer module).
    patronUser = await createTestUser(t, { seed: 403, role: 'patron' });
    const { registro } = await createEmployerFor(t, 403);
    patron = await login(patronUser);
    const alta = await patron.post(`/api/employer/registros/${registro}/movements`, { kind: 'alta', curp: ana.person.curp, date: '2025-10-01', dailySalary: '450.00', integrationFactor: '1.0493', workerType: 'permanente', salaryType: 'fijo', jornada: 'completa', umf: 'UMF 20' });
    expect(alta.statusCode, alta.body).toBe(201);
    otherPatron = await login(await createTestUser(t, { seed: 408, role: 'patron' }));
  }, SLOW);
  afterAll(async () => {
    await t?.close();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('issues a maternity certificate with the subsidy from the employer history; only a médico issues; bad input is refused', async () => {
    const inc = await issueMaternity();
    expect(inc.folio).toMatch(/^INC-\d{8}-[0-9A-F]{10}$/);
    expect(inc.maternity).toMatchObject({ prenatalDays: 28, postnatalDays: 56, weeksTransferred: 2 });
    expect(inc.subsidy).toMatchObject({ eligible: true, rate: 100, sbc: '472.19', dailyAmount: '472.19', paidDays: 84, historySource: 'patron' });
    expect(inc.subsidy.checks.map((c: { source: string }) => c.source)).toEqual(['LSS art. 102 fr. I', 'LSS art. 101']);
    expect(inc.employer.registro).toMatch(/^Y541234510/);
    expect(inc.signature).toBeNull();

    const pdf = await asegurada.get(`/api/incapacidades/${inc.folio}/documento.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(sha256(pdf.rawPayload)).toBe(inc.documentSha256);

    expect((await asegurada.post('/api/incapacidades', { curp: ana.person.curp, ramo: 'enfermedad_general', tipo: 'inicial', startDate: '2026-01-05', days: 3, diagnosisCode: 'J06.9' })).statusCode).toBe(403);
    const bad = [
      [{ ramo: 'maternidad', days: 90 }, 'MATERNITY_DAYS'],
      [{ ramo: 'maternidad', days: 84, prenatalWeeksTransferred: 5 }, 'MATERNITY_TRANSFER_INVALID'],
      [{ diagnosisCode: 'gripa' }, 'DIAGNOSIS_INVALID'],
      [{ startDate: '2026-02-30' }, 'DATE_INVALID'],
      [{ curp: beto.person.curp, ramo: 'maternidad', days: 84 }, 'MATERNITY_SEX'],
      [{ curp: undefined }, 'PATIENT_REQUIRED'],
    ] as const;
    for (const [patch, code] of bad) {
      const r = await medico.post('/api/incapacidades', { curp: ana.person.curp, ramo: 'enfermedad_general', tipo: 'inicial', startDate: '2026-01-05', days: 5, diagnosisCode: 'J06.9', ...patch });
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json().error.code).toBe(code);
    }
    // By NSS, as the clinic knows a patient; a worker without movements gets the demo history.
    const byNss = await medico.post('/api/incapacidades', { nss: beto.person.nss, ramo: 'riesgo_trabajo', tipo: 'inicial', startDate: '2026-01-05', days: 5, diagnosisCode: 'S62.3' });
    expect(byNss.statusCode, byNss.body).toBe(201);
    expect(byNss.json().subsidy).toMatchObject({ eligible: true, rate: 100, paidDays: 5, historySource: 'demostracion' });
  }, SLOW);

  it('shows the certificate to the asegurada and to her employer, not to another patrón or person', async () => {
    const inc = await issueMaternity();
    expect((await asegurada.get('/api/incapacidades/mias')).json().map((i: { folio: string }) => i.folio)).toContain(inc.folio);
    const forEmployer = (await patron.get('/api/incapacidades/patron')).json();
    expect(forEmployer.find((i: { folio: string }) => i.folio === inc.folio)).toMatchObject({ ramo: 'maternidad', subsidy: { total: '39663.96' } });
    expect((await otherPatron.get('/api/incapacidades/patron')).statusCode).toBe(404); // no employer linked
    const betoClient = await login(beto);
    expect((await betoClient.get(`/api/incapacidades/${inc.folio}`)).statusCode).toBe(403);
    expect((await betoClient.get(`/api/incapacidades/${inc.folio}/documento.pdf`)).statusCode).toBe(403);
  }, SLOW);

  it('refuses with its reason: a document changed since review, another person’s finger, a liveness failure and a replayed challenge', async () => {
    const inc = await issueMaternity();
    const changed = await fingerSign(inc.folio, 'a'.repeat(64));
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('DOCUMENT_CHANGED');

    const other = await fingerSign(inc.folio, inc.documentSha256, beto.person.curp);
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().error.code).toBe('BIOMETRIC_NOT_MATCHED');

    // The face from the portal: a still photo does not perform the challenge's steps.
    const challenge = await asegurada.post(`/api/incapacidades/${inc.folio}/firma/reto`);
    expect(challenge.statusCode, challenge.body).toBe(201);
    const photo = await facePhoto('A', 0.45);
    const body = { challengeId: challenge.json().id, frames: Array<string>(6).fill(photo), face: photo, documentSha256: inc.documentSha256 };
    const still = await asegurada.post(`/api/incapacidades/${inc.folio}/firma/rostro`, body);
    expect(still.statusCode, still.body).toBe(422);
    expect(['LIVENESS_CHALLENGE_FAILED', 'LIVENESS_PAD_FAILED']).toContain(still.json().error.code);
    const replay = await asegurada.post(`/api/incapacidades/${inc.folio}/firma/rostro`, body);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('LIVENESS_CHALLENGE_USED');
    // Someone else cannot ask for a challenge to sign Ana's certificate.
    expect((await (await login(beto)).post(`/api/incapacidades/${inc.folio}/firma/reto`)).statusCode).toBe(403);

    const attempts = (await asegurada.get(`/api/incapacidades/${inc.folio}/intentos`)).json().map((a: { reason: string }) => a.reason);
    expect(attempts).toEqual(['DOCUMENT_CHANGED', 'BIOMETRIC_NOT_MATCHED', still.json().error.code, 'LIVENESS_CHALLENGE_USED']);
    expect((await asegurada.get(`/api/incapacidades/${inc.folio}`)).json().signature).toBeNull();
  }, SLOW);

  it('signs with the finger at a station: a package the verifier and OpenSSL accept, a signed PDF, a public page; append-only', async () => {
    const inc = await issueMaternity();
    const signed = await fingerSign(inc.folio, inc.documentSha256);
    expect(signed.statusCode, signed.body).toBe(201);
    const { signatureFolio, timestampedAt } = signed.json();
    expect(signatureFolio).toMatch(/^FIR-/);
    expect((await fingerSign(inc.folio, inc.documentSha256)).json().error.code).toBe('ALREADY_SIGNED');

    const files = {} as EvidencePackage;
    for (const [key, name] of Object.entries(PACKAGE_FILES)) {
      const r = await asegurada.get(`/api/incapacidades/${inc.folio}/evidencia/${name}`);
      expect(r.statusCode, name).toBe(200);
      files[key as PackageFile] = new Uint8Array(r.rawPayload);
    }
    const report = await verifyEvidencePackage(files);
    expect(report.firstFailure).toBeNull();
    expect(report.timestampedAt?.toISOString()).toBe(timestampedAt);
    const evidence = JSON.parse(new TextDecoder().decode(files.evidence));
    expect(evidence.documentSha256).toBe(inc.documentSha256);
    expect(evidence.signer).toMatchObject({ curp: ana.person.curp, nss: ana.person.nss });
    expect(evidence.biometric).toMatchObject({ modality: 'huella', purpose: 'firma', decision: 'coincide', threshold: 40, fmr: { value: 0.0001 } });
    expect(evidence.biometric.score).toBeGreaterThanOrEqual(40);
    expect(evidence.biometric.templateVersion).toMatch(/^siap-fingerprint-extractor /);
    expect(evidence.device).toMatchObject({ channel: 'estacion', stationId: station.id, readerId: station.simulated });
    expect(evidence.liveness.mode).toBe('captura atendida');

    // A document changed after signing is caught by the verifier.
    const altered = files.document.slice();
    altered[Math.floor(altered.length / 2)] ^= 0x01;
    expect((await verifyEvidencePackage({ ...files, document: altered })).firstFailure?.id).toBe('document_hash');

    if (hasOpenssl) {
      const dir = mkdtempSync(join(tmpdir(), 'siap-signature-pkg-'));
      for (const [key, name] of Object.entries(PACKAGE_FILES)) writeFileSync(join(dir, name), files[key as PackageFile]);
      const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'evidence.p7s'), '-content', join(dir, 'evidence.json'), '-CAfile', join(dir, 'institution-ca.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
      expect(cms.status, cms.stderr).toBe(0);
      const ts = spawnSync('openssl', ['ts', '-verify', '-in', join(dir, 'evidence.tsr'), '-data', join(dir, 'evidence.p7s'), '-CAfile', join(dir, 'tsa-ca.pem')], { encoding: 'utf8' });
      expect(ts.stdout + ts.stderr).toContain('Verification: OK');
      rmSync(dir, { recursive: true, force: true });
    }

    const pdf = await patron.get(`/api/incapacidades/${inc.folio}/firmado.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdf.rawPayload.toString('latin1');
    expect(text).toContain('/ByteRange');
    expect(text).toContain('ETSI.CAdES.detached');
    expect(text).toContain('/Subtype /Image'); // the QR
    expect(pdf.rawPayload.length).toBeGreaterThan(files.document.length); // the canonical content plus the signature block

    const check = await t.client().get(`/api/firmas/${signatureFolio}`);
    expect(check.json()).toMatchObject({ valid: true, folio: inc.folio, documentSha256: inc.documentSha256, modality: 'huella' });
    const page = await t.client().get(`/firmas/${signatureFolio}`);
    expect(page.body).toContain('Firma válida');
    expect(page.body).not.toContain(ana.person.curp);
    expect((await t.client().get('/firmas/FIR-20260101-0000000000')).statusCode).toBe(404);

    expect((await patron.get('/api/incapacidades/patron')).json().find((i: { folio: string }) => i.folio === inc.folio).signature).toMatchObject({ folio: signatureFolio, modality: 'huella' });
    // Her access download (privacy module) lists the certificado and its signature.
    const held = await t.services.privacyRights.exportData(ana.person.id, 'system');
    expect(held.signatures.find((c) => c.folio === inc.folio)).toMatchObject({ documentSha256: inc.documentSha256, signature: { folio: signatureFolio, modality: 'huella' } });
    // Evidence is append-only: the database refuses to edit or delete it.
    await expect(t.database.db.updateTable('signatures').set({ signed_by: 'x' }).where('folio', '=', signatureFolio).execute()).rejects.toThrow(/append-only/);
    await expect(t.database.db.deleteFrom('incapacidades').where('folio', '=', inc.folio).execute()).rejects.toThrow(/append-only/);
  }, SLOW);

  it('answers every field the service returns: the response schemas drop none (signed and unsigned, with and without employer and maternity)', async () => {
    // fast-json-stringify drops what a response schema does not list: each reply must be the
    // service's own answer, field for field, or the web (which reads these types) loses data.
    const callerOf = async (client: HttpClient, user: TestUser): Promise<Caller> => ({ actor: `account:${(await client.get('/api/session')).json().accountId}`, personId: user.person.id, role: user.role });
    const asAna = await callerOf(asegurada, ana);
    const asMedico = await callerOf(medico, medicoUser);
    const service = t.services.incapacity;
    const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

    const issued = await medico.post('/api/incapacidades', { curp: ana.person.curp, ramo: 'maternidad', tipo: 'inicial', startDate: civilToday(new Date()), days: 84, diagnosisCode: 'Z34.9', prenatalWeeksTransferred: 1 });
    expect(issued.statusCode, issued.body).toBe(201);
    const inc = issued.json();
    expect(inc).toEqual(wire(await service.get(inc.folio, asAna)));
    // What the web's pages read, named: a field the schema lost would be undefined here.
    expect(inc.maternity).toEqual({ prenatalDays: 35, postnatalDays: 49, weeksTransferred: 1, probableBirthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(Object.keys(inc.subsidy).sort()).toEqual(['checks', 'dailyAmount', 'eligible', 'firstPaidDate', 'historySource', 'paidDays', 'rate', 'reason', 'requiredWeeks', 'sbc', 'total', 'weeksContributed']);
    expect(inc.subsidy.checks[0]).toEqual({ rule: expect.any(String), source: expect.any(String), met: true, detail: expect.any(String) });
    expect(inc.patient).toEqual({ curp: ana.person.curp, nss: ana.person.nss, name: expect.any(String) });
    expect(inc.employer).toEqual({ name: expect.any(String), registro: expect.stringMatching(/^Y541234510/) });

    const challenge = await asegurada.post(`/api/incapacidades/${inc.folio}/firma/reto`);
    expect(challenge.statusCode, challenge.body).toBe(201);
    expect(challenge.json()).toMatchObject({ id: expect.any(String), purpose: 'firma', steps: expect.arrayContaining([expect.any(String)]), expiresAt: expect.any(String) });

    expect((await fingerSign(inc.folio, 'b'.repeat(64))).statusCode).toBe(409);
    const attempts = await asegurada.get(`/api/incapacidades/${inc.folio}/intentos`);
    expect(attempts.json()).toEqual(wire(await service.attempts(inc.folio, asAna)));
    expect(attempts.json()).toEqual([{ modality: 'huella', reason: 'DOCUMENT_CHANGED', at: expect.any(String) }]);

    const signed = await fingerSign(inc.folio, inc.documentSha256);
    expect(signed.statusCode, signed.body).toBe(201);
    const { signatureFolio, timestampedAt } = signed.json();
    expect(signed.json()).toEqual({ folio: inc.folio, signatureFolio: expect.stringMatching(/^FIR-/), documentSha256: inc.documentSha256, timestampedAt: expect.any(String), verifyPath: `/firmas/${signatureFolio}` });

    const read = (await asegurada.get(`/api/incapacidades/${inc.folio}`)).json();
    expect(read).toEqual(wire(await service.get(inc.folio, asAna)));
    expect(read.signature).toEqual({ folio: signatureFolio, modality: 'huella', timestampedAt });
    expect((await asegurada.get('/api/incapacidades/mias')).json()).toEqual(wire(await service.listMine(asAna)));
    expect((await medico.get('/api/incapacidades/expedidas')).json()).toEqual(wire(await service.listIssued(asMedico)));
    expect((await patron.get('/api/incapacidades/patron')).json()).toEqual(wire(await service.listForEmployer(await callerOf(patron, patronUser))));

    const check = (await t.client().get(`/api/firmas/${signatureFolio}`)).json();
    expect(check).toEqual(wire(await service.publicCheck(signatureFolio)));
    expect(check).toMatchObject({ valid: true, firstFailure: null, timestampedAt, initials: expect.any(String), checks: expect.arrayContaining([{ id: 'document_hash', ok: true, detail: expect.any(String) }]) });
    const unknown = await t.client().get('/api/firmas/FIR-20260101-0000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('SIGNATURE_NOT_FOUND');

    // No employer, no maternity: the null branches.
    const plain = await medico.post('/api/incapacidades', { nss: beto.person.nss, ramo: 'enfermedad_general', tipo: 'subsecuente', startDate: '2026-01-05', days: 3, diagnosisCode: 'J06.9' });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json()).toEqual(wire(await service.get(plain.json().folio, asMedico)));
    expect(plain.json()).toMatchObject({ maternity: null, employer: null, signature: null, patient: { nss: beto.person.nss } });
  }, SLOW);

  it('signs with the face from the portal when the frames perform the challenge on a live head: the evidence keeps the liveness result', async () => {
    const inc = await issueMaternity();
    const still = await facePhoto('A');
    // As in the pension module's passing proof of life: a recording of a real head turning,
    // blinking and smiling cannot be made from the photos a test ships, so what the camera would
    // show is synthetic (a live head with this person's real embedding, measured on the photo) and
    // the probe's passive PAD reads live; the probe template, the 1:1 match, the challenge
    // evaluation, the evidence, the CMS and the timestamp are the real ones.
    const faces = t.services.faces;
    const seen = await faces.observe(Buffer.from(still, 'base64'));
    expect(seen.found).toBe(true);
    const issued = await asegurada.post(`/api/incapacidades/${inc.folio}/firma/reto`);
    expect(issued.statusCode, issued.body).toBe(201);
    const recording = syntheticRecording(seen.embedding!, issued.json().steps);
    let next = 0;
    const camera = vi.spyOn(faces, 'observe').mockImplementation(async () => recording[next++]!);
    const process = faces.process.bind(faces);
    const liveProbe = vi.spyOn(faces, 'process').mockImplementation(async (...args) => {
      const processed = await process(...args);
      return { ...processed, passive: { ...processed.passive, score: LIVE_PAD_SCORE, passed: true } };
    });
    try {
      const signed = await asegurada.post(`/api/incapacidades/${inc.folio}/firma/rostro`, { challengeId: issued.json().id, frames: recording.map(() => still), face: still, documentSha256: inc.documentSha256 });
      expect(signed.statusCode, signed.body).toBe(201);
      expect(next).toBe(recording.length);
      const evidence = JSON.parse((await asegurada.get(`/api/incapacidades/${inc.folio}/evidencia/evidence.json`)).body);
      expect(evidence.biometric).toMatchObject({ modality: 'rostro', purpose: 'firma', decision: 'coincide', fmr: { value: 0.001 } });
      expect(evidence.biometric.score).toBeGreaterThanOrEqual(evidence.biometric.threshold);
      expect(evidence.liveness).toMatchObject({ challengeId: issued.json().id, challenge: { decision: 'pass' }, passive: { passed: true }, passed: true });
      expect(evidence.device).toMatchObject({ channel: 'portal' });
      expect((await t.client().get(`/api/firmas/${signed.json().signatureFolio}`)).json()).toMatchObject({ valid: true, modality: 'rostro' });
    } finally {
      camera.mockRestore();
      liveProbe.mockRestore();
    }
  }, SLOW);

  describe('signing keys and time-stamp authority failures', () => {
    const caller = (): Caller => ({ actor: `account:medico`, personId: medicoUser.person.id, role: 'medico' });
    const serviceWith = (signing: () => Promise<SigningMaterial>, attempts = 3) =>
      new IncapacityService({ db: t.database.db, audit: t.services.audit, identity: t.services.identity, employer: t.services.employer, verification: t.services.verification, readers: t.services.readers, clock: t.clock, signing, tsa: { attempts, retryMs: 0 } });
    const signInput = (documentSha256: string) => ({ stationId: station.id, fingerReaderId: station.simulated, fingers: [{ position: 2, simulate: {} }], documentSha256, baseUrl: 'http://localhost' });

    it('waits and retries a TSA that is down, then fails clearly and keeps no package', async () => {
      const inc = await issueMaternity();
      const material = await loadSigningMaterial(t.config.signature);
      let calls = 0;
      const down = serviceWith(async () => ({ ...material, timeStamp: async () => { calls++; throw new Error('ECONNREFUSED'); } }));
      await expect(down.signWithFinger(inc.folio, caller(), signInput(inc.documentSha256))).rejects.toMatchObject({ code: 'TSA_UNAVAILABLE', httpStatus: 503 });
      expect(calls).toBe(3);
      expect((await asegurada.get(`/api/incapacidades/${inc.folio}`)).json().signature).toBeNull();
      expect((await asegurada.get(`/api/incapacidades/${inc.folio}/intentos`)).json().map((a: { reason: string }) => a.reason)).toEqual(['TSA_UNAVAILABLE']);
      // A TSA that answers on the second try: the signing waited and completed.
      let flaky = 0;
      const recovering = serviceWith(async () => ({ ...material, timeStamp: async (req) => (++flaky === 1 ? Promise.reject(new Error('timeout')) : material.timeStamp(req)) }));
      const ok = await recovering.signWithFinger(inc.folio, caller(), signInput(inc.documentSha256));
      expect(ok.signatureFolio).toMatch(/^FIR-/);
      expect(flaky).toBe(2);
    }, SLOW);

    it('refuses to sign with an expired institution certificate', async () => {
      const inc = await issueMaternity();
      const old = await generateDemoPki({ now: new Date(Date.now() - 3 * 365 * 86_400_000), validYears: 1 });
      const material = await loadSigningMaterial(t.config.signature);
      const expired = serviceWith(async () => {
        const signer = await loadSigningIdentity(old.institutionSigning);
        return { ...material, signer, institutionCaPem: old.institutionCaPem, notBefore: signer.certificate.notBefore.value, notAfter: signer.certificate.notAfter.value };
      });
      await expect(expired.signWithFinger(inc.folio, caller(), signInput(inc.documentSha256))).rejects.toMatchObject({ code: 'SIGNING_CERTIFICATE_EXPIRED' });
      expect((await asegurada.get(`/api/incapacidades/${inc.folio}`)).json().signature).toBeNull();
    }, SLOW);
  });

  it('renders the canonical document reproducibly: same data, same bytes, same SHA-256', async () => {
    const inc = (await asegurada.get('/api/incapacidades/mias')).json()[0];
    const row = await t.database.db.selectFrom('incapacidades').selectAll().where('folio', '=', inc.folio).executeTakeFirstOrThrow();
    const details = row.details as { maternity: never; physician: string; patient: { name: string; curp: string; nss: string | null }; employer: null };
    const again = await renderCertificate({ folio: row.folio, issuedAt: row.issued_at, patient: details.patient, physician: details.physician, terms: { ramo: row.ramo, tipo: row.tipo, startDate: row.start_date, days: row.days, endDate: row.end_date, diagnosisCode: row.diagnosis_code, maternity: details.maternity }, subsidy: row.subsidy as never, employer: details.employer });
    expect(sha256(again)).toBe(row.document_sha256);
  });
});
