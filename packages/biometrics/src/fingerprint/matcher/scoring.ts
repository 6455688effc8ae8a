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
  pairingTerms(probe, candidate, pairing, rootVotes, ownVotes, out);
  out[OVERLAP_TERM] = overlapFraction(probe, candidate, pairing);
}

/** Every evidence term but overlapFraction, written into `out`. */
function pairingTerms(
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
  // The rotation that lays the candidate on the probe, read off the root pair (the pairs' circular
  // mean measured no better: held-out mean EER 2.73 % either way, bench/logs/fingerprint-accuracy.md).
  out[11] = Math.cos(probe.direction[pairing.probe[0]] - candidate.direction[pairing.candidate[0]]);
}

/** Index of overlapFraction, the last term: the only one that maps minutiae between the prints. */
const OVERLAP_TERM = SIMILARITY_TERMS.indexOf('overlapFraction');
if (OVERLAP_TERM !== SIMILARITY_TERMS.length - 1) throw new Error('overlapFraction must be the last similarity term');

/** The pairs' share of the minutiae in the area both prints show, in [0, 1] (overlap.ts). */
function overlapFraction(probe: PreparedTemplate, candidate: PreparedTemplate, pairing: Pairing): number {
  const k = pairing.count;
  overlapCounts(probe, candidate, pairing, overlap);
  return 0.5 * (k / Math.max(k, overlap.probeInside) + k / Math.max(k, overlap.candidateInside));
}

/** The weights of SIMILARITY_WEIGHTS in the order of evidenceTerms. */
const WEIGHT_VECTOR = Float64Array.from(SIMILARITY_TERMS, (term) => SIMILARITY_WEIGHTS[term]);
const terms = new Float64Array(SIMILARITY_TERMS.length);

/** The most overlapFraction (in [0, 1]) can add to a similarity. */
const OVERLAP_GAIN_BOUND = Math.max(0, WEIGHT_VECTOR[OVERLAP_TERM]);

/**
 * Similarity of a pairing as the log-odds that both templates come from one finger: the
 * weighted sum of its evidence terms (evidenceTerms, SIMILARITY_WEIGHTS), or −∞ when it cannot
 * exceed `floor` (the best pairing of the comparison so far). Counting the overlap maps every
 * minutia of both prints, about a tenth of a comparison when done for every root; when even a
 * full overlap could not lift the pairing above the floor it is not counted. The sum runs in
 * the same order either way, so a similarity that is returned is the same to the last bit.
 */
export function similarity(
  probe: PreparedTemplate,
  candidate: PreparedTemplate,
  pairing: Pairing,
  rootVotes: number,
  ownVotes: number,
  floor: number = Number.NEGATIVE_INFINITY,
): number {
  pairingTerms(probe, candidate, pairing, rootVotes, ownVotes, terms);
  let sum = 0;
  for (let i = 0; i < OVERLAP_TERM; i++) sum += WEIGHT_VECTOR[i] * terms[i];
  if (sum + OVERLAP_GAIN_BOUND <= floor) return Number.NEGATIVE_INFINITY;
  terms[OVERLAP_TERM] = overlapFraction(probe, candidate, pairing);
  return sum + WEIGHT_VECTOR[OVERLAP_TERM] * terms[OVERLAP_TERM];
}
