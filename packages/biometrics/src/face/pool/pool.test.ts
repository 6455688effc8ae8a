import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BiometricError } from '../../errors.ts';
import { cosine } from '../match.ts';
import * as F from '../test-fixtures.ts';
import { FacePool } from './pool.ts';

let pool: FacePool;
beforeAll(async () => {
  pool = await FacePool.start({ workers: 2 });
});
afterAll(async () => {
  await pool?.close();
});

describe('FacePool (worker threads)', () => {
  it('runs two workers and serves concurrent requests, identical to one another', async () => {
    expect(pool.size).toBe(2);
    const a = await F.portrait('A');
    const [r1, r2, r3] = await Promise.all([pool.probe(a), pool.probe(a), pool.probe(await F.portrait('C'))]);
    expect(r1.embedding).toBeInstanceOf(Float32Array);
    expect(cosine(r1.embedding, r2.embedding)).toBeGreaterThan(0.9999);
    expect(cosine(r1.embedding, r3.embedding)).toBeLessThan(0.9);
  });

  it('returns BiometricError codes from the workers', async () => {
    const err = await pool.enroll(new Uint8Array([1, 2, 3, 4])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BiometricError);
    expect((err as BiometricError).code).toBe('FACE_IMAGE_CORRUPT');
    const multi = await pool.enroll(await F.groupPhoto()).catch((e: unknown) => e);
    expect((multi as BiometricError).code).toBe('FACE_MULTIPLE');
  });
});
