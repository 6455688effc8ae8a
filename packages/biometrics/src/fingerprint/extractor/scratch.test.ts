import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../primitives/gray-image.ts';
import { generateImpression, generateMasterPrint, impressionSeed } from '../../synth/index.ts';
import { extractTemplate } from './extract.ts';

function crop(image: GrayImage, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(y * image.width, y * image.width + width), y * width);
  return { width, height, data };
}

describe('pooled work buffers', () => {
  it('give every image the template fresh buffers give it, whatever was extracted before', () => {
    const prints = [21, 22, 23].map((seed) => generateImpression(generateMasterPrint(seed), impressionSeed(seed, 0), { noise: 0.4 }));
    // Larger, smaller and larger again: a reused buffer is longer than the image and holds the
    // previous image's values.
    const images = [prints[0], crop(prints[1], prints[1].width - 37, prints[1].height - 51), prints[2], crop(prints[0], prints[0].width - 80, prints[0].height - 10)];
    // A transparency sink turns the pool off (see runExtraction): that run is the reference.
    const fresh = images.map((image) => JSON.stringify(extractTemplate(image, { transparency: () => {} })));
    for (let round = 0; round < 2; round++) {
      const pooled = images.map((image) => JSON.stringify(extractTemplate(image)));
      expect(pooled).toEqual(fresh);
    }
    expect(JSON.parse(fresh[0]).minutiae.length).toBeGreaterThan(10);
  });
});
