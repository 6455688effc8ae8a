/**
 * Identification and deduplication decisions from a target error rate instead of a fixed score.
 *
 * Two ways to bound the chance that a search of someone who is not enrolled returns anybody (FPIR);
 * a decision uses the first whenever the candidate list allows it.
 *
 * 1. Cohort (the rule of a real gallery). On the calibrated scale (fusion.ts: an impostor subject
 *    reaches s with chance 10^(−s/10), however many fingers were fused) the top of any set of
 *    impostor scores is exponential, so the lead of the best over the k-th best follows a law that
 *    depends neither on the gallery's size nor on how the pre-filter chose the few subjects the
 *    matcher scored (cohortPValue). A search's threshold is then the k-th candidate's score plus
 *    the lead whose chance is the target FPIR: t = max(floor, s_k + gap(F, k)). The k-th candidate
 *    is the search's own measure of how far its impostors reach, which also absorbs probes whose
 *    impostors all score high (a large, noisy print) — the cohort normalisation of the biometric
 *    literature, here with its null law in closed form.
 * 2. Gallery size (a list shorter than k: a small gallery, or a caller that asked for fewer). Every
 *    one of N subjects compared: FPIR = 1 − (1 − α)^N, α = 1 − (1 − FPIR)^(1/N) ≈ FPIR / N,
 *    threshold = 10 × −log10 α (FPIR 0.1 %: 1,000 subjects → 60, 100,000 → 80). Valid but
 *    conservative at scale: the pre-filter sends only ~0.3 % of the gallery to the matcher, and
 *    beyond 40 the calibration extends its measured slope.
 *
 * Neither threshold drops below the 1:1 threshold (`floor`): identification must not accept what
 * verification of one claimed person would refuse.
 *
 * Measured (bench/logs/identification-decision.md: bench:gallery --dump, then
 * bench/src/gallery-decision.ts; nine FVC sets as mates, ≈ 920 impostor searches): without the
 * floor, at nominal 10 % / 3 % / 1 % the cohort test (k = 10) let through 1.9 / 0.3 / 0.0 % of
 * them at 10,000 fingers and 1.3 / 0.0 / 0.0 % at 100,000 — conservative, because one probe's
 * impostors spread less than the pooled calibration, and the same at both sizes. A threshold from
 * the subjects the matcher scored instead of N let through 2.6 / 0.7 / 0.1 % and 3.1 / 0.5 / 0.3 %:
 * the pre-filter hands the matcher the most similar impostors, more selectively the larger the
 * gallery, so that rule needs a correction measured per size; the cohort rule needs none. At
 * 100,000 fingers and FPIR 1 % the cohort rule identified 99.1 % of the mates the matcher accepts
 * (the gallery-size threshold 85.3 %), with no false identification in 927 impostor searches.
 */
import { FINGERPRINT_MATCH_THRESHOLD } from '../fingerprint/matcher/calibration.ts';
import { COHORT_RANK, COHORT_TAIL_SCALE } from './parameters.ts';
import type { Candidate } from './protocol.ts';

export interface OperatingPoint {
  /** Wanted chance that a search of someone not enrolled returns anybody. */
  targetFpir: number;
  /** Subjects searched (the gallery's size when the decision was made). */
  gallerySubjects: number;
  /** Per-subject false-match rate that gives targetFpir over the whole gallery. */
  subjectFmr: number;
  /** Gallery-size threshold max(floor, 10 × −log10 subjectFmr): a search with fewer than cohortRank candidates is decided at it. */
  threshold: number;
  /** The 1:1 threshold the identification threshold never goes below. */
  floor: number;
  /** Cohort rule: the rank k of the candidate the first must lead (COHORT_RANK). */
  cohortRank: number;
  /** Cohort rule: the lead over the k-th candidate whose chance for an impostor search is targetFpir. */
  cohortGap: number;
  /** Cohort rule: points per e-fold of one search's impostor tail the gap assumes (COHORT_TAIL_SCALE). */
  cohortScale: number;
}

export function operatingPoint(
  targetFpir: number,
  gallerySubjects: number,
  floor: number = FINGERPRINT_MATCH_THRESHOLD,
  cohortRank: number = COHORT_RANK,
  cohortScale: number = COHORT_TAIL_SCALE,
): OperatingPoint {
  if (!(targetFpir > 0 && targetFpir < 1)) throw new RangeError('targetFpir must be in (0, 1)');
  if (!(Number.isInteger(gallerySubjects) && gallerySubjects >= 0)) throw new RangeError('gallerySubjects must be a non-negative integer');
  const n = Math.max(1, gallerySubjects);
  // 1 − (1 − F)^(1/N) without cancellation for large N.
  const subjectFmr = -Math.expm1(Math.log1p(-targetFpir) / n);
  const threshold = Math.max(floor, (-10 * Math.log(subjectFmr)) / Math.LN10);
  return { targetFpir, gallerySubjects, subjectFmr, threshold: ceil2(threshold), floor, cohortRank, cohortGap: ceil2(cohortGap(targetFpir, cohortRank, cohortScale)), cohortScale };
}

/**
 * The threshold of one search: the cohort rule's max(floor, s_k + gap) when the candidate list
 * (sorted best first, as FingerprintGallery.search returns it) holds at least k candidates, else
 * the gallery-size threshold. Callers ask the gallery for at least COHORT_RANK candidates.
 */
export function searchThreshold(candidates: readonly Pick<Candidate, 'score'>[], point: Pick<OperatingPoint, 'threshold' | 'floor' | 'cohortRank' | 'cohortGap'>): number {
  if (candidates.length < point.cohortRank) return point.threshold;
  return Math.max(point.floor, ceil2(candidates[point.cohortRank - 1].score + point.cohortGap));
}

export type IdentificationOutcome =
  /** Exactly one subject at or above the threshold. */
  | { decision: 'identified'; subjectId: string; score: number }
  /** Nobody reached the threshold. */
  | { decision: 'not_identified' }
  /** Several subjects reached it: not decisive, the caller asks for another key (the matrícula). */
  | { decision: 'ambiguous'; subjectIds: string[] };

/** The decision on a candidate list sorted best first (FingerprintGallery.search order), at searchThreshold. */
export function decideIdentification(
  candidates: readonly Pick<Candidate, 'subjectId' | 'score'>[],
  point: Pick<OperatingPoint, 'threshold' | 'floor' | 'cohortRank' | 'cohortGap'>,
): IdentificationOutcome {
  const threshold = searchThreshold(candidates, point);
  const hits = candidates.filter((c) => c.score >= threshold);
  if (hits.length === 0) return { decision: 'not_identified' };
  if (hits.length > 1) return { decision: 'ambiguous', subjectIds: hits.map((c) => c.subjectId) };
  return { decision: 'identified', subjectId: hits[0].subjectId, score: hits[0].score };
}

/**
 * Chance that an impostor search's best candidate leads the k-th by `gap` points or more, when the
 * top of that search's impostor scores falls off exponentially with `scale` points per e-fold.
 *
 * For the top k of any number of scores with such a tail, the k − 1 above the k-th are, given the
 * k-th, independent draws of that tail shifted to start at it (memorylessness), so s1 − s_k is
 * distributed as the largest of k − 1 independent exponentials (Rényi):
 *   P(s1 − s_k ≥ g) = 1 − (1 − e^(−g/scale))^(k−1).
 * Neither the gallery's size nor how many subjects the pre-filter let through appears: the k-th
 * candidate's score already says how far up this probe's impostors reach. The calibrated scale
 * gives 10/ln 10 ≈ 4.34 points per e-fold to impostor pairs pooled over many probes; one probe's
 * own impostors fall off faster (COHORT_TAIL_SCALE, measured), which is the scale the rule needs.
 */
export function cohortPValue(gap: number, k: number, scale: number = COHORT_TAIL_SCALE): number {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError('k must be an integer ≥ 2');
  if (!(scale > 0)) throw new RangeError('scale must be positive');
  if (gap <= 0) return 1;
  return -Math.expm1((k - 1) * Math.log1p(-Math.exp(-gap / scale)));
}

/** The lead g with cohortPValue(g, k, scale) = targetFpir: scale × −ln(1 − (1 − F)^(1/(k−1))). */
export function cohortGap(targetFpir: number, k: number, scale: number = COHORT_TAIL_SCALE): number {
  if (!(targetFpir > 0 && targetFpir < 1)) throw new RangeError('targetFpir must be in (0, 1)');
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError('k must be an integer ≥ 2');
  if (!(scale > 0)) throw new RangeError('scale must be positive');
  const perDraw = -Math.expm1(Math.log1p(-targetFpir) / (k - 1));
  return -scale * Math.log(perDraw);
}

/** Rounded up, so the published threshold is never below the exact one. */
function ceil2(x: number): number {
  return Math.ceil(x * 100 - 1e-9) / 100;
}
