import { createPairing, growPairing } from './pairing.ts';
import type { PreparedTemplate } from './prepared-template.ts';
import { createRootList, findRootPairs } from './root-pairs.ts';
import { scorePairing } from './scoring.ts';
import { shapeScore } from './calibration.ts';
import { REFINED_ROOTS } from '../matcher-parameters.ts';

/** The outcome of one comparison with the minutia pairs behind it (indices into the templates). */
export interface MatchResult {
  score: number;
  pairs: { probe: number; candidate: number }[];
}

// Scratch reused by every comparison on this thread (JS runs one comparison at a time per isolate).
const roots = createRootList();
const pairing = createPairing();

// Outcome of the last findBestRoot call (module state instead of a returned object: no allocation).
let bestRootIndex = -1;
let bestRaw = 0;
// The REFINED_ROOTS best roots by the quick score, best first.
const shortlist = new Int32Array(Math.max(1, REFINED_ROOTS));
const shortlistScore = new Float64Array(Math.max(1, REFINED_ROOTS));

/**
 * Grows a pairing from every root and scores it quickly (tree evidence only); the few best are
 * grown again and scored with the global alignment check, which is too costly for every root.
 */
function findBestRoot(probe: PreparedTemplate, candidate: PreparedTemplate): void {
  findRootPairs(probe, candidate, roots);
  bestRootIndex = -1;
  bestRaw = 0;
  const keep = Math.max(1, REFINED_ROOTS);
  let listed = 0;
  for (let r = 0; r < roots.count; r++) {
    growPairing(probe, candidate, roots.probe[r], roots.candidate[r], pairing);
    const quick = scorePairing(probe, candidate, pairing, false);
    if (listed === keep && quick <= shortlistScore[listed - 1]) continue;
    let k = listed < keep ? listed++ : listed - 1;
    while (k > 0 && shortlistScore[k - 1] < quick) {
      shortlistScore[k] = shortlistScore[k - 1];
      shortlist[k] = shortlist[k - 1];
      k--;
    }
    shortlistScore[k] = quick;
    shortlist[k] = r;
  }
  if (REFINED_ROOTS === 0) {
    if (listed > 0) {
      bestRootIndex = shortlist[0];
      bestRaw = shortlistScore[0];
    }
    return;
  }
  for (let s = 0; s < listed; s++) {
    const r = shortlist[s];
    growPairing(probe, candidate, roots.probe[r], roots.candidate[r], pairing);
    const raw = scorePairing(probe, candidate, pairing, true);
    if (bestRootIndex < 0 || raw > bestRaw) {
      bestRootIndex = r;
      bestRaw = raw;
    }
  }
}

/**
 * Similarity of two prepared templates: higher means more alike, 0 when nothing pairs. Compare it
 * with FINGERPRINT_MATCH_THRESHOLD. The hot path of 1:N search: no allocation per call.
 */
export function matchScore(probe: PreparedTemplate, candidate: PreparedTemplate): number {
  if (probe.count === 0 || candidate.count === 0) return 0;
  findBestRoot(probe, candidate);
  return shapeScore(bestRaw);
}

/** Like matchScore, plus the minutia pairs of the best pairing (indices into the original templates). */
export function matchDetailed(probe: PreparedTemplate, candidate: PreparedTemplate): MatchResult {
  if (probe.count === 0 || candidate.count === 0) return { score: 0, pairs: [] };
  findBestRoot(probe, candidate);
  if (bestRootIndex < 0) return { score: 0, pairs: [] };
  const score = shapeScore(bestRaw);
  growPairing(probe, candidate, roots.probe[bestRootIndex], roots.candidate[bestRootIndex], pairing);
  const pairs: { probe: number; candidate: number }[] = [];
  for (let t = 0; t < pairing.count; t++) {
    pairs.push({ probe: probe.sourceIndex[pairing.probe[t]], candidate: candidate.sourceIndex[pairing.candidate[t]] });
  }
  return { score, pairs };
}
