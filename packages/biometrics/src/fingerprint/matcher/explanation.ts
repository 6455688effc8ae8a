import type { SIMILARITY_TERMS } from '../matcher-parameters.ts';

export type SimilarityTerm = (typeof SIMILARITY_TERMS)[number];

/**
 * Why two templates scored what they scored: the matcher's transparency, as `extractor/` has its
 * own (transparency.ts). Everything is under stable keys, with minutiae named by their index in the
 * templates as given (not as prepared), so an adjudication screen can draw the pairs on both
 * images and list the evidence. `score` is the same number matchScore returns for the pair.
 *
 * - `score`        calibrated score (accept when ≥ `threshold`)
 * - `similarity`   log-odds behind it (−∞ when no root pair exists)
 * - `threshold`    FINGERPRINT_MATCH_THRESHOLD
 * - `roots`        the root pairs tried, best-voted first, with their edge-hash votes
 * - `bestRoot`     index into `roots` of the root the winning pairing grew from (−1: none)
 * - `pairs`        the winning pairing in growth order: each pair, the pair it was reached from
 *                  (`parent`, an index into `pairs`; null for the root), the extra consistent
 *                  edges that touched it (`support`) and the length (px) and angle (rad) errors of
 *                  the edge that added it
 * - `terms`        each evidence term of the similarity (matcher-parameters.ts SIMILARITY_TERMS)
 * - `contributions` each term times its weight; they add up to `similarity`
 */
export interface MatchExplanation {
  score: number;
  similarity: number;
  threshold: number;
  roots: { probe: number; candidate: number; votes: number }[];
  bestRoot: number;
  pairs: {
    probe: number;
    candidate: number;
    parent: number | null;
    support: number;
    lengthError: number;
    angleError: number;
  }[];
  terms: Record<SimilarityTerm, number>;
  contributions: Record<SimilarityTerm, number>;
}
