import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createStation, fingerPng, loggedIn, registerPerson, type TestStation, giveConsent } from '../enrollment/testing.ts';
import { FingerprintProcessor } from './fingerprint-pool.ts';

/**
 * Issue 19, item 4: fingerprint extraction runs on a worker pool with a bounded queue and a
 * deadline. With one worker and room for one waiting request, two large captures saturate it:
 * a third is refused at once with 503 + Retry-After, and /api/health still answers while both
 * large extractions are in progress (it never waits behind them).
 */
describe('biometric work off the main thread', () => {
  let t: TestApp;
  let operator: HttpClient;
  let station: TestStation;
  let sessionId: string;
  /** A 2,000 × 2,000 px print sheet at 500 dpi (the largest accepted): 25 synthetic prints, seconds of extraction. */
  let sheet: string;
  const api = '/api/biometrics';
  const SLOW = 300_000;

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, extractionWorkers: 1, workQueueMax: 1, workDeadlineMs: 240_000 } } });
    const admin = await loggedIn(t, 851, 'admin');
    operator = await loggedIn(t, 852, 'operador');
    station = await createStation(admin, 'CARGA-01');
    const person = await registerPerson(t, 853);
    await giveConsent(operator, person.curp, station.id);
    const session = await operator.post(`${api}/sessions`, { curp: person.curp, stationId: station.id });
    sessionId = session.json().id;
    await operator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.upload });
    const tiles = await Promise.all(Array.from({ length: 25 }, async (_, i) => sharp(Buffer.from(await fingerPng(person.curp, 1 + (i % 10), i), 'base64')).resize(400, 400, { fit: 'fill' }).png().toBuffer()));
    const composite = tiles.map((input, i) => ({ input, left: (i % 5) * 400, top: Math.floor(i / 5) * 400 }));
    sheet = (await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#ffffff' } }).composite(composite).grayscale().png().withMetadata({ density: 500 }).toBuffer()).toString('base64');
  }, SLOW);
  afterAll(() => t?.close());

  it('answers health while the pool is saturated, and refuses one more capture with 503 and Retry-After', async () => {
    const settled: Record<string, boolean> = { a: false, b: false };
    const capture = (position: number, key: string) =>
      operator.post(`${api}/sessions/${sessionId}/fingers/${position}`, { image: sheet }).finally(() => {
        settled[key] = true;
      });
    const a = capture(2, 'a');
    const b = capture(3, 'b');
    // Wait (by state, not by time) until one extraction runs and one waits.
    while (t.services.fingers.stats().running < 1 || t.services.fingers.stats().queued < 1) await new Promise((resolve) => setTimeout(resolve, 20));

    const refused = await operator.post(`${api}/sessions/${sessionId}/fingers/4`, { image: sheet });
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error.code).toBe('BIOMETRIC_BUSY');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const health = await t.client().get('/api/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', database: 'ok' });
    // Health answered while both large extractions were still in the pool.
    expect(settled).toEqual({ a: false, b: false });
    expect(t.services.fingers.stats()).toEqual({ running: 1, queued: 1 });

    for (const response of await Promise.all([a, b])) expect(response.statusCode, response.body).not.toBe(503);
    expect(t.services.fingers.stats()).toEqual({ running: 0, queued: 0 });
  }, SLOW);

  it('gives up on a request past its deadline with 503, and keeps library error codes from the worker', async () => {
    const hurried = new FingerprintProcessor({ workers: 1, queueMax: 0, deadlineMs: 1 });
    try {
      const sample = { kind: 'encoded-image' as const, bytes: new Uint8Array(Buffer.from(sheet, 'base64')) };
      await expect(hurried.process(sample, { requireQuality: true })).rejects.toMatchObject({ code: 'BIOMETRIC_BUSY', httpStatus: 503, details: { reason: 'deadline' } });
    } finally {
      await hurried.close();
    }
    const corrupt = await operator.post(`${api}/sessions/${sessionId}/fingers/5`, { image: Buffer.from('no es una imagen').toString('base64') });
    expect([corrupt.statusCode, corrupt.json().error.code]).toEqual([422, 'IMAGE_CORRUPT']);
  }, SLOW);
});
