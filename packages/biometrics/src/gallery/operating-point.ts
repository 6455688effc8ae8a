/**
 * Identification and deduplication decisions from a target error rate instead of a fixed score.
 *
 * A search of someone who is not enrolled meets every enrolled subject; it returns a false
 * identification when any of them reaches the threshold. With fused scores calibrated per subject
 * (fusion.ts: score s ⇔ chance 10^(−s/10) that one impostor subject reaches it) and N subjects,
 *   FPIR = 1 − (1 − α)^N,  so  α = 1 − (1 − FPIR)^(1/N) ≈ FPIR / N,  threshold = 10 × −log10 α.
 * At FPIR 0.1 %: 1,000 subjects → 60, 100,000 → 80, 10 million → 100. The number of fingers is in
 * the fused score already (a subject met with 10 fingers must show the evidence of 10), so the
 * threshold depends on the gallery alone. It never drops below the 1:1 threshold (`floor`): a
 * small gallery must not accept what verification of one claimed person would refuse.
 *
 * The threshold is conservative in two ways: the pre-filter sends only a few subjects to the
 * matcher (fewer chances than N), and the calibration beyond 40 extends its measured slope.
 */
import { FINGERPRINT_MATCH_THRESHOLD } from '../fingerprint/matcher/calibration.ts';
import type { Candidate } from './protocol.ts';

export interface OperatingPoint {
  /** Wanted chance that a search of someone not enrolled returns anybody. */
  targetFpir: number;
  /** Subjects searched (the gallery's size when the decision was made). */
  gallerySubjects: number;
  /** Per-subject false-match rate that gives targetFpir over the whole gallery. */
  subjectFmr: number;
  /** Fused score a candidate must reach: max(floor, 10 × −log10 subjectFmr). */
  threshold: number;
  /** The 1:1 threshold the identification threshold never goes below. */
  floor: number;
}

export function operatingPoint(targetFpir: number, gallerySubjects: number, floor: number = FINGERPRINT_MATCH_THRESHOLD): OperatingPoint {
  if (!(targetFpir > 0 && targetFpir < 1)) throw new RangeError('targetFpir must be in (0, 1)');
  if (!(Number.isInteger(gallerySubjects) && gallerySubjects >= 0)) throw new RangeError('gallerySubjects must be a non-negative integer');
  const n = Math.max(1, gallerySubjects);
  // 1 − (1 − F)^(1/N) without cancellation for large N.
  const subjectFmr = -Math.expm1(Math.log1p(-targetFpir) / n);
  const threshold = Math.max(floor, (-10 * Math.log(subjectFmr)) / Math.LN10);
  return { targetFpir, gallerySubjects, subjectFmr, threshold: ceil2(threshold), floor };
}

export type IdentificationOutcome =
  /** Exactly one subject at or above the threshold. */
  | { decision: 'identified'; subjectId: string; score: number }
  /** Nobody reached the threshold. */
  | { decision: 'not_identified' }
  /** Several subjects reached it: not decisive, the caller asks for another key (the matrícula). */
  | { decision: 'ambiguous'; subjectIds: string[] };

/** The decision on a candidate list sorted best first (FingerprintGallery.search order). */
export function decideIdentification(candidates: readonly Pick<Candidate, 'subjectId' | 'score'>[], point: Pick<OperatingPoint, 'threshold'>): IdentificationOutcome {
  const hits = candidates.filter((c) => c.score >= point.threshold);
  if (hits.length === 0) return { decision: 'not_identified' };
  if (hits.length > 1) return { decision: 'ambiguous', subjectIds: hits.map((c) => c.subjectId) };
  return { decision: 'identified', subjectId: hits[0].subjectId, score: hits[0].score };
}

/**
 * Chance that an impostor search's best candidate leads the k-th by `gap` points or more.
 *
 * On the calibrated scale an impostor reaches s with chance 10^(−s/10): the tail is exponential,
 * 10/ln 10 points per e-fold. For the top k of any number of such scores, the k − 1 above the k-th
 * are, given the k-th, independent draws of that tail shifted to start at it (memorylessness), so
 * s1 − s_k is distributed as the largest of k − 1 independent exponentials (Rényi):
 *   P(s1 − s_k ≥ g) = 1 − (1 − 10^(−g/10))^(k−1).
 * Neither the gallery's size nor how many subjects the pre-filter let through appears: the k-th
 * candidate's score already says how far up this probe's impostors reach.
 */
export function cohortPValue(gap: number, k: number): number {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError('k must be an integer ≥ 2');
  if (gap <= 0) return 1;
  return -Math.expm1((k - 1) * Math.log1p(-(10 ** (-gap / 10))));
}

/** Rounded up, so the published threshold is never below the exact one. */
function ceil2(x: number): number {
  return Math.ceil(x * 100 - 1e-9) / 100;
}
