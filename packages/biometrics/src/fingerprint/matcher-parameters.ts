/**
 * Every tuning constant of the fingerprint matcher, named for what it bounds. Distances are pixels
 * at the engine's working resolution (500 dpi, see types.ts); angles are radians.
 *
 * Starting points came from SourceAFIS's published parameters (13 px / 10° edge tolerance,
 * 9-neighbour edge tables); every change from them was kept only when it lowered the EER over
 * the benchmark sets as a whole (bench/src/fingerprint.ts), never for one set alone.
 */

/**
 * Templates with more minutiae keep the most reliable ones. Real FVC templates at 500 dpi carry
 * 20–80 minutiae; more than this is almost always noise, and the cap sizes the scratch buffers.
 */
export const MAX_MINUTIAE = 128;

/** Neighbours per minutia in its edge table ("star"): the local structure that growth follows. */
export const STAR_NEIGHBORS = 9;

/** Longest edge kept in a star: beyond it, elastic distortion makes edge lengths unreliable. */
export const STAR_MAX_EDGE_LENGTH = 200;

/** Edge length tolerance when two edges are compared (pixels at 500 dpi). */
export const MAX_DISTANCE_ERROR = 13;

/** Angle tolerance for both relative angles of an edge (10°). */
export const MAX_ANGLE_ERROR = (10 * Math.PI) / 180;

/**
 * Length tolerance grows by this fraction of the edge length, so long edges absorb the elastic
 * stretch of the skin (a few percent between impressions) on top of the fixed error above.
 */
export const DISTANCE_ERROR_PER_PIXEL = 0.05;

/**
 * Root-pair search: minutia pairs of both templates vote for each other whenever an edge of one
 * matches an edge of the other. Edges shorter than this carry little angular information (the
 * positional jitter of the endpoints dominates the edge direction), longer than the maximum
 * they suffer from distortion.
 */
export const ROOT_EDGE_MIN_LENGTH = 20;
export const ROOT_EDGE_MAX_LENGTH = 150;

/**
 * Roots (best-voted minutia pairs) from which a pairing is grown; the best pairing wins. Because
 * roots are ranked by votes, the true root is nearly always among the first few: measured mean
 * EER over the 18 benchmark lines 6.58 % with 24 roots, 6.24 % with 12, 6.16 % with 6 (more
 * roots mostly give impostors more chances), and each root costs one growth.
 */
export const MAX_TRIED_ROOTS = 6;

/** A root needs at least this many consistent edges around it to be worth growing. */
export const MIN_ROOT_VOTES = 2;

/** A paired minutia counts as "supported" with at least this many extra consistent edges. */
export const MIN_SUPPORTING_EDGES = 1;

/** Errors below these fractions of the tolerance count as perfect in the accuracy terms. */
export const DISTANCE_ERROR_FLATNESS = 0.7;
export const ANGLE_ERROR_FLATNESS = 0.3;

/**
 * Weights of the quick score that ranks the pairings grown from different roots of one
 * comparison (matcher/scoring.ts, SourceAFIS's terms with our weights).
 */
export const QUICK_SCORE_WEIGHTS = {
  pairedMinutia: 0.5,
  pairedFraction: 10,
  supportedMinutia: 0.2,
  edge: 0.27,
  typeHit: 0.6,
  distanceAccuracy: 8,
  angleAccuracy: 3,
} as const;


/**
 * Weights of the similarity (log-odds of "same finger") of the best pairing, fitted by
 * class-balanced logistic regression on the evidence terms of every comparison of the nine
 * benchmark sets (protocol all, extractor of 2026-11-25, 24 roots tried). Leave-one-set-out checks gave nearly
 * the same error on the left-out set as in-sample (e.g. FVC2004_DB1_B 12.9 % fvc / 10.0 % all
 * EER held out, against 13.6 % / 13.9 % with the quick score), so the weights generalise rather
 * than memorise. What each term says:
 *  - paired, sqrtPaired: paired minutiae (the main evidence);
 *  - pairedFraction: their share of both templates;
 *  - supportPerPair: extra consistent edges per pair (a rigid web, not a chain);
 *  - typeAgreement: share of pairs whose types agree;
 *  - meanAngleError: mean angular error of the tree edges (radians, both angles summed);
 *  - rootVotes: edge-shape votes of the best root pair (local-structure similarity);
 *  - logSizes: log(probe minutiae × candidate minutiae): big templates pair more by chance.
 * A global rigid-fit/overlap term (kept minutiae agreeing with one Procrustes fit, share of the
 * common area) was tried and measured worse (mean EER 8.9 % vs 8.4 %), so it is not used.
 */
export const SIMILARITY_WEIGHTS = {
  bias: 7.09,
  paired: 0.3376,
  sqrtPaired: 0.0561,
  pairedFraction: 5.969,
  supportPerPair: 0.6124,
  typeAgreement: 2.002,
  meanAngleError: -6.6653,
  rootVotes: 0.4474,
  logSizes: -2.2685,
} as const;
