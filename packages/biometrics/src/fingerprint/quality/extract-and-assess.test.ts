import { describe, expect, it } from 'vitest';
import { portrait } from '../../face/test-fixtures.ts';
import { encodeTemplate } from '../../formats/compact.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import { generateImpression, generateMasterPrint, impressionSeed, type ImpressionOptions } from '../../synth/index.ts';
import { decodeFingerprintImage } from '../image/decode.ts';
import { extractTemplate } from '../extractor/extract.ts';
import { boxBlur } from '../extractor/testing/degrade.ts';
import { assessFingerprintQuality } from './assess.ts';
import { extractAndAssessFingerprint } from './extract-and-assess.ts';
import { assertFingerprintLike } from './likeness.ts';

/**
 * The one-pass capture path must be indistinguishable from the three separate calls it replaces
 * (likeness check, extraction, quality from the image): same template bytes, same quality, same
 * likeness, and when one of them refuses the image, the same error (code, message, details).
 */
type Outcome = { value: unknown } | { error: { name: string; code: unknown; message: string; details: unknown } };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    const e = error as { name: string; code?: unknown; message: string; details?: unknown };
    return { error: { name: e.name, code: e.code, message: e.message, details: e.details } };
  }
}

function separateCalls(image: GrayImage, requireFingerprintLike: boolean): Outcome {
  return outcome(() => {
    const likeness = requireFingerprintLike ? assertFingerprintLike(image) : null;
    const template = extractTemplate(image);
    return { template, bytes: encodeTemplate(template), quality: assessFingerprintQuality(image, template), likeness };
  });
}

function onePass(image: GrayImage, requireFingerprintLike: boolean): Outcome {
  return outcome(() => {
    const { template, quality, likeness } = extractAndAssessFingerprint(image, { requireFingerprintLike });
    return { template, bytes: encodeTemplate(template), quality, likeness };
  });
}

function print(seed: number, index: number, options: ImpressionOptions = {}): GrayImage {
  return generateImpression(generateMasterPrint(seed), impressionSeed(seed, index), options);
}


const prints: { name: string; image: () => GrayImage }[] = [
  { name: 'synthetic 11/0', image: () => print(11, 0) },
  { name: 'synthetic 12/1, light, noisy, rotated', image: () => print(12, 1, { pressure: 0.15, noise: 0.6, rotationDeg: 17 }) },
  { name: 'synthetic 13/2, pressed, distorted', image: () => print(13, 2, { pressure: 0.9, distortion: 0.8, rotationDeg: -12 }) },
  { name: 'synthetic 2024/0', image: () => print(2024, 0) },
  // Noise then blur: ridges smeared, quality problems reported; the score path must still agree.
  { name: 'synthetic 77777/1, noisy and blurred', image: () => boxBlur(print(77_777, 1, { noise: 0.8, pressure: 0.3 }), 2) },
  { name: 'synthetic 11/3, heavily blurred', image: () => boxBlur(print(11, 3), 4) },
];

describe('extractAndAssessFingerprint', () => {
  it.each(prints)('equals likeness + extraction + quality from the image on $name', ({ image }) => {
    const img = image();
    const separate = separateCalls(img, true);
    expect('value' in separate).toBe(true);
    expect(onePass(img, true)).toStrictEqual(separate);
    // Without the likeness check (verification probes) the template and quality agree too.
    expect(onePass(img, false)).toStrictEqual(separateCalls(img, false));
  });

  it('reports quality problems on the blurred print the same way (the case is not vacuous)', () => {
    const img = boxBlur(print(11, 3), 4);
    const result = extractAndAssessFingerprint(img);
    expect(result.quality).toStrictEqual(assessFingerprintQuality(img, extractTemplate(img)));
    expect(result.quality.problems.length).toBeGreaterThan(0);
  });

  it('refuses a face photo with the same IMAGE_NOT_FINGERPRINT error', async () => {
    const image = await decodeFingerprintImage(await portrait('A'));
    const separate = separateCalls(image, true);
    expect(separate).toMatchObject({ error: { code: 'IMAGE_NOT_FINGERPRINT' } });
    expect(onePass(image, true)).toStrictEqual(separate);
  });

  it('refuses a blank platen with the same IMAGE_NO_FINGERPRINT error', () => {
    const blank = { width: 300, height: 400, data: new Uint8Array(300 * 400).fill(235) };
    for (const likeness of [true, false]) {
      const separate = separateCalls(blank, likeness);
      expect(separate).toMatchObject({ error: { code: 'IMAGE_NO_FINGERPRINT' } });
      expect(onePass(blank, likeness)).toStrictEqual(separate);
    }
  });

  it('refuses a raster whose data does not match its size with the same error', () => {
    const corrupt = { width: 300, height: 400, data: new Uint8Array(300 * 399).fill(120) };
    const separate = separateCalls(corrupt, true);
    expect(separate).toMatchObject({ error: { code: 'IMAGE_CORRUPT' } });
    expect(onePass(corrupt, true)).toStrictEqual(separate);
  });
});
