import {
  MAX_ANGLE_ERROR,
  MAX_DISTANCE_ERROR,
  ROOT_EDGE_MAX_LENGTH,
} from '../matcher-parameters.ts';
import { maxMatchingLength, minMatchingLength } from './tolerances.ts';

/** The root-edge fields of a prepared template that the hash is built from. */
interface RootEdges {
  readonly rootEdgeCount: number;
  readonly rootEdgeFrom: Int32Array;
  readonly rootEdgeTo: Int32Array;
  readonly rootEdgeLength: Float64Array;
  readonly rootEdgeReferenceAngle: Float64Array;
  readonly rootEdgeNeighborAngle: Float64Array;
}

/**
 * Both relative angles of an edge quantised to ANGLE_STEPS per turn and packed as
 * reference · 2^16 + neighbour, so one integer test checks both tolerances at once
 * (anglesMatchPackedBit). 4,096 steps (0.09°) keep the quantisation far below the 10° tolerance.
 */
const ANGLE_STEPS = 4096;
const ANGLE_MASK = ANGLE_STEPS - 1;
const ANGLE_TOLERANCE_STEPS = Math.round((MAX_ANGLE_ERROR / (2 * Math.PI)) * ANGLE_STEPS);
const LANE_MASK = ANGLE_MASK * 0x10001;
const LANE_OFFSET = (ANGLE_TOLERANCE_STEPS + ANGLE_STEPS) + (ANGLE_TOLERANCE_STEPS << 16);
const LANE_SPAN = (ANGLE_MASK - 2 * ANGLE_TOLERANCE_STEPS) * 0x10001;
const LANE_OVERFLOW = ANGLE_STEPS * 0x10001;

function quantizeAngle(angle: number): number {
  return Math.round((angle / (2 * Math.PI)) * ANGLE_STEPS) & ANGLE_MASK;
}

export function packAngles(referenceAngle: number, neighborAngle: number): number {
  return (quantizeAngle(referenceAngle) << 16) | quantizeAngle(neighborAngle);
}

/**
 * 1 when both packed angle pairs agree within the tolerance, around the circle, else 0. Each
 * 16-bit lane holds (a − b + tolerance) mod 4096, which is ≤ 2·tolerance exactly when they match;
 * adding (4095 − 2·tolerance) then carries into bit 12 of the lane only when they do not. The
 * +4096 on the low lane keeps its difference positive so it never borrows from the high lane.
 * One test instead of four measured the root vote about a third faster, and returning the bit
 * rather than a boolean lets the vote skip the branch too (root-pairs.ts). `miss` is 0 or a sum
 * of the two carry bits, so miss − 1 is negative exactly on a match (`miss | -miss` gave the
 * same bit but made V8 handle −0, a double).
 */
export function anglesMatchPackedBit(a: number, b: number): number {
  const miss = (((a - b + LANE_OFFSET) & LANE_MASK) + LANE_SPAN) & LANE_OVERFLOW;
  return (miss - 1) >>> 31;
}


/**
 * A probe's root edges in both orientations, bucketed by (length, reference angle, neighbour
 * angle) so a candidate edge finds every probe edge of similar shape in one bucket. Each probe
 * edge is stored in all buckets its tolerance box touches (as SourceAFIS's edge hash does), so the
 * query side reads exactly one bucket and then verifies the exact tolerances.
 */
export interface EdgeHash {
  /** Bucket k holds entries bucketStart[k] .. bucketStart[k + 1] − 1. */
  readonly bucketStart: Int32Array;
  /**
   * The entries, ENTRY_SIZE integers each, with each edge's data inline and interleaved:
   * packAngles(reference, neighbour), then packEdge(length, from, to). A bucket is then one cache
   * line read in order instead of four scattered ones: a probe's hash (~0.4 MB) is often out of
   * cache when the probe changes every few comparisons (protocol fvc), where a cold root search
   * measured ~3× a warm one (see also the bucket order of the queries in prepared-template.ts).
   * The length tolerance is symmetric, so the candidate side carries the bounds (lengthBounds)
   * and an entry needs only its own length: 8 bytes an entry instead of 12.
   */
  readonly entries: Int32Array;
}

export const ENTRY_SIZE = 2;

/** Fixed-point scale of edge lengths (1/64 px: far below the 13 px tolerance; 150 px < 2^14). */
export const LENGTH_SCALE = 64;

/**
 * Length (14 bits, fixed point) · 2^14 + from · 2^7 + to (MAX_MINUTIAE = 128 fits 7 bits). The
 * masks below read from · 2^7 and to directly, which is the row offset of a 128-wide matrix.
 */
export const FROM_ROW_MASK = 127 << 7;
export const TO_MASK = 127;

function packEdge(length: number, from: number, to: number): number {
  return (Math.round(length * LENGTH_SCALE) << 14) | (from << 7) | to;
}

/**
 * The fixed-point lengths a probe edge may have to match a candidate edge of this length
 * (lengthsMatch is symmetric, so these are its bounds solved for the other length), rounded
 * outwards, packed as low · 2^16 + high.
 */
export function lengthBounds(length: number): number {
  const low = Math.max(0, Math.floor(minMatchingLength(length) * LENGTH_SCALE));
  const high = Math.min(0xffff, Math.ceil(maxMatchingLength(length) * LENGTH_SCALE));
  return low * 65536 + high;
}

/**
 * Bucket sides: one length tolerance, and twice the angle tolerance. With angle bins as wide as
 * the tolerance box (20°), a stored edge covers 2 × 2 angle bins instead of 3 × 3 with 10° bins:
 * the hash is ~2× smaller and stays in cache better, while a query's one bucket holds more
 * near-misses to reject. Measured 20–25 % more comparisons/s over the FVC sets; results are equal
 * (every entry is still checked against the exact tolerances).
 */
const ANGLE_BIN = 2 * MAX_ANGLE_ERROR;
export const ANGLE_BINS = Math.ceil((2 * Math.PI) / ANGLE_BIN);
const LENGTH_BIN = MAX_DISTANCE_ERROR;
const LENGTH_BINS = Math.floor(maxMatchingLength(ROOT_EDGE_MAX_LENGTH) / LENGTH_BIN) + 1;
const BUCKETS = LENGTH_BINS * ANGLE_BINS * ANGLE_BINS;

function angleBin(angle: number): number {
  const bin = Math.floor(angle / ANGLE_BIN);
  return bin >= ANGLE_BINS ? bin - ANGLE_BINS : bin;
}

function lengthBin(length: number): number {
  const bin = Math.floor(length / LENGTH_BIN);
  return bin >= LENGTH_BINS ? LENGTH_BINS - 1 : bin;
}

/** The one bucket a query edge reads, or −1 when its length is outside the table. */
export function bucketOf(length: number, referenceAngle: number, neighborAngle: number): number {
  const lb = Math.floor(length / LENGTH_BIN);
  if (lb >= LENGTH_BINS) return -1;
  return (lb * ANGLE_BINS + angleBin(referenceAngle)) * ANGLE_BINS + angleBin(neighborAngle);
}

/** Calls visit(bucket) for every bucket a stored edge must appear in. */
function forEachCoveredBucket(length: number, ra: number, na: number, visit: (bucket: number) => void): void {
  const lMin = Math.max(0, Math.floor(Math.max(0, minMatchingLength(length)) / LENGTH_BIN));
  const lMax = lengthBin(maxMatchingLength(length));
  const twoPi = 2 * Math.PI;
  const r0 = angleBin((ra - MAX_ANGLE_ERROR + twoPi) % twoPi);
  const r1 = angleBin((ra + MAX_ANGLE_ERROR) % twoPi);
  const n0 = angleBin((na - MAX_ANGLE_ERROR + twoPi) % twoPi);
  const n1 = angleBin((na + MAX_ANGLE_ERROR) % twoPi);
  for (let lb = lMin; lb <= lMax; lb++) {
    for (let rb = r0; ; rb = (rb + 1) % ANGLE_BINS) {
      for (let nb = n0; ; nb = (nb + 1) % ANGLE_BINS) {
        visit((lb * ANGLE_BINS + rb) * ANGLE_BINS + nb);
        if (nb === n1) break;
      }
      if (rb === r1) break;
    }
  }
}

export function buildEdgeHash(template: RootEdges): EdgeHash {
  const m = template.rootEdgeCount;
  const from = new Int32Array(2 * m);
  const to = new Int32Array(2 * m);
  const length = new Float64Array(2 * m);
  const referenceAngle = new Float64Array(2 * m);
  const neighborAngle = new Float64Array(2 * m);
  for (let e = 0; e < m; e++) {
    // Forward (from → to) and reversed (to → from): reversing swaps the two relative angles.
    from[2 * e] = template.rootEdgeFrom[e];
    to[2 * e] = template.rootEdgeTo[e];
    length[2 * e] = template.rootEdgeLength[e];
    referenceAngle[2 * e] = template.rootEdgeReferenceAngle[e];
    neighborAngle[2 * e] = template.rootEdgeNeighborAngle[e];
    from[2 * e + 1] = template.rootEdgeTo[e];
    to[2 * e + 1] = template.rootEdgeFrom[e];
    length[2 * e + 1] = template.rootEdgeLength[e];
    referenceAngle[2 * e + 1] = template.rootEdgeNeighborAngle[e];
    neighborAngle[2 * e + 1] = template.rootEdgeReferenceAngle[e];
  }
  const counts = new Int32Array(BUCKETS + 1);
  for (let e = 0; e < 2 * m; e++) {
    forEachCoveredBucket(length[e], referenceAngle[e], neighborAngle[e], (bucket) => counts[bucket + 1]++);
  }
  for (let k = 0; k < BUCKETS; k++) counts[k + 1] += counts[k];
  const bucketStart = counts.slice();
  const fill = counts.slice(0, BUCKETS);
  const total = bucketStart[BUCKETS];
  const entries = new Int32Array(ENTRY_SIZE * total);
  for (let e = 0; e < 2 * m; e++) {
    const angles = packAngles(referenceAngle[e], neighborAngle[e]);
    const packed = packEdge(length[e], from[e], to[e]);
    forEachCoveredBucket(length[e], referenceAngle[e], neighborAngle[e], (bucket) => {
      const k = ENTRY_SIZE * fill[bucket]++;
      entries[k] = angles;
      entries[k + 1] = packed;
    });
  }
  const hash: EdgeHash = { bucketStart, entries };
  return hash;
}
