/**
 * Calibration of the published score: the similarity (log-odds of "same finger",
 * matcher/scoring.ts) is mapped piecewise-linearly so that the score reads as
 * 10 × −log10(FMR) measured on impostor comparisons — 10 at FMR 10 %, 20 at 1 %, 30 at 0.1 %,
 * 40 at 0.01 % — and keeps rising with the last slope beyond. The mapping is strictly increasing,
 * so it changes no ranking (and no EER), only where a fixed threshold sits.
 *
 * Knots refit on 2026-12-07 (the rotationCosine term and the weights of matcher-parameters.ts
 * fitted with it; extractor unchanged since 2026-12-05, version f58ff8e7e7b542a7)
 * from all 104,640 impostor pairs of the nine public sets in
 * ../shared/datasets/fingerprints (protocol all: every cross-finger pair; FVC2000/2002/2004
 * DB*_B and Neurotech CrossMatch), pooled, reproducible with
 *   npm run bench:fingerprint -- --dataset ../shared/datasets/fingerprints --protocol both --out RUN --cache DIR
 *   npx tsx bench/src/fingerprint/calibrate.ts --run RUN
 * Each knot lies halfway between the n-th and (n+1)-th highest impostor, n = ⌊FMR · 104,640⌋ for
 * FMR 10 %, 1 %, 0.1 %, 0.01 %: at the 40 knot exactly 10 impostors (0.0096 %) score higher. The 0
 * knot continues the 10 %/1 % spacing one decade down. The knots depend on the extractor and on
 * the similarity weights: re-measure them whenever either changes.
 */
const RAW_KNOTS = [-4.9847, -2.7638, -0.5429, 1.4304, 3.0368];
const SCORE_KNOTS = [0, 10, 20, 30, 40];

/** The score knots and the raw similarity at each, for bench/src/fingerprint/calibrate.ts. */
export const CALIBRATION_KNOTS = { raw: RAW_KNOTS, score: SCORE_KNOTS } as const;

export function shapeScore(raw: number): number {
  if (raw <= RAW_KNOTS[0]) return 0;
  for (let k = 1; k < RAW_KNOTS.length; k++) {
    if (raw < RAW_KNOTS[k]) {
      const t = (raw - RAW_KNOTS[k - 1]) / (RAW_KNOTS[k] - RAW_KNOTS[k - 1]);
      return SCORE_KNOTS[k - 1] + t * (SCORE_KNOTS[k] - SCORE_KNOTS[k - 1]);
    }
  }
  const last = RAW_KNOTS.length - 1;
  const slope = (SCORE_KNOTS[last] - SCORE_KNOTS[last - 1]) / (RAW_KNOTS[last] - RAW_KNOTS[last - 1]);
  return SCORE_KNOTS[last] + (raw - RAW_KNOTS[last]) * slope;
}

/**
 * Accept a comparison when matchScore ≥ this. It is the score at FMR = 0.01 % (1 in 10,000
 * impostor comparisons accepted), measured as described above: pooled over the 104,640 impostor
 * pairs of the nine benchmark sets under protocol all, where 10 impostors (0.0096 %) reached it.
 */
export const FINGERPRINT_MATCH_THRESHOLD = 40;

/**
 * The raw similarity behind a published score (inverse of shapeScore for scores > 0; a score of 0
 * gives −∞, since everything at or below the lowest knot maps there). Lets a calibration be refit
 * from the scores.csv files of a benchmark run.
 */
export function rawFromScore(score: number): number {
  if (score <= 0) return Number.NEGATIVE_INFINITY;
  for (let k = 1; k < SCORE_KNOTS.length; k++) {
    if (score < SCORE_KNOTS[k]) {
      const t = (score - SCORE_KNOTS[k - 1]) / (SCORE_KNOTS[k] - SCORE_KNOTS[k - 1]);
      return RAW_KNOTS[k - 1] + t * (RAW_KNOTS[k] - RAW_KNOTS[k - 1]);
    }
  }
  const last = RAW_KNOTS.length - 1;
  const slope = (SCORE_KNOTS[last] - SCORE_KNOTS[last - 1]) / (RAW_KNOTS[last] - RAW_KNOTS[last - 1]);
  return RAW_KNOTS[last] + (score - SCORE_KNOTS[last]) / slope;
}
