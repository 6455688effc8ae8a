import { SIMILARITY_TERMS, SIMILARITY_WEIGHTS } from '../matcher-parameters.ts';
import type { Pairing } from './pairing.ts';
import { overlapCounts, type OverlapCounts } from './overlap.ts';
import type { PreparedTemplate } from './prepared-template.ts';

const overlap: OverlapCounts = { probeInside: 0, candidateInside: 0 };

/**
 * The evidence terms behind the similarity, in the order of SIMILARITY_TERMS (their meaning:
 * SIMILARITY_WEIGHTS). `rootVotes` is the vote count of the best root pair of the comparison
 * (root-pairs.ts), `ownVotes` that of the root the pairing grew from. Writes into `out`.
 */
export function evidenceTerms(
  probe: PreparedTemplate,
  candidate: PreparedTemplate,
  pairing: Pairing,
  rootVotes: number,
  ownVotes: number,
  out: Float64Array,
): void {
  const k = pairing.count;
  let supportSum = 0;
  let typeHits = 0;
  let angleErrorSum = 0;
  let lengthErrorSum = 0;
  for (let t = 0; t < k; t++) {
    supportSum += pairing.support[t];
    if (probe.type[pairing.probe[t]] === candidate.type[pairing.candidate[t]]) typeHits++;
    if (t > 0) {
      angleErrorSum += pairing.angleError[t];
      lengthErrorSum += pairing.lengthError[t];
    }
  }
  const perPair = 1 / Math.max(1, k);
  out[0] = 1;
  out[1] = k;
  out[2] = Math.sqrt(k);
  out[3] = 0.5 * (k / probe.count + k / candidate.count);
  out[4] = supportSum * perPair;
  out[5] = typeHits * perPair;
  out[6] = k > 1 ? angleErrorSum / (k - 1) : 0;
  out[7] = k > 1 ? lengthErrorSum / (k - 1) : 0;
  out[8] = rootVotes;
  out[9] = ownVotes;
  out[10] = Math.log(Math.max(1, probe.count * candidate.count));
  overlapCounts(probe, candidate, pairing, overlap);
  out[11] = 0.5 * (k / Math.max(k, overlap.probeInside) + k / Math.max(k, overlap.candidateInside));
}

/** The weights of SIMILARITY_WEIGHTS in the order of evidenceTerms. */
const WEIGHT_VECTOR = Float64Array.from(SIMILARITY_TERMS, (term) => SIMILARITY_WEIGHTS[term]);
const terms = new Float64Array(SIMILARITY_TERMS.length);

/**
 * Similarity of a pairing as the log-odds that both templates come from one finger:
 * the weighted sum of its evidence terms (evidenceTerms, SIMILARITY_WEIGHTS).
 */
export function similarity(
  probe: PreparedTemplate,
  candidate: PreparedTemplate,
  pairing: Pairing,
  rootVotes: number,
  ownVotes: number,
): number {
  evidenceTerms(probe, candidate, pairing, rootVotes, ownVotes, terms);
  let sum = 0;
  for (let i = 0; i < terms.length; i++) sum += WEIGHT_VECTOR[i] * terms[i];
  return sum;
}
