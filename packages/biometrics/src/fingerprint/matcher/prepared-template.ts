import type { FingerprintTemplate } from '../types.ts';
import { BiometricError } from '../../errors.ts';
import {
  MAX_MINUTIAE,
  ROOT_EDGE_MAX_LENGTH,
  ROOT_EDGE_MIN_LENGTH,
  STAR_MAX_EDGE_LENGTH,
  STAR_NEIGHBORS,
} from '../matcher-parameters.ts';
import { normalizeAngle, vectorAngle } from './angles.ts';
import { angleBin, buildEdgeHash, lengthBounds, packAngles, queryCellsOf, type EdgeHash } from './edge-hash.ts';
import { convexHull, type Hull } from './overlap.ts';

/**
 * A template turned into the flat typed arrays the matcher reads in its hot loops. Build it once
 * per template with `prepareTemplate` and reuse it for every comparison (1:1 and 1:N). The fields
 * are an implementation detail: treat the object as opaque.
 */
export interface PreparedTemplate {
  readonly count: number;
  readonly width: number;
  readonly height: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly direction: Float64Array;
  /** Convex hull of the minutiae (overlap.ts): the area the print covers, as far as the template knows. */
  readonly hull: Hull;
  /** 0 = ridge ending, 1 = bifurcation. */
  readonly type: Uint8Array;
  /** Index into the caller's original minutia list (templates over the cap keep a subset). */
  readonly sourceIndex: Int32Array;
  /**
   * Edge table: for minutia i, its nearest neighbours at positions starStart[i] ..
   * starStart[i + 1] − 1, sorted by reference angle. Each edge stores the neighbour, the length and
   * the two rotation-invariant angles (edge direction relative to each endpoint's direction).
   */
  readonly starStart: Int32Array;
  readonly starNeighbor: Int32Array;
  readonly starLength: Float64Array;
  readonly starReferenceAngle: Float64Array;
  readonly starNeighborAngle: Float64Array;
  /**
   * Unordered minutia pairs (from < to) whose edge length suits root search. Their length and
   * relative angles are not kept: only a probe's edge hash needs them, and buildEdgeHash measures
   * them again from the positions, bit for bit (a gallery candidate, prepared for one comparison,
   * never builds one).
   */
  readonly rootEdgeCount: number;
  readonly rootEdgeFrom: Int32Array;
  readonly rootEdgeTo: Int32Array;
  /**
   * The same edges as a query of another template's edge hash: the run of hash cells each one
   * reads (queryCells, −1 when none), its packed angles and the fixed-point lengths it matches,
   * computed once rather than in every comparison.
   */
  readonly rootEdgeCells: Int32Array;
  readonly rootEdgeAngles: Int32Array;
  readonly rootEdgeLengthBounds: Int32Array;
  /** Lookup table of this template's edges, built the first time it is used as a probe. */
  edgeHash: EdgeHash | null;
}

function checkTemplate(template: FingerprintTemplate): void {
  if (!template || !Array.isArray(template.minutiae)) {
    throw new BiometricError('FINGERPRINT_TEMPLATE_INVALID', 'La plantilla de huella no es válida.');
  }
  for (const m of template.minutiae) {
    if (!Number.isFinite(m.x) || !Number.isFinite(m.y) || !Number.isFinite(m.direction)) {
      throw new BiometricError(
        'FINGERPRINT_TEMPLATE_INVALID',
        'La plantilla de huella contiene minucias con coordenadas o dirección inválidas.',
      );
    }
  }
}

/**
 * Indices of the minutiae to keep when there are more than MAX_MINUTIAE: the most reliable ones
 * (ties by index), in index order. Templates within the cap keep every minutia in order.
 */
function selectMinutiae(template: FingerprintTemplate): number[] {
  const indices = template.minutiae.map((_, i) => i);
  indices.sort((a, b) => template.minutiae[b].quality - template.minutiae[a].quality || a - b);
  return indices.slice(0, MAX_MINUTIAE).sort((a, b) => a - b);
}

/**
 * The direction the matcher compares: a ridge ending's own, a bifurcation's turned by π. Pressure
 * and skin condition often join a ridge ending to its neighbour or break a bifurcation, so one
 * minutia shows up as an ending in one impression and a bifurcation in another (measured on the
 * genuine pairs of the eight FVC sets: 20–30 % of the minutiae that correspond by position change
 * type). In this template convention an ending points into its ridge and a bifurcation along its
 * stem, which is the opposite way for the same spot (81–86 % of the type-changed correspondences
 * differ by more than 135°), so without the turn every edge through such a minutia fails its
 * angle test. With it both readings point the same way and the edges match; whether the types
 * agree still counts in the score (typeAgreement).
 */
function matchingDirection(direction: number, type: number): number {
  return normalizeAngle(type === 1 ? direction + Math.PI : direction);
}

// Module-local copies of the imported constants and helpers: imported bindings are live, so V8
// reloads and hole-checks them on every use in a loop (see root-pairs.ts), while local constants
// are folded into the code.
const MAX_COUNT = MAX_MINUTIAE;
const NEIGHBORS = STAR_NEIGHBORS;
const STAR_MAX_SQUARED = STAR_MAX_EDGE_LENGTH * STAR_MAX_EDGE_LENGTH;
const ROOT_MIN = ROOT_EDGE_MIN_LENGTH;
const ROOT_MAX = ROOT_EDGE_MAX_LENGTH;
const angleOf = vectorAngle;
const normalize = normalizeAngle;
const binOf = angleBin;
const pack = packAngles;
const cellsOf = queryCellsOf;
const boundsOf = lengthBounds;

/** Room for every pair of the largest template (MAX_MINUTIAE minutiae). */
const MAX_PAIRS = (MAX_COUNT * (MAX_COUNT - 1)) / 2;

/**
 * Module scratch, not per call: preparing is synchronous, and a gallery search prepares every
 * candidate it scores. Everything is measured here first and copied once into one buffer of the
 * exact size (see prepareTemplate).
 */
const scratchX = new Float64Array(MAX_COUNT);
const scratchY = new Float64Array(MAX_COUNT);
const scratchDirection = new Float64Array(MAX_COUNT);
const scratchType = new Uint8Array(MAX_COUNT);
const scratchSource = new Int32Array(MAX_COUNT);
/** Each minutia's nearest neighbours so far (row i at i · STAR_NEIGHBORS), nearest first. */
const nearCount = new Int32Array(MAX_COUNT);
const nearNeighbor = new Int32Array(MAX_COUNT * NEIGHBORS);
const nearSquared = new Float64Array(MAX_COUNT * NEIGHBORS);
/** The stars, in their final order. */
const starStartScratch = new Int32Array(MAX_COUNT + 1);
const starNeighborScratch = new Int32Array(MAX_COUNT * NEIGHBORS);
const starLengthScratch = new Float64Array(MAX_COUNT * NEIGHBORS);
const starReferenceScratch = new Float64Array(MAX_COUNT * NEIGHBORS);
const starNeighborAngleScratch = new Float64Array(MAX_COUNT * NEIGHBORS);
/** Direction of the edge i → j of every root edge (i < j), row i at i · MAX_MINUTIAE: stars reuse it. */
const pairAngle = new Float64Array(MAX_COUNT * MAX_COUNT);
/** What the pair pass measured of each root edge, by slot (its place in that pass). */
const slotEnds = new Int32Array(MAX_PAIRS);
const slotAngles = new Int32Array(MAX_PAIRS);
const slotBounds = new Int32Array(MAX_PAIRS);
/** Sort key of each slot: the cells it reads, plus one (queryCells gives −1 for none), below 2^24. */
const slotKey = new Int32Array(MAX_PAIRS);
const slotOrder = new Int32Array(MAX_PAIRS);
const slotPassed = new Int32Array(MAX_PAIRS);
const MAX_RADIX_BITS = 12;
const radixCounts = new Int32Array(1 << MAX_RADIX_BITS);

/**
 * Offers neighbour j at squared distance `squared` to minutia i's list of nearest neighbours
 * (STAR_NEIGHBORS at most, nearest first). Offers come in rising j, so an equal distance already
 * kept stays ahead: ties go to the lower index.
 */
function offerNeighbor(i: number, j: number, squared: number): void {
  const base = i * NEIGHBORS;
  const kept = nearCount[i];
  if (kept === NEIGHBORS && squared >= nearSquared[base + NEIGHBORS - 1]) return;
  let at = base + kept;
  if (kept < NEIGHBORS) nearCount[i] = kept + 1;
  else at--;
  while (at > base && nearSquared[at - 1] > squared) {
    nearSquared[at] = nearSquared[at - 1];
    nearNeighbor[at] = nearNeighbor[at - 1];
    at--;
  }
  nearSquared[at] = squared;
  nearNeighbor[at] = j;
}

export function prepareTemplate(template: FingerprintTemplate): PreparedTemplate {
  checkTemplate(template);
  const minutiae = template.minutiae;
  const kept = minutiae.length > MAX_COUNT ? selectMinutiae(template) : null;
  const n = kept === null ? minutiae.length : MAX_COUNT;
  const x = scratchX;
  const y = scratchY;
  const direction = scratchDirection;
  for (let i = 0; i < n; i++) {
    const source = kept === null ? i : kept[i];
    const m = minutiae[source];
    const type = m.type === 'bifurcation' ? 1 : 0;
    x[i] = m.x;
    y[i] = m.y;
    scratchType[i] = type;
    direction[i] = matchingDirection(m.direction, type);
    scratchSource[i] = source;
  }

  // One pass over the unordered pairs measures both tables: each pair's squared length is offered
  // to both endpoints' neighbour lists (stars), and a pair in the root length band gets its
  // direction (one atan2, kept for the stars), both relative angles and what it reads as a query.
  // Slots rise with (i, j) in lexicographic order, the order the stable sort below relies on.
  nearCount.fill(0, 0, n);
  let count = 0;
  let largestKey = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    const di = direction[i];
    const row = i * MAX_COUNT;
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - xi;
      const dy = y[j] - yi;
      const squared = dx * dx + dy * dy;
      // Beyond the star range is beyond the root band too (200 > 150, and the root is monotonic).
      if (squared > STAR_MAX_SQUARED) continue;
      offerNeighbor(i, j, squared);
      offerNeighbor(j, i, squared);
      const d = Math.sqrt(squared);
      if (d < ROOT_MIN || d > ROOT_MAX) continue;
      const angle = angleOf(dx, dy);
      pairAngle[row + j] = angle;
      const ra = normalize(angle - di);
      const na = normalize(angle + Math.PI - direction[j]);
      const angles = pack(ra, na);
      const key = cellsOf(d, binOf(ra), binOf(na), angles) + 1;
      slotEnds[count] = (i << 8) | j;
      slotAngles[count] = angles;
      slotBounds[count] = boundsOf(d);
      slotKey[count] = key;
      if (key > largestKey) largestKey = key;
      count++;
    }
  }

  // Stars: each list by reference angle (ties: length, index), by insertion into its output slots.
  // An edge i → j with i < j in the root band reuses the pair pass's direction; the others (j < i
  // reads the pair the other way round) take their own atan2.
  let size = 0;
  for (let i = 0; i < n; i++) {
    starStartScratch[i] = size;
    const near = nearCount[i];
    const base = i * NEIGHBORS;
    const xi = x[i];
    const yi = y[i];
    const di = direction[i];
    for (let k = 0; k < near; k++) {
      const j = nearNeighbor[base + k];
      const d = Math.sqrt(nearSquared[base + k]);
      const angle = i < j && d >= ROOT_MIN && d <= ROOT_MAX ? pairAngle[i * MAX_COUNT + j] : angleOf(x[j] - xi, y[j] - yi);
      const ra = normalize(angle - di);
      const na = normalize(angle + Math.PI - direction[j]);
      let at = size + k;
      while (at > size && starAfter(starReferenceScratch[at - 1], starLengthScratch[at - 1], starNeighborScratch[at - 1], ra, d, j)) {
        starNeighborScratch[at] = starNeighborScratch[at - 1];
        starLengthScratch[at] = starLengthScratch[at - 1];
        starReferenceScratch[at] = starReferenceScratch[at - 1];
        starNeighborAngleScratch[at] = starNeighborAngleScratch[at - 1];
        at--;
      }
      starNeighborScratch[at] = j;
      starLengthScratch[at] = d;
      starReferenceScratch[at] = ra;
      starNeighborAngleScratch[at] = na;
    }
    size += near;
  }
  starStartScratch[n] = size;

  // Root edges in the order of the hash bucket (and cells) each one reads as a query, then i, then
  // j. Voting is order-independent, but this order makes a comparison read the probe's hash
  // (~0.5 MB, often out of cache when the probe changes every few comparisons) at rising
  // addresses, which the memory system serves much faster than jumps.
  sortSlots(count, largestKey);

  // One buffer holds every array of the template: one allocation instead of twenty, and the
  // arrays lie together in memory. Float64 first, then Int32, then bytes, so each view is aligned.
  const s = size;
  const buffer = new ArrayBuffer(8 * (3 * n + 3 * s) + 4 * (n + (n + 1) + s + 5 * count) + n);
  let offset = 0;
  const f64 = (length: number) => {
    const view = new Float64Array(buffer, offset, length);
    offset += 8 * length;
    return view;
  };
  const i32 = (length: number) => {
    const view = new Int32Array(buffer, offset, length);
    offset += 4 * length;
    return view;
  };
  const outX = f64(n);
  const outY = f64(n);
  const outDirection = f64(n);
  const starLength = f64(s);
  const starReferenceAngle = f64(s);
  const starNeighborAngle = f64(s);
  const sourceIndex = i32(n);
  const starStart = i32(n + 1);
  const starNeighbor = i32(s);
  const rootEdgeFrom = i32(count);
  const rootEdgeTo = i32(count);
  const rootEdgeCells = i32(count);
  const rootEdgeAngles = i32(count);
  const rootEdgeLengthBounds = i32(count);
  const type = new Uint8Array(buffer, offset, n);
  for (let i = 0; i < n; i++) {
    outX[i] = x[i];
    outY[i] = y[i];
    outDirection[i] = direction[i];
    sourceIndex[i] = scratchSource[i];
    type[i] = scratchType[i];
  }
  for (let i = 0; i <= n; i++) starStart[i] = starStartScratch[i];
  for (let e = 0; e < s; e++) {
    starNeighbor[e] = starNeighborScratch[e];
    starLength[e] = starLengthScratch[e];
    starReferenceAngle[e] = starReferenceScratch[e];
    starNeighborAngle[e] = starNeighborAngleScratch[e];
  }
  for (let e = 0; e < count; e++) {
    const slot = slotOrder[e];
    const ends = slotEnds[slot];
    rootEdgeFrom[e] = ends >> 8;
    rootEdgeTo[e] = ends & 255;
    rootEdgeCells[e] = slotKey[slot] - 1;
    rootEdgeAngles[e] = slotAngles[slot];
    rootEdgeLengthBounds[e] = slotBounds[slot];
  }

  return {
    count: n,
    width: template.width,
    height: template.height,
    x: outX,
    y: outY,
    direction: outDirection,
    hull: convexHull(outX, outY),
    type,
    sourceIndex,
    starStart,
    starNeighbor,
    starLength,
    starReferenceAngle,
    starNeighborAngle,
    rootEdgeCount: count,
    rootEdgeFrom,
    rootEdgeTo,
    rootEdgeCells,
    rootEdgeAngles,
    rootEdgeLengthBounds,
    edgeHash: null,
  };
}

/** Whether the star edge (ra1, d1, j1) sorts after (ra2, d2, j2). */
function starAfter(ra1: number, d1: number, j1: number, ra2: number, d2: number, j2: number): boolean {
  return ra1 > ra2 || (ra1 === ra2 && (d1 > d2 || (d1 === d2 && j1 > j2)));
}

/**
 * Leaves in slotOrder the slots 0 .. count − 1 sorted by key, ties in slot order: a least
 * significant digit radix sort, two stable counting passes over as many bits as the largest key
 * has (cells stay below 2^20 with today's parameters: 2 × 10 bits, 1,024 counters a pass). For
 * the ~1,000–2,000 root edges of a template this is linear time, where a comparison sort took
 * five times as long.
 */
function sortSlots(count: number, largestKey: number): void {
  const bits = 32 - Math.clz32(largestKey);
  if (bits > 2 * MAX_RADIX_BITS) throw new Error('root edge cells beyond the 24 bits that sortSlots sorts');
  const lowBits = (bits + 1) >> 1;
  // Low digit into slotPassed (slots in rising order: stable), then the high digit into slotOrder.
  countingPass(null, slotPassed, count, 0, lowBits);
  countingPass(slotPassed, slotOrder, count, lowBits, bits - lowBits);
}

/** One stable counting-sort pass over `count` slots (`input` order, or 0..count−1), by `digitBits` bits of the key at `shift`. */
function countingPass(input: Int32Array | null, output: Int32Array, count: number, shift: number, digitBits: number): void {
  const keys = slotKey;
  const counts = radixCounts;
  const radix = 1 << digitBits;
  const mask = radix - 1;
  counts.fill(0, 0, radix);
  for (let e = 0; e < count; e++) counts[(keys[input === null ? e : input[e]] >> shift) & mask]++;
  let total = 0;
  for (let digit = 0; digit < radix; digit++) {
    const c = counts[digit];
    counts[digit] = total;
    total += c;
  }
  for (let e = 0; e < count; e++) {
    const slot = input === null ? e : input[e];
    output[counts[(keys[slot] >> shift) & mask]++] = slot;
  }
}

/**
 * Builds the probe-side edge hash now instead of on the first comparison where this template is
 * the probe, and returns the same template. Call it on a probe before a 1:N search or on every
 * template of a benchmark, so comparisons are timed like SourceAFIS's prepared FingerprintMatcher.
 * Gallery templates need not call it: the hash (~0.1–0.5 MB) is only read on the probe side.
 */
export function prepareProbe(template: PreparedTemplate): PreparedTemplate {
  edgeHashOf(template);
  return template;
}

/** The probe-side lookup table, built on first use and kept with the template. */
export function edgeHashOf(template: PreparedTemplate): EdgeHash {
  if (template.edgeHash === null) template.edgeHash = buildEdgeHash(template);
  return template.edgeHash;
}
