/**
 * Verification error rates from genuine and impostor score lists, defined as in
 * ../shared/datasets/PEERS.md so our figures compare with the peers' one for one:
 * a comparison is accepted when score ≥ threshold; EER is taken at the threshold where FMR and
 * FNMR are closest (their mean there); FMR100 / FMR1000 / ZeroFMR are the lowest FNMR reachable
 * with FMR ≤ 1 %, ≤ 0.1 % and = 0.
 */
export interface ErrorRates {
  genuineCount: number;
  impostorCount: number;
  eer: number;
  eerThreshold: number;
  fmr100: number;
  fmr1000: number;
  zeroFmr: number;
}

/** One point of the trade-off curve: accepting scores ≥ threshold gives these rates. */
export interface OperatingPoint {
  threshold: number;
  fmr: number;
  fnmr: number;
}

/**
 * Every distinct operating point, from the strictest threshold (nothing accepted) to the most
 * lenient (everything accepted). Ties are kept together: a threshold cannot split equal scores.
 */
export function operatingPoints(genuine: ArrayLike<number>, impostor: ArrayLike<number>): OperatingPoint[] {
  if (genuine.length === 0 || impostor.length === 0) {
    throw new Error('operatingPoints needs at least one genuine and one impostor score');
  }
  const gen = Float64Array.from(genuine).sort();
  const imp = Float64Array.from(impostor).sort();
  const thresholds = Float64Array.from(new Set([...gen, ...imp])).sort();
  const points: OperatingPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fmr: 0, fnmr: 1 }];
  // Walk thresholds from high to low; genAbove/impAbove count scores ≥ threshold.
  let g = gen.length;
  let i = imp.length;
  for (let k = thresholds.length - 1; k >= 0; k--) {
    const t = thresholds[k];
    while (g > 0 && gen[g - 1] >= t) g--;
    while (i > 0 && imp[i - 1] >= t) i--;
    points.push({ threshold: t, fmr: (imp.length - i) / imp.length, fnmr: g / gen.length });
  }
  return points;
}

/** Lowest FNMR among operating points whose FMR does not exceed `maxFmr`. */
export function fnmrAtFmr(points: readonly OperatingPoint[], maxFmr: number): number {
  let best = 1;
  for (const p of points) if (p.fmr <= maxFmr + 1e-12 && p.fnmr < best) best = p.fnmr;
  return best;
}

/**
 * Lowest FMR among operating points whose FNMR does not exceed `maxFnmr` (for presentation-attack
 * detection with live = genuine and attack = impostor: the APCER at a BPCER target).
 */
export function fmrAtFnmr(points: readonly OperatingPoint[], maxFnmr: number): number {
  let best = 1;
  for (const p of points) if (p.fnmr <= maxFnmr + 1e-12 && p.fmr < best) best = p.fmr;
  return best;
}

/** The threshold that reaches `fmrAtFnmr(points, maxFnmr)`: the PAD operating point for a BPCER target. */
export function thresholdAtFnmr(points: readonly OperatingPoint[], maxFnmr: number): number {
  // The most lenient point (everything accepted, FNMR 0) always meets the target.
  let best = points[points.length - 1];
  for (const p of points) if (p.fnmr <= maxFnmr + 1e-12 && p.fmr < best.fmr) best = p;
  return best.threshold;
}

/** The threshold that reaches `fnmrAtFmr(points, maxFmr)`: the calibration point for a target FMR. */
export function thresholdAtFmr(points: readonly OperatingPoint[], maxFmr: number): number {
  let best = points[0];
  for (const p of points) if (p.fmr <= maxFmr + 1e-12 && p.fnmr < best.fnmr) best = p;
  return best.threshold;
}

export function computeErrorRates(genuine: ArrayLike<number>, impostor: ArrayLike<number>): ErrorRates {
  const points = operatingPoints(genuine, impostor);
  let eerPoint = points[0];
  for (const p of points) {
    if (Math.abs(p.fmr - p.fnmr) < Math.abs(eerPoint.fmr - eerPoint.fnmr)) eerPoint = p;
  }
  return {
    genuineCount: genuine.length,
    impostorCount: impostor.length,
    eer: (eerPoint.fmr + eerPoint.fnmr) / 2,
    eerThreshold: eerPoint.threshold,
    fmr100: fnmrAtFmr(points, 0.01),
    fmr1000: fnmrAtFmr(points, 0.001),
    zeroFmr: fnmrAtFmr(points, 0),
  };
}

/** Formats a rate as the summary lines print it: `3.57%`. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

/** p-th percentile (0..100) by nearest rank of an unsorted list. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
