/**
 * Multi-finger score fusion for 1:N, on the matcher's calibrated scale. A fused score means what a
 * single-finger score means: 10 × −log10 of the chance that an impostor reaches it — here an
 * impostor *subject*, however many fingers were searched and compared. README.md gives the math;
 * in short:
 *
 * 1. Per probe finger i, the subject's best score b_i over the m_i enrolled fingers the probe was
 *    allowed to meet becomes a p-value: q(b) = P(impostor score ≥ b) from the calibration
 *    (impostorTail), and the best of m_i independent impostor comparisons reaches b with
 *    p_i = 1 − (1 − q(b_i))^m_i.
 * 2. The k probe fingers that met at least one enrolled finger are combined by Fisher's method:
 *    T = −Σ ln p_i follows Gamma(k, 1) for an impostor subject, so the fused FMR is its upper
 *    tail Q(k, T) = e^−T Σ_{j<k} T^j / j!.
 * 3. Fused score = 10 × −log10 Q. One probe finger against one enrolled finger gives back the
 *    matcher's own score; ten agreeing fingers add up to far more than one, as they should.
 *
 * With one comparison per finger T = (ln 10 / 10) Σ b_i: the statistic is the sum of calibrated
 * scores, which is also the log-likelihood-ratio sum when the genuine score density is flat on the
 * scale where impostors fall off by a decade every 10 points (README.md checks this on the FVC
 * sets). Fisher's step only maps that sum to its exact impostor tail for k fingers, which is what
 * lets one FPIR-derived threshold (operating-point.ts) hold for 1, 2 or 10 fingers.
 */
import type { FingerScore } from './protocol.ts';

const LN10 = Math.log(10);

/**
 * P(score ≥ s) for one impostor comparison. The matcher's calibration (fingerprint/matcher/
 * calibration.ts) makes its score 10 × −log10 FMR, measured on 104,640 real impostor pairs from 10
 * to 40 (bench:synth prints the real FMR at 10, 20, 30, 40: 10.0, 1.00, 0.099, 0.0096 %),
 * extrapolated beyond 40 with its last slope and below 10 with the 10 %/1 % slope.
 */
export function impostorTail(score: number): number {
  return score <= 0 ? 1 : Math.exp((-score * LN10) / 10);
}

/**
 * Fuses one subject's per-finger evidence. `bestScores[i]` is the subject's best score for probe
 * finger i (undefined when none of its fingers reached the matcher for that probe finger) and
 * `eligible[i]` how many of its enrolled fingers probe finger i was allowed to meet.
 */
export function fuseCalibrated(bestScores: readonly (number | undefined)[], eligible: readonly number[]): number {
  let t = 0;
  let k = 0;
  for (let i = 0; i < eligible.length; i++) {
    const m = eligible[i];
    if (m <= 0) continue;
    k++;
    const s = bestScores[i];
    if (s === undefined || s <= 0) continue;
    t -= logBestOfTail(s, m);
  }
  if (k === 0 || t <= 0) return 0;
  return (-10 * logGammaUpperTail(k, t)) / LN10;
}

/** Fused score of a candidate as the gallery reports it (see protocol.ts Candidate). */
export function fuseFingerScores(fingerScores: readonly FingerScore[], eligible: readonly number[]): number {
  const best: (number | undefined)[] = new Array(eligible.length);
  for (const f of fingerScores) best[f.probeIndex] = Math.max(best[f.probeIndex] ?? Number.NEGATIVE_INFINITY, f.score);
  return fuseCalibrated(best, eligible);
}

/** ln(1 − (1 − q)^m) for q = impostorTail(s), accurate when q is tiny. */
function logBestOfTail(score: number, m: number): number {
  const lnQ = (-score * LN10) / 10;
  if (m === 1) return lnQ;
  // 1 − (1 − q)^m = −expm1(m · log1p(−q)); for q below 1e-8 that is m·q to 1e-8 relative.
  const q = Math.exp(lnQ);
  if (q < 1e-8) return Math.log(m) + lnQ;
  return Math.log(-Math.expm1(m * Math.log1p(-q)));
}

/** ln Q(k, t) = ln(e^−t Σ_{j<k} t^j / j!), the upper tail of Gamma(k, 1), for integer k ≥ 1. */
export function logGammaUpperTail(k: number, t: number): number {
  if (t <= 0) return 0;
  let logTerm = 0;
  let max = 0;
  const terms: number[] = [0];
  for (let j = 1; j < k; j++) {
    logTerm += Math.log(t) - Math.log(j);
    terms.push(logTerm);
    if (logTerm > max) max = logTerm;
  }
  let sum = 0;
  for (const l of terms) sum += Math.exp(l - max);
  return Math.min(0, -t + max + Math.log(sum));
}
