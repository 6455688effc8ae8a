/**
 * Test helpers for the biometric modules: people to enroll, stations with readers, face photos
 * shipped inside an npm package (@vladmandic/face-api's demo samples, as the face library's own
 * tests use), and synthetic prints encoded as PNG files for the upload driver.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { makeDemoPerson } from '@siap/mx-identity';
import { generateImpression, generateMasterPrint } from '@siap/biometrics/synth';
import sharp from 'sharp';
import type { Person } from '../identity/service.ts';
import { fingerSeed } from '../readers/drivers.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestUser, type TestApp } from '../../testing/test-app.ts';

/**
 * For test files about something other than the enrollment policy (deduplication, crash
 * consistency, verification, reports): one captured finger makes an enrollment, as before the
 * policy existed, so these files stay small and need no face engine. The default policy (8 fingers or documented absences and
 * the face) is what policy.test.ts and the browser tests run with.
 */
export const ONE_FINGER_POLICY = { minFingers: 1, requireFace: false };
export const ONE_FINGER_POLICY_ENV = { BIOMETRIC_ENROLL_MIN_FINGERS: '1', BIOMETRIC_ENROLL_REQUIRE_FACE: 'false' };

export async function registerPerson(t: TestApp, seed: number): Promise<Person> {
  const demo = makeDemoPerson(seed);
  await t.services.identity.loadRegistry([{ ...demo, birthState: demo.stateCode, status: 'vigente' }], 'system');
  const verified = await t.services.identity.verify(demo);
  return t.database.db.transaction().execute((trx) => t.services.identity.insertVerified(trx, verified, { actor: 'system', purpose: 'datos de prueba' }));
}

export async function loggedIn(t: TestApp, seed: number, role: 'operador' | 'supervisor' | 'admin'): Promise<HttpClient> {
  const user = await createTestUser(t, { seed, role });
  const client = t.client();
  const response = await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  await client.csrf();
  return client;
}

export interface TestStation {
  id: string;
  simulated: string;
  upload: string;
  webcam: string;
  unplugged: string;
}

export async function createStation(admin: HttpClient, code: string): Promise<TestStation> {
  const created = await admin.post('/api/biometrics/stations', { code, name: `Ventanilla ${code}`, ooadCode: '35' });
  if (created.statusCode !== 201) throw new Error(`station: ${created.body}`);
  const station = created.json();
  const add = async (name: string, driver: string, modality: string) => {
    const reader = await admin.post(`/api/biometrics/stations/${station.id}/readers`, { name, driver, modality });
    if (reader.statusCode !== 201) throw new Error(`reader: ${reader.body}`);
    return reader.json().id as string;
  };
  const stationReaders = {
    id: station.id as string,
    simulated: await add('Lector simulado', 'simulado', 'huella'),
    upload: await add('Archivo de huella', 'archivo', 'huella'),
    webcam: await add('Cámara web', 'camara_web', 'rostro'),
    unplugged: await add('Lector USB', 'simulado', 'huella'),
  };
  await admin.post(`/api/biometrics/readers/${stationReaders.unplugged}/status`, { connected: false });
  return stationReaders;
}

/** Impression `impression` of the simulated finger of (identity, position), as a PNG file in base64. */
export async function fingerPng(identity: string, position: number, impression: number): Promise<string> {
  const seed = fingerSeed(identity, position);
  const image = generateImpression(generateMasterPrint(seed), fingerSeed(`${seed}`, impression));
  const png = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } })
    .png()
    .withMetadata({ density: 500 })
    .toBuffer();
  return png.toString('base64');
}

const faceDemo = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api')), '..', 'demo');

/** Faces in the demo photos, [x, y, w, h], as the face library's fixtures box them. */
const FACES = {
  A: { file: 'sample5.jpg', box: [273, 849, 371, 371] },
  C: { file: 'sample2.jpg', box: [798, 188, 360, 360] },
} as const;

/** A portrait JPEG (base64) of one person of the demo photos; `margin` changes the framing. */
export async function facePhoto(who: keyof typeof FACES, margin = 0.3): Promise<string> {
  const { file, box } = FACES[who];
  const img = sharp(path.join(faceDemo, file));
  const { width = 0, height = 0 } = await img.metadata();
  const [x, y, w, h] = box;
  const left = Math.max(0, Math.round(x - w * margin));
  const top = Math.max(0, Math.round(y - h * margin));
  const right = Math.min(width, Math.round(x + w * (1 + margin)));
  const bottom = Math.min(height, Math.round(y + h * (1 + margin)));
  const jpeg = await img.extract({ left, top, width: right - left, height: bottom - top }).jpeg({ quality: 90 }).toBuffer();
  return jpeg.toString('base64');
}

/**
 * The person's express biometric consent, attested by the operator at the station — what the
 * station's page records before its first capture (the API refuses a capture without it).
 */
export async function giveConsent(operator: HttpClient, curp: string, stationId: string): Promise<void> {
  const notice = (await operator.get('/api/privacy/notice')).json();
  const response = await operator.post('/api/privacy/consents', { curp, scope: 'datos_biometricos', granted: true, noticeVersion: notice.version, stationId });
  if (response.statusCode !== 201) throw new Error(`consent: ${response.body}`);
}
