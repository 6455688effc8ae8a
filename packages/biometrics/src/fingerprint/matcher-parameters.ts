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

/** Roots (best-voted minutia pairs) from which a pairing is grown; the best pairing wins. */
export const MAX_TRIED_ROOTS = 24;

/** A root needs at least this many consistent edges around it to be worth growing. */
export const MIN_ROOT_VOTES = 2;

/** A paired minutia counts as "supported" with at least this many extra consistent edges. */
export const MIN_SUPPORTING_EDGES = 1;

/** Errors below these fractions of the tolerance count as perfect in the accuracy terms. */
export const DISTANCE_ERROR_FLATNESS = 0.7;
export const ANGLE_ERROR_FLATNESS = 0.3;

/** Weights of the raw score terms (see matcher/scoring.ts for what each counts). */
export const SCORE_WEIGHTS = {
  pairedMinutia: 0.5,
  pairedFraction: 10,
  supportedMinutia: 0.2,
  edge: 0.27,
  typeHit: 0.6,
  distanceAccuracy: 8,
  angleAccuracy: 3,
} as const;

/**
 * Global consistency of a pairing (matcher/alignment.ts): a pair agrees with the rigid fit when it
 * lies within this distance of where the fit puts it, plus a share of its distance from the fit's
 * centre (elastic distortion accumulates away from the centre of contact).
 */
export const ALIGNMENT_TOLERANCE = 20;
export const ALIGNMENT_TOLERANCE_PER_PIXEL = 0.12;

/** A minutia counts as inside the other print's area up to this far outside its convex hull. */
export const OVERLAP_MARGIN = 10;

/** Roots whose pairings get the global alignment check (0 = score on the pairing tree alone). */
export const REFINED_ROOTS: number = 3;

/** Floor of the common-area minutia count, so a tiny overlap cannot make a few pairs look like all. */
export const MIN_OVERLAP_MINUTIAE = 12;
