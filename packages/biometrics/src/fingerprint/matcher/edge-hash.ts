import {
  MAX_ANGLE_ERROR,
  MAX_DISTANCE_ERROR,
  ROOT_EDGE_MAX_LENGTH,
} from '../matcher-parameters.ts';
import type { PreparedTemplate } from './prepared-template.ts';
import { maxMatchingLength, minMatchingLength } from './tolerances.ts';


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
   * The entries, with each edge's data copied inline (not an index into an edge list): a bucket
   * is then read sequentially, which measured about twice as fast as the indirection.
   * `endpoints` packs from · 256 + to.
   */
  readonly endpoints: Int32Array;
  readonly length: Float32Array;
  readonly referenceAngle: Float32Array;
  readonly neighborAngle: Float32Array;
}

export const ANGLE_BINS = Math.ceil((2 * Math.PI) / MAX_ANGLE_ERROR);
const LENGTH_BIN = MAX_DISTANCE_ERROR;
const LENGTH_BINS = Math.floor(maxMatchingLength(ROOT_EDGE_MAX_LENGTH) / LENGTH_BIN) + 1;
const BUCKETS = LENGTH_BINS * ANGLE_BINS * ANGLE_BINS;

function angleBin(angle: number): number {
  const bin = Math.floor(angle / MAX_ANGLE_ERROR);
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

export function buildEdgeHash(template: PreparedTemplate): EdgeHash {
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
  const hash: EdgeHash = {
    bucketStart,
    endpoints: new Int32Array(total),
    length: new Float32Array(total),
    referenceAngle: new Float32Array(total),
    neighborAngle: new Float32Array(total),
  };
  for (let e = 0; e < 2 * m; e++) {
    forEachCoveredBucket(length[e], referenceAngle[e], neighborAngle[e], (bucket) => {
      const k = fill[bucket]++;
      hash.endpoints[k] = from[e] * 256 + to[e];
      hash.length[k] = length[e];
      hash.referenceAngle[k] = referenceAngle[e];
      hash.neighborAngle[k] = neighborAngle[e];
    });
  }
  return hash;
}
