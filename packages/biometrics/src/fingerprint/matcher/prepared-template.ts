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
   * 1 once star i is filled. Stars are filled on first use (fillStar, called by the pairing):
   * starStart is final from the start, the other star arrays only where starReady is 1.
   */
  readonly starReady: Uint8Array;
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
 * candidate it scores. The pair pass measures into these; the template's arrays are then laid
 * out in one buffer of the exact size (see prepareTemplate).
 */
const scratchX = new Float64Array(MAX_COUNT);
const scratchY = new Float64Array(MAX_COUNT);
const scratchDirection = new Float64Array(MAX_COUNT);
const scratchType = new Uint8Array(MAX_COUNT);
const scratchSource = new Int32Array(MAX_COUNT);
/** Pairs within the star range, by minutia: the size of its star, min(STAR_NEIGHBORS, this). */
const inRange = new Int32Array(MAX_COUNT);
/** One star being filled (fillStar): its nearest neighbours so far, nearest first. */
const nearNeighbor = new Int32Array(NEIGHBORS);
const nearSquared = new Float64Array(NEIGHBORS);
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

  // One pass over the unordered pairs: each pair within the star range counts towards both
  // endpoints' star sizes, and a pair in the root length band gets its direction, both relative
  // angles and what it reads as a query. Slots rise with (i, j) in lexicographic order, the order
  // the stable sort below relies on.
  inRange.fill(0, 0, n);
  let count = 0;
  let largestKey = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    const di = direction[i];
    let own = 0;
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - xi;
      const dy = y[j] - yi;
      const squared = dx * dx + dy * dy;
      const near = squared > STAR_MAX_SQUARED ? 0 : 1;
      own += near;
      inRange[j] += near;
      const d = Math.sqrt(squared);
      // Beyond the star range is beyond the root band too (200 > 150, and the root is monotonic).
      if (d < ROOT_MIN || d > ROOT_MAX) continue;
      const angle = angleOf(dx, dy);
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
    inRange[i] += own;
  }

  // One buffer holds every array of the template: one allocation instead of twenty, and the
  // arrays lie together in memory. Float64 first, then Int32, then bytes, so each view is aligned.
  // The stars' sizes are known from the pair pass: min(STAR_NEIGHBORS, pairs in range) each.
  let size = 0;
  for (let i = 0; i < n; i++) size += inRange[i] < NEIGHBORS ? inRange[i] : NEIGHBORS;
  const buffer = new ArrayBuffer(8 * (3 * n + 3 * size) + 4 * (n + (n + 1) + size + 5 * count) + 2 * n);
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
  const starLength = f64(size);
  const starReferenceAngle = f64(size);
  const starNeighborAngle = f64(size);
  const sourceIndex = i32(n);
  const starStart = i32(n + 1);
  const starNeighbor = i32(size);
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

  // Stars are filled on first use (fillStar): only their places are laid out here.
  const starReady = new Uint8Array(buffer, offset + n, n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    starStart[i] = start;
    start += inRange[i] < NEIGHBORS ? inRange[i] : NEIGHBORS;
  }
  starStart[n] = start;

  // Root edges in the order of the hash bucket (and cells) each one reads as a query, then i, then
  // j. Voting is order-independent, but this order makes a comparison read the probe's hash
  // (~0.5 MB, often out of cache when the probe changes every few comparisons) at rising
  // addresses, which the memory system serves much faster than jumps.
  sortSlots(count, largestKey);
  for (let e = 0; e < count; e++) {
    const slot = slotOrder[e];
    const ends = slotEnds[slot];
    rootEdgeFrom[e] = ends >> 8;
    rootEdgeTo[e] = ends & 255;
    rootEdgeCells[e] = slotKey[slot] - 1;
    rootEdgeAngles[e] = slotAngles[slot];
    rootEdgeLengthBounds[e] = slotBounds[slot];
  }

  const hull = convexHull(outX, outY);
  return {
    count: n,
    width: template.width,
    height: template.height,
    x: outX,
    y: outY,
    direction: outDirection,
    hull,
    type,
    sourceIndex,
    starStart,
    starNeighbor,
    starLength,
    starReferenceAngle,
    starNeighborAngle,
    starReady,
    rootEdgeCount: count,
    rootEdgeFrom,
    rootEdgeTo,
    rootEdgeCells,
    rootEdgeAngles,
    rootEdgeLengthBounds,
    edgeHash: null,
  };
}

/**
 * Fills star i of a prepared template: minutia i's STAR_NEIGHBORS nearest neighbours within
 * STAR_MAX_EDGE_LENGTH (ties by index), listed by reference angle (then length, then index), at
 * starStart[i] .. starStart[i + 1] − 1. Stars are filled when the pairing first reads them
 * (pairing.ts) rather than when the template is prepared: a gallery candidate is prepared for one
 * comparison, and an impostor comparison grows its few roots through a handful of minutiae, so
 * most stars of most candidates are never read. Filling them all took a third of the preparation.
 */
export function fillStar(template: PreparedTemplate, i: number): void {
  const { x, y, direction, count: n, starNeighbor, starLength, starReferenceAngle, starNeighborAngle } = template;
  const xi = x[i];
  const yi = y[i];
  const di = direction[i];
  // Nearest first; j rises through the loop, so an equal distance already kept stays ahead.
  let kept = 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const dx = x[j] - xi;
    const dy = y[j] - yi;
    const squared = dx * dx + dy * dy;
    if (squared > STAR_MAX_SQUARED) continue;
    if (kept === NEIGHBORS && squared >= nearSquared[kept - 1]) continue;
    let at = kept < NEIGHBORS ? kept++ : kept - 1;
    while (at > 0 && nearSquared[at - 1] > squared) {
      nearSquared[at] = nearSquared[at - 1];
      nearNeighbor[at] = nearNeighbor[at - 1];
      at--;
    }
    nearSquared[at] = squared;
    nearNeighbor[at] = j;
  }
  // Then by reference angle (ties: length, index), by insertion into the output slots.
  const start = template.starStart[i];
  for (let k = 0; k < kept; k++) {
    const j = nearNeighbor[k];
    const d = Math.sqrt(nearSquared[k]);
    const angle = angleOf(x[j] - xi, y[j] - yi);
    const ra = normalize(angle - di);
    const na = normalize(angle + Math.PI - direction[j]);
    let at = start + k;
    while (at > start && starAfter(starReferenceAngle[at - 1], starLength[at - 1], starNeighbor[at - 1], ra, d, j)) {
      starNeighbor[at] = starNeighbor[at - 1];
      starLength[at] = starLength[at - 1];
      starReferenceAngle[at] = starReferenceAngle[at - 1];
      starNeighborAngle[at] = starNeighborAngle[at - 1];
      at--;
    }
    starNeighbor[at] = j;
    starLength[at] = d;
    starReferenceAngle[at] = ra;
    starNeighborAngle[at] = na;
  }
  template.starReady[i] = 1;
}

/** Fills every star not filled yet: for code that reads the star arrays directly (tests, tools). */
export function fillAllStars(template: PreparedTemplate): PreparedTemplate {
  for (let i = 0; i < template.count; i++) if (template.starReady[i] === 0) fillStar(template, i);
  return template;
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
 * Builds the probe-side edge hash and fills every star now instead of on the first comparison
 * where this template is the probe, and returns the same template. Call it on a probe before a 1:N search or on every
 * template of a benchmark, so comparisons are timed like SourceAFIS's prepared FingerprintMatcher.
 * Gallery templates need not call it: the hash (~0.1–0.5 MB) is only read on the probe side.
 */
export function prepareProbe(template: PreparedTemplate): PreparedTemplate {
  edgeHashOf(template);
  // The probe's stars too: every comparison of a search reads some of them.
  fillAllStars(template);
  return template;
}

/** The probe-side lookup table, built on first use and kept with the template. */
export function edgeHashOf(template: PreparedTemplate): EdgeHash {
  if (template.edgeHash === null) template.edgeHash = buildEdgeHash(template);
  return template.edgeHash;
}
