/**
 * Many synthetic people for 1:N tests, at a cost a test can afford: a few generated fingers, cut
 * into chimeras (synth/chimera.ts) for the rest of the population.
 */
import { extractTemplate } from '../../fingerprint/index.ts';
import type { FingerprintTemplate } from '../../fingerprint/types.ts';
import { generateImpression, generateMasterPrint, impressionSeed } from '../../synth/index.ts';

/** Templates of impressions `impressions` of the generated finger `seed`. */
export function syntheticFinger(seed: number, impressions: number[]): FingerprintTemplate[] {
  const master = generateMasterPrint(seed);
  return impressions.map((i) => extractTemplate(generateImpression(master, impressionSeed(seed, i))));
}

export { chimera } from '../../synth/chimera.ts';
