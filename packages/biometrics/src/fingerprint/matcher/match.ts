import { MAX_TRIED_ROOTS, SIMILARITY_TERMS, SIMILARITY_WEIGHTS } from '../matcher-parameters.ts';
import { createPairing, growPairing } from './pairing.ts';
import type { PreparedTemplate } from './prepared-template.ts';
import { createRootList, findRootPairs } from './root-pairs.ts';
import { evidenceTerms, similarity } from './scoring.ts';
import { FINGERPRINT_MATCH_THRESHOLD, shapeScore } from './calibration.ts';
import type { MatchExplanation, SimilarityTerm } from './explanation.ts';

/** The outcome of one comparison with the minutia pairs behind it (indices into the templates). */
export interface MatchResult {
  score: number;
  pairs: { probe: number; candidate: number }[];
}

// Scratch reused by every comparison on this thread (JS runs one comparison at a time per isolate).
const roots = createRootList();
// Two pairings: each root grows into `work`; when it beats the best so far the two swap, so the
// winner never has to be regrown or copied (a regrow was ~30 % of a genuine comparison).
let pairing = createPairing();
let work = createPairing();
const skipped = new Uint8Array(MAX_TRIED_ROOTS);

let bestSimilarity = Number.NEGATIVE_INFINITY;

/**
 * Leaves the best pairing of the comparison in `pairing` and returns its similarity (log-odds), or
 * −∞ when no root exists.
 */
function bestPairingSimilarity(probe: PreparedTemplate, candidate: PreparedTemplate): number {
  return growBestPairing(probe, candidate) < 0 ? Number.NEGATIVE_INFINITY : bestSimilarity;
}

/**
 * Finds the root pairs, grows a pairing from each and keeps the one with the highest similarity
 * in `pairing` (and its similarity in `bestSimilarity`); returns the index of its root, −1 when
 * none. Ranking the pairings by the same log-odds that scores the winner, rather than by a
 * separate hand-weighted quick score (SourceAFIS's way, used here before), measured a mean EER
 * over the 18 benchmark lines of 4.18 % against 4.27 % (weights refit and checked held out both
 * ways, bench/src/fingerprint/fit-weights.ts), and leaves one set of weights to fit instead of two.
 */
function growBestPairing(probe: PreparedTemplate, candidate: PreparedTemplate): number {
  findRootPairs(probe, candidate, roots);
  let best = -1;
  skipped.fill(0, 0, roots.count);
  for (let r = 0; r < roots.count; r++) {
    if (skipped[r] === 1) continue;
    growPairing(probe, candidate, roots.probe[r], roots.candidate[r], work);
    // A later root already paired in this pairing sits in the same consistent region and would
    // regrow nearly the same tree: skip it. In genuine comparisons the top roots mostly agree, so
    // this removes most growths (the costly part of a genuine comparison). Measured on the 18
    // benchmark lines: mean EER 5.17 % with the skip against 5.15 % without, FMR1000 13.0 / 13.2 %.
    for (let s = r + 1; s < roots.count; s++) {
      const t = work.byProbe[roots.probe[s]];
      if (t >= 0 && work.candidate[t] === roots.candidate[s]) skipped[s] = 1;
    }
    const value = similarity(probe, candidate, work, roots.votes[0], roots.votes[r], best < 0 ? Number.NEGATIVE_INFINITY : bestSimilarity);
    if (best < 0 || value > bestSimilarity) {
      best = r;
      bestSimilarity = value;
      const swap = pairing;
      pairing = work;
      work = swap;
    }
  }
  return best;
}

/**
 * The evidence terms of a comparison's best pairing (scoring.ts evidenceTerms, written into `out`),
 * or false when no root pair exists. For refitting SIMILARITY_WEIGHTS (bench/src/fingerprint/).
 */
export function matchEvidence(probe: PreparedTemplate, candidate: PreparedTemplate, out: Float64Array): boolean {
  if (probe.count === 0 || candidate.count === 0) return false;
  const best = growBestPairing(probe, candidate);
  if (best < 0) return false;
  evidenceTerms(probe, candidate, pairing, roots.votes[0], roots.votes[best], out);
  return true;
}

/**
 * Similarity of two prepared templates on a calibrated scale: higher means more alike, 0 when
 * nothing pairs; accept when ≥ FINGERPRINT_MATCH_THRESHOLD. The hot path of 1:N search:
 * allocates nothing per call.
 */
export function matchScore(probe: PreparedTemplate, candidate: PreparedTemplate): number {
  if (probe.count === 0 || candidate.count === 0) return 0;
  return shapeScore(bestPairingSimilarity(probe, candidate));
}

/** Like matchScore, plus the minutia pairs of the best pairing (indices into the original templates). */
export function matchDetailed(probe: PreparedTemplate, candidate: PreparedTemplate): MatchResult {
  if (probe.count === 0 || candidate.count === 0) return { score: 0, pairs: [] };
  const raw = bestPairingSimilarity(probe, candidate);
  if (raw === Number.NEGATIVE_INFINITY) return { score: 0, pairs: [] };
  const pairs: { probe: number; candidate: number }[] = [];
  for (let t = 0; t < pairing.count; t++) {
    pairs.push({ probe: probe.sourceIndex[pairing.probe[t]], candidate: candidate.sourceIndex[pairing.candidate[t]] });
  }
  return { score: shapeScore(raw), pairs };
}

/**
 * matchScore with its reasons (explanation.ts): the roots tried, the winning pairing and the
 * evidence terms. For adjudication and debugging, not for 1:N: it allocates per call.
 */
export function explainMatch(probe: PreparedTemplate, candidate: PreparedTemplate): MatchExplanation {
  const zeroTerms = () => Object.fromEntries(SIMILARITY_TERMS.map((t) => [t, 0])) as Record<SimilarityTerm, number>;
  const empty: MatchExplanation = {
    score: 0,
    similarity: Number.NEGATIVE_INFINITY,
    threshold: FINGERPRINT_MATCH_THRESHOLD,
    roots: [],
    bestRoot: -1,
    pairs: [],
    terms: zeroTerms(),
    contributions: zeroTerms(),
  };
  if (probe.count === 0 || candidate.count === 0) return empty;
  const best = growBestPairing(probe, candidate);
  const rootList = Array.from({ length: roots.count }, (_, r) => ({
    probe: probe.sourceIndex[roots.probe[r]],
    candidate: candidate.sourceIndex[roots.candidate[r]],
    votes: roots.votes[r],
  }));
  if (best < 0) return { ...empty, roots: rootList };
  const values = new Float64Array(SIMILARITY_TERMS.length);
  evidenceTerms(probe, candidate, pairing, roots.votes[0], roots.votes[best], values);
  const terms = zeroTerms();
  const contributions = zeroTerms();
  SIMILARITY_TERMS.forEach((term, i) => {
    terms[term] = values[i];
    contributions[term] = SIMILARITY_WEIGHTS[term] * values[i];
  });
  const pairs: MatchExplanation['pairs'] = [];
  for (let t = 0; t < pairing.count; t++) {
    const parent = t === 0 ? -1 : pairing.byProbe[pairing.probeRef[t]];
    pairs.push({
      probe: probe.sourceIndex[pairing.probe[t]],
      candidate: candidate.sourceIndex[pairing.candidate[t]],
      parent: parent >= 0 ? parent : null,
      support: pairing.support[t],
      lengthError: pairing.lengthError[t],
      angleError: pairing.angleError[t],
    });
  }
  return {
    score: shapeScore(bestSimilarity),
    similarity: bestSimilarity,
    threshold: FINGERPRINT_MATCH_THRESHOLD,
    roots: rootList,
    bestRoot: best,
    pairs,
    terms,
    contributions,
  };
}
