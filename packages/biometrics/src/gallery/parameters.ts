/**
 * Every tuning constant of the 1:N gallery, named for what it bounds. Distances are pixels at the
 * engine's working resolution (500 dpi), angles radians. The pre-filter constants were chosen by
 * measurement with `npm run bench:gallery` (penetration rate vs. how often the true mate survives),
 * never for one data set alone.
 */

/**
 * Triangle descriptor (descriptor.ts). Each minutia forms triangles with pairs of its nearest
 * neighbours; the values below were chosen on FVC2002 DB1 and synthetic prints against derived
 * distractors (bench/src/gallery/prefilter-study.ts): 8 angle bins left impostor triangles
 * sharing ~45 % of cells (neighbouring minutiae run along the same ridge flow, so coarse angles are
 * nearly constant); 16 bins brought the miss rate at 0.5 % penetration from ~75 % to ~5–25 %.
 * Re-measured 2026-11-25 on all nine FVC-style sets (917 mated probes, impression 1 enrolled,
 * against 5,000 derived distractors; "matchable" = mates the full matcher accepts at 40): miss at
 * 0.3 / 1 / 2 / 5 % penetration, matchable mates — 4 neighbours 28 / 22 / 18 / 13 %; 6: 32 / 22 /
 * 18 / 12 %; 8: 31 / 21 / 17 / 11 %; 8 neighbours scored by shared / enrolled cells 24 / 16 / 11 /
 * 6 %, but with 4.6× the cells per finger (memory and scan time). 12 angle bins were worse (49 %
 * at 0.3 %). Kept at 4: at the operating penetration (0.3 %) the gain does not pay for the memory.
 * Turning bifurcations by π as the matcher does then took the matchable misses (4 neighbours) from
 * 30 / 24 / 20 / 15 % to 23 / 17 / 14 / 10 % at the same cost.
 */
export const DESCRIPTOR_NEIGHBORS = 4;

/** Edges shorter than this are mostly positional noise; longer than the maximum, distortion. */
export const DESCRIPTOR_MIN_EDGE = 15;
export const DESCRIPTOR_DISTANCE_STEP = 20;
export const DESCRIPTOR_DISTANCE_BINS = 7;
export const DESCRIPTOR_MAX_EDGE = DESCRIPTOR_MIN_EDGE + DESCRIPTOR_DISTANCE_STEP * DESCRIPTOR_DISTANCE_BINS;

/** Bins per full turn for each of the four angles of a triangle (22.5° each). */
export const DESCRIPTOR_ANGLE_BINS = 16;

/** Cells of the triangle space: two edge lengths × four angles. */
export const DESCRIPTOR_CELLS = DESCRIPTOR_DISTANCE_BINS ** 2 * DESCRIPTOR_ANGLE_BINS ** 4;

/**
 * Cylinder-code index (cylinder-codes.ts), chosen with `npm run bench:prefilter` on the nine FVC
 * sets (848 mates the full matcher accepts) against chimeras and real non-mates; every variant and
 * its figures are in bench/logs/prefilter-study.md. Miss at 0.5 / 1 / 2 / 5 % penetration:
 * triangles (before) 36 / 29 / 24 / 18 %; these values with rotation voting (32 bins) 8.3 / 5.1 / 4.3 / 3.0 %.
 *
 * - Geometry (R 70 px, 8 × 8 cells, 6 direction sections, σs 28/3 px, σd 2π/9) is the published
 *   MCC's; the convex-hull margin of 50 px and 75 % valid cells likewise. Not tuned.
 * - bitThreshold 0.005 (13 % of bits set): at the published-like 0.01 only 6.8 % were set and most
 *   20-bit keys had too few ones to be indexed (14 % → 5.9 % miss at 5 % going to 0.005 with 32 × 20).
 * - 16 functions × 20 bits with two-bit multi-probe flips on the probe side: as good as 32 × 24
 *   without flips (3.8 vs 3.5 % at 5 %) with 842 instead of 1,557 codes per finger (memory and
 *   scan time), because flips grow only the probe.
 * - codeBits 22: a probe's few thousand codes fill 0.1 % of the space, so folding costs an entry
 *   about one chance vote while the probe mask (Uint32 per code) stays 16 MB per shard. Measured identical to 24 bits.
 */
export const CYLINDER_INDEX = {
  radius: 70,
  cells: 8,
  sections: 6,
  sigmaSpatial: 28 / 3,
  sigmaDirection: (2 * Math.PI) / 9,
  bitThreshold: 0.005,
  minNeighbors: 2,
  hullMargin: 50,
  minValidFraction: 0.75,
  hashes: 16,
  hashBits: 20,
  minKeyOnes: 2,
  codeBits: 22,
  probeFlips: 2,
  uncertainRatio: 2,
  seed: 20111,
} as const;

/**
 * Direction bins of oriented codes: 32 (11.25°; two adjacent bins vote together, so a rotation on
 * a border is not split). 32 beat 16 (miss at 1 / 5 % penetration 5.1 / 3.0 % vs 7.2 / 3.8 %) and
 * is the most a probe mask of one Uint32 per code holds. Stored in a code's low DIRECTION_SHIFT bits.
 */
export const DIRECTION_BINS = 32;
export const DIRECTION_SHIFT = 5;

/**
 * Rotation bins summed into an entry's index score (its best window of this many adjacent bins).
 * 1: the single best bin. Measured (bench:prefilter, 2026-12-06, index alone): miss at 0.5 / 5 %
 * penetration 7.2 / 2.6 % with 1 bin, 8.3 / 3.0 % with 2, 9.6 / 3.5 % with 3, 11.7 / 3.9 % with 4:
 * with 32 bins (11.25°) a mate's votes already fall in one bin, and every bin added lets in more
 * chance collisions than mated votes. With the MCC re-rank of 4 × K: 5.2 / 3.2 / 2.1 / 1.4 % at
 * 0.5 / 1 / 2 / 5 % (2 bins: 5.7 / 3.8 / 2.5 / 1.4 %).
 */
export const ROTATION_WINDOW = 1;

/**
 * Most probe cylinders the index walk uses (cylinder-codes.ts indexProbeCylinders: those nearest
 * the minutiae's centroid). Chosen for the tail of search time at a million fingers
 * (bench/logs/gallery-memory.md, session 13): one 500,000-finger shard, the index stage of the
 * largest probes (60 / 64 / 72 minutiae) took 374 / 310 / 498 ms with every cylinder and
 * 223 / 180 / 217 ms with 40. Mates lost (gallery-k-study.ts on the 100,000-finger pack, 440
 * mates the 1:1 matcher accepts, R = 4, the index's first K/8 kept) at K = 150 / 300 / 500 /
 * 1,500 per shard: 7 / 4 / 2 / 2 with every cylinder, 7 / 5 / 2 / 2 with 40 — most FVC probes
 * have fewer cylinders than that, and CrossMatch's 178 large probes lost none either way.
 */
export const INDEX_PROBE_CYLINDERS = 40;

/**
 * The shard's inverted index (rotation-postings.ts) is rebuilt when the entries added since its
 * build exceed both: those are scanned meanwhile, and a rebuild is a counting sort of every code.
 */
export const POSTINGS_REBUILD_MIN = 4096;
export const POSTINGS_REBUILD_FRACTION = 0.1;

/**
 * Pre-filter survivors per probe finger and shard: the larger of a fixed floor and a fraction of the
 * shard (the penetration rate). Full matching runs only on survivors and dominates search time
 * (≈0.5–1.5 ms per survivor on a shared core: decode + prepare + match; ≈ 0.13 ms since session 13's
 * lazy preparation, bench/logs/matcher-speed.md), so K bounds latency.
 * Measured at 10k fingers (bench:gallery, 7 FVC sets + synthetic): the mate's miss rate was 15 %
 * at 0.2 % penetration, 14 % at 0.5 %, 12 % at 1 % — nearly flat, the misses being mostly
 * prints the full matcher misses too — so 0.3 % (150 per shard of 50k) buys the < 1 s target at
 * 100k fingers for about one point of identification rate.
 * Those figures are the former triangle index's. With the cylinder index (2026-12-06,
 * bench/logs/prefilter-study.md) the miss over mates the matcher accepts is 8.3 % at 0.5 % and
 * 5.1 % at 1 % penetration; K and the penetration were left as they were in that change (each
 * survivor still costs a full match), to be revisited with bench:gallery at scale.
 * Revisited (2026-12-07 session 12, bench/logs/identification-decision.md; gallery-k-study.ts on the
 * 100,000-finger bench population, 2 shards, 440 mates the 1:1 matcher accepts): mates lost at
 * K = 150 / 300 / 500 / 1,000 per shard 9 / 5 / 3 / 3 (2 / 2 with INDEX_KEPT_SHARE at 500 / 1,000).
 * 500 per shard: 1 % of a 50,000-finger shard, below the issue's 5 %; end to end at 100 k it raised
 * p50 from ≈ 0.5 to ≈ 1.2 s on the shared 2-core machine (1,000 full matches per search instead of
 * 300). From 167,000 fingers per shard the 0.3 % share is the larger, so at 1 M on 2 shards K stays
 * 1,500 per shard and this floor costs nothing there.
 */
export const PREFILTER_MIN_CANDIDATES = 500;

/**
 * Two-stage pre-filter (shard-index.ts): the index keeps RERANK_RATIO × K entries, MCC Local
 * Similarity Sort on their stored cylinders (mcc-similarity.ts) keeps the K that reach the full
 * matcher, so the penetration (K / shard) is unchanged. Measured with `npm run bench:prefilter`
 * (bench/logs/prefilter-study.md, 2026-12-06, nine FVC sets, 848 mates the matcher accepts, vs
 * chimeras and real non-mates): miss at 0.5 / 1 / 2 / 5 % penetration, index alone 8.3 / 5.1 /
 * 4.3 / 3.0 %; re-ranking 2 × K 6.4 / 4.4 / 3.4 / 2.1 %; 4 × K 5.7 / 3.8 / 2.5 / 1.4 %; 8 × K
 * 5.1 / 3.0 / 1.8 / 1.4 %. Leave-one-set-out chose 4 × for eight of the nine folds. Cost: about
 * 0.1 ms of CPU per re-ranked entry (vs ≈ 1 ms per full match), so 4 × K adds ≈ 40 % of a full
 * match per survivor; and ≈ 2.5 kB of packed cylinders per enrolled finger.
 */
export const RERANK_RATIO = 4;
export const PREFILTER_PENETRATION = 0.003;

/**
 * Share of the K survivors taken straight from the index's best, before MCC chooses the rest of
 * the shortlist: the two stages' verdicts joined, so that MCC cannot drop a mate the index ranked
 * near the top (it did: a mate at index rank 0–29 out-scored in MCC by 500 of 2,000). Measured with
 * bench/src/gallery-k-study.ts on the 100,000-finger bench:gallery population (440 mates the 1:1
 * matcher accepts, nine FVC sets, 2 shards; bench/logs/identification-decision.md, session 12):
 * mates lost at K = 150 / 500 per shard, MCC choosing all K 9 / 3, the index's first K/8 kept
 * 8 / 2, K/4 7 / 2, K/2 7 / 3; index alone 11 / 7. The share was chosen on the nine sets pooled.
 */
export const INDEX_KEPT_SHARE = 1 / 8;

/** Records per "add" message while loading: large enough to amortise messaging, small enough to stream. */
export const LOAD_BATCH_SIZE = 2000;

/** How long close() waits for a shard to exit on its own before terminating it. */
export const SHARD_CLOSE_TIMEOUT_MS = 5000;

/**
 * The cohort rule's k (operating-point.ts): the first candidate must lead the k-th by the gap whose
 * chance is the target FPIR. Chosen with bench:gallery --dump and bench/src/gallery-decision.ts
 * (bench/logs/identification-decision.md): k = 2, 3, 5, 10 over the same searches. A larger k takes
 * the reference further from the best impostor (more robust to one strong impostor, or to a person
 * enrolled twice) at a cost of 10 × log10(k − 1) points of gap. Callers must ask the gallery for at
 * least this many candidates, or the decision falls back to the gallery-size threshold.
 */
export const COHORT_RANK = 10;

/**
 * The cohort rule's tail scale: points of score per e-fold at the top of one search's impostor
 * candidates (operating-point.ts cohortPValue). The calibrated scale puts pooled impostor pairs at
 * 10/ln 10 ≈ 4.34 points per e-fold, but one probe's own impostors spread less (a pool mixes probes
 * whose impostors reach different heights), which made the rule at 4.34 let through 11 % of impostor
 * searches at nominal 30 % and 0.1 % at nominal 1 % — conservative, and it refused mates at
 * 40–67 points for it. Measured (bench/logs/identification-decision.md, 2026-12-07 session 12):
 * the maximum-likelihood scale of the nine exceedances over the 10th candidate, over 927 impostor
 * FVC searches at 100,000 fingers, is 3.33 (non-mated) and 3.43 (mate-removed), 3.2–4.0 per set;
 * 3.5 is above both pooled values. At 3.5 the observed share at nominal 30 / 10 / 3 / 1 % was
 * 24.9 / 6.9 / 1.1 / 0.2 %: still at or below nominal.
 */
export const COHORT_TAIL_SCALE = 3.5;

/**
 * Default target FPIRs of operating-point.ts (the server's BIOMETRIC_*_FPIR override them).
 * Identification (kiosk check-in, 1:N without a claimed identity): 0.1 % — a false identification
 * records attendance for someone else, while a search that is not decisive only asks for the
 * matrícula. Deduplication at enrollment: 1 % — a hit goes to a supervisor who adjudicates, so
 * a false one costs a review, and a missed duplicate is the fraud deduplication exists to stop.
 */
export const IDENTIFICATION_FPIR = 0.001;
export const DEDUPLICATION_FPIR = 0.01;
