/**
 * How good the pre-filter is (the shard's index codes, cylinder-codes.ts), measured apart from the
 * gallery (bench:prefilter is the fuller study, against real non-mates too): for each mated search, the fraction
 * of a sample of the gallery's distractors whose descriptor scores at least as well as the true
 * mate's. The pre-filter keeps the mate at penetration rate p exactly when that fraction is
 * below p, so the table "miss rate at penetration p" is what K (= p × shard size) trades off.
 */
import type { FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { PROBE_MASK_SIZE, fillProbeMask, indexCodes, rotationSimilarity } from '@siap/biometrics/gallery';
import { deriveDistractor } from './distractors.ts';
import type { Population } from './population.ts';

export const PENETRATIONS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

export function prefilterMissRates(population: Population, sampleSize: number): { penetration: number; missRate: number }[] {
  const enrolled = new Map(population.enrolledReal.map((e) => [e.subjectId, e.template]));
  const sample: Uint32Array[] = [];
  const count = Math.min(sampleSize, population.distractorCount);
  const stride = population.distractorCount / Math.max(1, count);
  for (let i = 0; i < count; i++) sample.push(indexCodes(deriveDistractor(population.distractorMaterial, Math.floor(i * stride))));
  const fractions: number[] = [];
  const mask = new Uint32Array(PROBE_MASK_SIZE);
  for (const search of population.searches) {
    if (!search.mate) continue;
    const written = fillProbeMask(search.template, mask);
    const mateScore = rotationSimilarity(mask, indexCodes(enrolled.get(search.mate) as FingerprintTemplate));
    let atLeast = 0;
    for (const d of sample) if (rotationSimilarity(mask, d) >= mateScore) atLeast++;
    for (const code of written) mask[code] = 0;
    fractions.push(atLeast / Math.max(1, sample.length));
  }
  return PENETRATIONS.map((penetration) => ({
    penetration,
    missRate: fractions.filter((f) => f >= penetration).length / Math.max(1, fractions.length),
  }));
}
