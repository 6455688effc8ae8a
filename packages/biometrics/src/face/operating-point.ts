/**
 * Face identification and deduplication thresholds from a target error rate instead of the 1:1
 * score (issue 18). A search of someone who is not enrolled meets every enrolled face and returns
 * a false identification when any of them reaches the threshold. With N faces (one per person) and
 * a per-comparison false-match rate FMR(t) read from the model's fitted impostor tail
 * (impostor-tail.ts, parameters in calibration.ts):
 *
 *   FPIR = 1 − (1 − FMR(t))^N,  so  FMR(t) = 1 − (1 − FPIR)^(1/N) ≈ FPIR / N.
 *
 * The 1:1 threshold 0.9289 (FMR 0.1 %) means FPIR ≈ 1 − 0.999^N: 63 % at N = 1,000, and
 * `npm run bench:face-gallery` measured 86–94 % at 100 k – 1 M faces. The threshold never drops
 * below the 1:1 threshold (`floor`): a small gallery must not accept what verification of one
 * claimed person would refuse — and below it the tail model would not apply anyway.
 *
 * Assuming comparisons independent is conservative: some probes draw high impostor scores from
 * many faces at once, which concentrates false matches on fewer searches (Jensen: the mean of
 * 1 − (1 − p)^N over probes is at most 1 − (1 − mean p)^N).
 */
import { tailFmr, tailThreshold, type ImpostorTail } from './impostor-tail.ts';

export interface FaceOperatingPoint {
  /** Wanted chance that a search of someone not enrolled returns anybody. */
  targetFpir: number;
  /** Faces searched (the face gallery's size, of the probe's model, when the decision was made). */
  gallerySubjects: number;
  /** Per-comparison false-match rate that would give targetFpir over the whole gallery. */
  subjectFmr: number;
  /** Cosine a candidate must reach: max(floor, the tail's score at subjectFmr), rounded up. */
  threshold: number;
  /** The 1:1 threshold the identification threshold never goes below. */
  floor: number;
  /** The tail's false-match rate at `threshold` (below subjectFmr when the floor or rounding raised it). */
  fmr: number;
  /** The FPIR `threshold` means over this gallery: 1 − (1 − fmr)^N, at most targetFpir. */
  fpir: number;
}

export function faceOperatingPoint(targetFpir: number, gallerySubjects: number, tail: ImpostorTail, floor: number): FaceOperatingPoint {
  if (!(targetFpir > 0 && targetFpir < 1)) throw new RangeError('targetFpir must be in (0, 1)');
  if (!(Number.isInteger(gallerySubjects) && gallerySubjects >= 0)) throw new RangeError('gallerySubjects must be a non-negative integer');
  if (!(floor >= -1 && floor <= 1)) throw new RangeError('floor must be a cosine in [-1, 1]');
  const n = Math.max(1, gallerySubjects);
  // 1 − (1 − F)^(1/N) without cancellation for large N.
  const subjectFmr = -Math.expm1(Math.log1p(-targetFpir) / n);
  // Above the tail's start FMR ≤ p_u: a wanted rate larger than that is met at the start already.
  const fromTail = tailThreshold(tail, Math.min(subjectFmr, tail.exceedance));
  const threshold = ceil4(Math.max(floor, fromTail, tail.start));
  const fmr = tailFmr(tail, threshold);
  const fpir = -Math.expm1(n * Math.log1p(-fmr));
  return { targetFpir, gallerySubjects, subjectFmr, threshold, floor, fmr, fpir };
}

/** Rounded up to 4 decimals (the precision scores are shown with), so never below the exact one. */
function ceil4(x: number): number {
  return Math.ceil(x * 10_000 - 1e-9) / 10_000;
}
