import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { groupPhoto, portrait } from '../../face/test-fixtures.ts';
import { generateFinger } from '../../synth/index.ts';
import { decodeFingerprintImage } from '../image/decode.ts';
import { assertFingerprintLike, assessFingerprintLikeness } from './likeness.ts';
import { MIN_RIDGE_FREQUENCY_CONSISTENCY } from './quality-parameters.ts';

describe('fingerprint likeness', () => {
  it('accepts synthetic prints: a ridge period almost everywhere, coherent flow', () => {
    for (const seed of [11, 2024, 77_777]) {
      const [print] = generateFinger(seed, 1);
      const likeness = assertFingerprintLike(print);
      expect(likeness.isFingerprint).toBe(true);
      expect(likeness.ridgeFrequencyConsistency).toBeGreaterThan(0.8);
    }
  });

  it('refuses face photos and group photos with IMAGE_NOT_FINGERPRINT and a Spanish message', async () => {
    const photos = [await portrait('A'), await portrait('C', 0.05), await sharp(await groupPhoto('sample1.jpg')).resize(800).jpeg().toBuffer()];
    for (const photo of photos) {
      const image = await decodeFingerprintImage(photo);
      const likeness = assessFingerprintLikeness(image);
      expect(likeness.ridgeFrequencyConsistency).toBeLessThan(MIN_RIDGE_FREQUENCY_CONSISTENCY);
      expect(() => assertFingerprintLike(image)).toThrow(expect.objectContaining({ code: 'IMAGE_NOT_FINGERPRINT', message: expect.stringContaining('no es una huella dactilar') }));
    }
  });

  it('leaves an empty platen to the extractor (an absent finger, not a wrong picture)', () => {
    const blank = { width: 300, height: 400, data: new Uint8Array(300 * 400).fill(235) };
    expect(assessFingerprintLikeness(blank).foregroundBlocks).toBe(0);
    expect(() => assertFingerprintLike(blank)).not.toThrow();
  });
});
