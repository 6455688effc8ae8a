/**
 * The upper tail of a face model's impostor scores (cosine of two different people's embeddings),
 * as a generalized Pareto distribution (GPD) over the scores above a high start `u`:
 *
 *   FMR(t) = P(impostor ≥ t) = p_u · (1 + ξ (t − u) / σ)^(−1/ξ)     for t ≥ u
 *
 * Why this model: the Pickands–Balkema–de Haan theorem makes the GPD the limit law of exceedances
 * over a high threshold for any score distribution of the usual kinds, so it is the standard way to
 * read false-match rates below what the impostor pairs at hand can show (a 1:N search at 1 M faces
 * and FPIR 1 % needs FMR ≈ 10⁻⁸; a face set gives a few million pairs at most). Cosines are bounded
 * by 1, so the fitted shape ξ is expected negative (a finite endpoint u − σ/ξ).
 *
 * The fit is maximum likelihood (profile over ξ, σ by golden-section search); the benchmark that
 * fits a model's shipped tail is `npm run bench:face-tail`.
 */

export interface ImpostorTail {
  /** u: where the tail starts (a cosine). */
  start: number;
  /** p_u: fraction of impostor pairs scoring above `start`. */
  exceedance: number;
  /** ξ: the GPD's shape (negative = bounded tail). */
  shape: number;
  /** σ: the GPD's scale (cosine units). */
  scale: number;
}

/** Chance that one impostor comparison scores ≥ t, from the tail; t must lie in the tail (≥ start). */
export function tailFmr(tail: ImpostorTail, t: number): number {
  if (!(t >= tail.start)) throw new RangeError(`score ${t} is below the impostor tail's start ${tail.start}`);
  const z = (t - tail.start) / tail.scale;
  if (Math.abs(tail.shape) < 1e-12) return tail.exceedance * Math.exp(-z);
  const base = 1 + tail.shape * z;
  // Past the endpoint of a bounded tail no impostor reaches.
  if (base <= 0) return 0;
  return tail.exceedance * Math.exp(-Math.log(base) / tail.shape);
}

/**
 * The score an impostor comparison reaches with chance `fmr`: the inverse of tailFmr. Defined for
 * fmr ∈ (0, exceedance]; a larger fmr lies below the tail, where the model does not speak.
 */
export function tailThreshold(tail: ImpostorTail, fmr: number): number {
  if (!(fmr > 0 && fmr <= tail.exceedance)) throw new RangeError(`fmr ${fmr} is outside the impostor tail (0, ${tail.exceedance}]`);
  const r = Math.log(fmr / tail.exceedance);
  if (Math.abs(tail.shape) < 1e-12) return tail.start - tail.scale * r;
  // (fmr / p_u)^(−ξ) − 1, without cancellation when it is small.
  return tail.start + (tail.scale / tail.shape) * Math.expm1(-tail.shape * r);
}

/**
 * Maximum-likelihood GPD over the scores above `start` (the others are ignored); `total` is how
 * many impostor pairs the scores came from, so p_u = exceedances / total.
 */
export function fitImpostorTail(scores: ArrayLike<number>, start: number, total: number = scores.length): ImpostorTail & { exceedances: number } {
  const y: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i] > start) y.push(scores[i] - start);
  if (y.length < 10) throw new RangeError(`only ${y.length} scores above ${start}: too few to fit a tail`);
  const max = Math.max(...y);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;

  // Negative log-likelihood per exceedance, +∞ where the parameters do not cover the data.
  const nll = (xi: number, sigma: number): number => {
    if (!(sigma > 0)) return Infinity;
    if (Math.abs(xi) < 1e-9) return Math.log(sigma) + mean / sigma;
    let sum = 0;
    for (const v of y) {
      const b = 1 + (xi * v) / sigma;
      if (b <= 0) return Infinity;
      sum += Math.log(b);
    }
    return Math.log(sigma) + ((1 + 1 / xi) * sum) / y.length;
  };
  // For a fixed ξ, the best σ; for ξ < 0 the support needs σ > −ξ · max.
  const bestSigma = (xi: number): { sigma: number; value: number } => {
    const lo = Math.log(Math.max(xi < 0 ? -xi * max * (1 + 1e-9) : 0, mean * 1e-3));
    const hi = Math.log(mean * 100);
    const log = goldenMin((s) => nll(xi, Math.exp(s)), lo, hi, 50);
    return { sigma: Math.exp(log), value: nll(xi, Math.exp(log)) };
  };
  // ξ < −1 makes the likelihood unbounded (the endpoint collapses onto the largest score): search (−1, 1).
  let bestXi = 0, bestValue = Infinity;
  for (let xi = -0.98; xi <= 0.98; xi += 0.02) {
    const { value } = bestSigma(xi);
    if (value < bestValue) [bestXi, bestValue] = [xi, value];
  }
  const shape = goldenMin((xi) => bestSigma(xi).value, Math.max(-0.999, bestXi - 0.02), Math.min(0.999, bestXi + 0.02), 40);
  return { start, exceedance: y.length / total, shape, scale: bestSigma(shape).sigma, exceedances: y.length };
}

function goldenMin(f: (x: number) => number, lo: number, hi: number, iterations: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc <= fd) {
      [b, d, fd] = [d, c, fc];
      c = b - g * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}
