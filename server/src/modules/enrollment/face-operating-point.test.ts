import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Calibration, DEFAULT_MODEL, faceOperatingPoint, tailFmr } from '@siap/biometrics/face';
import { mulberry32 } from '@siap/biometrics/synth';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { Person } from '../identity/service.ts';
import { faceTemplateBytes, type ProcessedFace } from '../readers/face.ts';
import { FACE_FIRST_POLICY } from './service.ts';
import { createStation, facePhoto, giveConsent, loggedIn, registerPerson, type TestStation } from './testing.ts';

/**
 * Face-only people (issue 12's pensioners) are deduplicated and identified 1:N by the face alone;
 * issue 18 asks that the face threshold follow the target FPIR and the face gallery's size, as the
 * fingerprint one does, and that the answer say at what point it decided. The face engine is
 * replaced by templates made here (a chosen cosine to an enrolled face), so the test is about the
 * decision, not about photos: the capture still goes through the reader, the store and the gallery.
 */
describe('face 1:N at the FPIR-derived operating point over HTTP', () => {
  let t: TestApp;
  let operator: HttpClient;
  let station: TestStation;
  let photo: string;
  const api = '/api/biometrics';
  const SLOW = 300_000;
  const calibration = Calibration[DEFAULT_MODEL];
  const tail = calibration.impostorTail!;
  const floor = calibration.threshold;
  const enrolled: Array<{ person: Person; embedding: Float32Array }> = [];
  let next: Float32Array;
  let seed = 9400;

  /** A unit vector at cosine `cos` from `of`, in a seeded random direction (any vector when `of` is null). */
  const rnd = mulberry32(18);
  const gaussianUnit = () => normalise(Float32Array.from({ length: 128 }, () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())));
  const atCosine = (of: Float32Array, cos: number) => {
    const r = gaussianUnit();
    const along = dot(r, of);
    const w = normalise(r.map((x, i) => x - along * of[i]));
    return Float32Array.from(of, (x, i) => cos * x + Math.sqrt(1 - cos * cos) * w[i]);
  };

  /** A face-only enrollment of a new person whose face is `embedding`; the /complete answer. */
  const enroll = async (embedding: Float32Array) => {
    const person = await registerPerson(t, seed++);
    await giveConsent(operator, person.curp, station.id);
    const session = (await operator.post(`${api}/sessions`, { curp: person.curp, stationId: station.id })).json();
    await operator.post(`${api}/sessions/${session.id}/reader`, { readerId: station.webcam });
    next = embedding;
    const face = await operator.post(`${api}/sessions/${session.id}/face`, { frame: photo });
    expect(face.statusCode, face.body).toBe(201);
    const done = await operator.post(`${api}/sessions/${session.id}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    return { person, body: done.json() };
  };

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: FACE_FIRST_POLICY } } });
    const admin = await loggedIn(t, 931, 'admin');
    operator = await loggedIn(t, 932, 'operador');
    station = await createStation(admin, 'ROSTRO-1N');
    photo = await facePhoto('A');
    const image = Buffer.from(photo, 'base64');
    vi.spyOn(t.services.faces, 'process').mockImplementation(async (): Promise<ProcessedFace> => {
      const template = { model: DEFAULT_MODEL, embedding: Float32Array.from(next) };
      return {
        template,
        bytes: faceTemplateBytes(template),
        quality: { score: 90, problems: [], liveness: true },
        passive: { antispoof: null, liveness: null, passed: true, score: 3, threshold: 0 },
        image,
      };
    });
    for (let i = 0; i < 3; i++) {
      const embedding = gaussianUnit();
      const { person, body } = await enroll(embedding);
      expect(body).toMatchObject({ status: 'registrado', candidates: [], operatingPoint: { probeFingers: 0, probeFace: true, faceGallerySubjects: i } });
      enrolled.push({ person, embedding });
    }
  }, SLOW);
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it('deduplication: a face at cosine 0.95 (above the 1:1 threshold) is no duplicate when the target FPIR over the gallery asks for more', async () => {
    const settings = t.config.biometrics.dedup;
    const original = settings.targetFpir;
    try {
      // The target whose threshold over these 3 faces is 0.96: 1 − (1 − FMR(0.96))³.
      settings.targetFpir = -Math.expm1(3 * Math.log1p(-tailFmr(tail, 0.96)));
      const { body } = await enroll(atCosine(enrolled[0].embedding, 0.95));
      const expected = faceOperatingPoint(settings.targetFpir, 3, tail, floor);
      expect(expected.threshold).toBeGreaterThan(0.955);
      expect(body).toMatchObject({
        status: 'registrado',
        candidates: [],
        operatingPoint: { purpose: 'deduplicacion', probeFingers: 0, probeFace: true, faceGallerySubjects: 3, faceThreshold: expected.threshold, faceFloor: floor },
      });
      expect(body.operatingPoint.faceFpir).toBeLessThanOrEqual(settings.targetFpir);
      expect(body.operatingPoint.faceFmr).toBeCloseTo(expected.fmr, 12);
    } finally {
      settings.targetFpir = original;
    }
  }, SLOW);

  it('deduplication: at the default target over a small gallery the threshold is the 1:1 floor, and the same cosine is a duplicate to adjudicate', async () => {
    const { body } = await enroll(atCosine(enrolled[1].embedding, 0.95));
    expect(body).toMatchObject({
      status: 'pendiente',
      candidates: [{ personId: enrolled[1].person.id, fingerScore: null, faceScore: 0.95 }],
      operatingPoint: { purpose: 'deduplicacion', faceGallerySubjects: 4, faceThreshold: floor, faceFloor: floor },
    });
    // The supervisor's queue carries the same point (recorded with the candidates).
    const supervisor = await loggedIn(t, 933, 'supervisor');
    const pending = (await supervisor.get(`${api}/adjudications`)).json();
    expect(pending.find((p: { enrollmentId: string }) => p.enrollmentId === body.enrollmentId)?.operatingPoint).toMatchObject({ probeFace: true, faceGallerySubjects: 4, faceThreshold: floor });
  }, SLOW);

  it('identification by face: the threshold follows the target FPIR and the number of faces, and the answer says so', async () => {
    const settings = t.config.biometrics.identification;
    const original = settings.targetFpir;
    const identify = async (cos: number) => {
      next = atCosine(enrolled[2].embedding, cos);
      const response = await operator.post(`${api}/identify`, { purpose: 'asistencia', faceReaderId: station.webcam, face: { frame: photo } });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    try {
      // Every face in the gallery counts (pending ones too: deduplication searches them).
      const faces = (await t.services.gallery.size()).faces;
      settings.targetFpir = -Math.expm1(faces * Math.log1p(-tailFmr(tail, 0.965)));
      const expected = faceOperatingPoint(settings.targetFpir, faces, tail, floor);
      const refused = await identify(0.96);
      expect(refused).toMatchObject({ decision: 'no_identificado', candidates: [], operatingPoint: { purpose: 'identificacion', probeFace: true, faceGallerySubjects: faces, faceThreshold: expected.threshold } });
      const accepted = await identify(0.97);
      expect(accepted).toMatchObject({ decision: 'identificado', candidates: [{ personId: enrolled[2].person.id }], operatingPoint: { faceThreshold: expected.threshold } });
    } finally {
      settings.targetFpir = original;
    }
  }, SLOW);

  it('1:1 verification keeps the 1:1 threshold whatever the gallery size', async () => {
    next = atCosine(enrolled[2].embedding, 0.94);
    const response = await operator.post(`${api}/verify`, { purpose: 'asistencia', curp: enrolled[2].person.curp, faceReaderId: station.webcam, face: { frame: photo } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ decision: 'coincide', face: { threshold: t.config.biometrics.thresholds.asistencia.face } });
  }, SLOW);
});

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normalise(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  return v.map((x) => x / n);
}
