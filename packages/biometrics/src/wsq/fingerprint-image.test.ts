import { describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import { decodeFingerprintImage } from '../fingerprint/image/decode.ts';
import { resampleGray } from '../fingerprint/image/resample.ts';
import { generateFinger } from '../synth/index.ts';
import { encodeWsq } from './index.ts';

/** decodeFingerprintImage recognises WSQ by its SOI marker and honours its NISTCOM PPI. */
describe('WSQ through decodeFingerprintImage', () => {
  const [print] = generateFinger(31, 1);

  it('decodes a 500 ppi WSQ at its own size', async () => {
    const image = await decodeFingerprintImage(encodeWsq(print, { ppi: 500 }));
    expect([image.width, image.height]).toEqual([print.width, print.height]);
  });

  it('rescales a 1000 ppi WSQ to 500 dpi from the NISTCOM PPI', async () => {
    const doubled = resampleGray(print, print.width * 2, print.height * 2);
    const image = await decodeFingerprintImage(encodeWsq(doubled, { ppi: 1000 }));
    expect([image.width, image.height]).toEqual([print.width, print.height]);
  });

  it('ignores an implausible or unknown PPI (as for other formats) but obeys a declared dpi', async () => {
    for (const ppi of [72, undefined]) {
      const image = await decodeFingerprintImage(encodeWsq(print, { ppi }));
      expect([image.width, image.height]).toEqual([print.width, print.height]);
    }
    const declared = await decodeFingerprintImage(encodeWsq(print, { ppi: 1000 }), { dpi: 500 });
    expect([declared.width, declared.height]).toEqual([print.width, print.height]);
  });

  it('reports a damaged WSQ as IMAGE_CORRUPT with a Spanish message', async () => {
    const bytes = encodeWsq(print);
    const error = await decodeFingerprintImage(bytes.subarray(0, bytes.length / 2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BiometricError);
    expect(error).toMatchObject({ code: 'IMAGE_CORRUPT', message: expect.stringContaining('WSQ') });
  });
});
