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
 * nothing is read from the datasets. A change of the generator changes the prints and so the
 * digests too (last: 2026-12-07, fewer minutiae per synthetic print; extractor unchanged).
 */
const CASES: { seed: number; index: number; options: ImpressionOptions; digest: string }[] = [
  { seed: 11, index: 0, options: {}, digest: '1b5bf89b83a22e065c0daf7cf193380c3cb1ce67f270df06caec040ec2d173b9' },
  { seed: 12, index: 1, options: { pressure: 0.15, noise: 0.6, rotationDeg: 17 }, digest: '39b90ea6f6a35353c608ab16bbf1674b4c2909693422c9eaacde4c7fd41edfd3' },
  { seed: 13, index: 2, options: { pressure: 0.9, distortion: 0.8, rotationDeg: -12 }, digest: '01caaa258e541ffd89bf1560d2c8d7d0c976a32d4cd711f29c324462cc4655fd' },
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
