import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateImpression, generateMasterPrint, impressionSeed, type ImpressionOptions } from '../../synth/index.ts';
import { extractTemplate } from './extract.ts';

/**
 * Pins the extractor's exact output (every minutia's position, direction, type and quality, and
 * the skeleton it came from) on a few synthetic prints. Speed work on the pipeline is meant to
 * leave templates bit-identical; this fails the moment any output moves. A change that is meant
 * to alter the output must show on bench:fingerprint that accuracy holds, then update the digests.
 * The prints come from the deterministic synth generator (integer seeds, V8's own Math), so
 * nothing is read from the datasets.
 */
const CASES: { seed: number; index: number; options: ImpressionOptions; digest: string }[] = [
  { seed: 11, index: 0, options: {}, digest: 'ccc8a8fd681aba2b29c00207c9f6de734f465f001cba2ddc166c907c072c3be7' },
  { seed: 12, index: 1, options: { pressure: 0.15, noise: 0.6, rotationDeg: 17 }, digest: '3aa6e700db714cf37950d7fdf4c0c93c5891c56f9f95ac739e44f2690ab4274d' },
  { seed: 13, index: 2, options: { pressure: 0.9, distortion: 0.8, rotationDeg: -12 }, digest: 'b1fdaabfe1f82ae36e0fbe45178cdf0e194702ad5c768322af24de0ca1d53772' },
];

function templateDigest(seed: number, index: number, options: ImpressionOptions): string {
  const image = generateImpression(generateMasterPrint(seed), impressionSeed(seed, index), options);
  const hash = createHash('sha256');
  const template = extractTemplate(image, {
    transparency: (key, data) => {
      if (key === 'skeleton') hash.update((data as { data: Uint8Array }).data);
    },
  });
  // Full float64 precision of every field: a last-bit change in a direction counts as a change.
  hash.update(JSON.stringify(template));
  return hash.digest('hex');
}

describe('extractor output (golden)', () => {
  it.each(CASES)('is unchanged on synthetic print $seed/$index', ({ seed, index, options, digest }) => {
    expect(templateDigest(seed, index, options)).toBe(digest);
  });
});
