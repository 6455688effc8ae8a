/**
 * The matcher's template preparation as it stood before the fast builder (prepared-template.ts,
 * 2026-12-07): per-minutia neighbour scans, every root edge measured with its own atan2 and
 * queryCells, a forEach and a sort with closures. Kept verbatim (but for the root edges' lengths
 * and angles, which prepared templates no longer carry) as the oracle the fast builder
 * must reproduce field for field and bit for bit (prepared-template.test.ts, and
 * bench/src/fingerprint-prepare-timing.ts --check on real templates). Not used by the engine.
 */
import type { FingerprintTemplate } from '../../types.ts';
import { BiometricError } from '../../../errors.ts';
import {
  MAX_MINUTIAE,
  ROOT_EDGE_MAX_LENGTH,
  ROOT_EDGE_MIN_LENGTH,
  STAR_MAX_EDGE_LENGTH,
  STAR_NEIGHBORS,
} from '../../matcher-parameters.ts';
import { edgeLength, normalizeAngle, vectorAngle } from '../angles.ts';
import { lengthBounds, packAngles, queryCells } from '../edge-hash.ts';
import type { Hull } from '../overlap.ts';
import type { PreparedTemplate } from '../prepared-template.ts';

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

/** Indices of the minutiae to keep: all of them, or the most reliable ones up to the cap. */
function selectMinutiae(template: FingerprintTemplate): number[] {
  const indices = template.minutiae.map((_, i) => i);
  if (indices.length <= MAX_MINUTIAE) return indices;
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

export function referencePrepareTemplate(template: FingerprintTemplate): PreparedTemplate {
  checkTemplate(template);
  const kept = selectMinutiae(template);
  const n = kept.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const direction = new Float64Array(n);
  const type = new Uint8Array(n);
  const sourceIndex = Int32Array.from(kept);
  kept.forEach((source, i) => {
    const m = template.minutiae[source];
    x[i] = m.x;
    y[i] = m.y;
    type[i] = m.type === 'bifurcation' ? 1 : 0;
    direction[i] = matchingDirection(m.direction, type[i]);
  });

  // Edge tables (stars): the STAR_NEIGHBORS nearest neighbours within range, by reference angle.
  const { starStart, starNeighbor, starLength, starReferenceAngle, starNeighborAngle } = buildStars(x, y, direction);

  // Root edges: every unordered pair in the length band used by root search, in the order of the
  // hash bucket (and cells) each one reads as a query. Voting is order-independent, but this order
  // makes a comparison read the probe's hash (~0.5 MB, often out of cache when the probe changes
  // every few comparisons) at rising addresses, which the memory system serves much faster than
  // jumps.
  const roots = buildRootEdges(x, y, direction);
  const rootEdgeAngles = new Int32Array(roots.count);
  const rootEdgeLengthBounds = new Int32Array(roots.count);
  for (let e = 0; e < roots.count; e++) {
    rootEdgeLengthBounds[e] = lengthBounds(roots.length[e]);
    rootEdgeAngles[e] = packAngles(roots.referenceAngle[e], roots.neighborAngle[e]);
  }

  return {
    count: n,
    width: template.width,
    height: template.height,
    x,
    y,
    direction,
    hull: referenceConvexHull(x, y),
    type,
    sourceIndex,
    starStart,
    starNeighbor,
    starLength,
    starReferenceAngle,
    starNeighborAngle,
    starReady: new Uint8Array(n).fill(1),
    rootEdgeCount: roots.count,
    rootEdgeFrom: roots.from,
    rootEdgeTo: roots.to,
    rootEdgeCells: roots.cells,
    rootEdgeAngles,
    rootEdgeLengthBounds,
    edgeHash: null,
  };
}

/**
 * Each minutia's STAR_NEIGHBORS nearest neighbours within STAR_MAX_EDGE_LENGTH (ties by index),
 * listed by reference angle (then length, then index): the pairing's edge search slides an angle
 * window over them (pairing.ts). Runs once per template (every probe of a 1:1 verify, every
 * gallery entry at load), so it keeps a small sorted buffer instead of sorting all n − 1
 * distances of every minutia.
 */
function buildStars(x: Float64Array, y: Float64Array, direction: Float64Array) {
  const n = x.length;
  const starStart = new Int32Array(n + 1);
  const starNeighbor = new Int32Array(n * STAR_NEIGHBORS);
  const starLength = new Float64Array(n * STAR_NEIGHBORS);
  const starReferenceAngle = new Float64Array(n * STAR_NEIGHBORS);
  const starNeighborAngle = new Float64Array(n * STAR_NEIGHBORS);
  const nearJ = new Int32Array(STAR_NEIGHBORS);
  const nearD = new Float64Array(STAR_NEIGHBORS);
  // Neighbours are chosen by squared length (the same order), and the root taken only of those kept.
  const maxSquared = STAR_MAX_EDGE_LENGTH * STAR_MAX_EDGE_LENGTH;
  let size = 0;
  for (let i = 0; i < n; i++) {
    starStart[i] = size;
    // Nearest first; j rises through the loop, so an equal distance already kept stays ahead.
    let kept = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = x[j] - x[i];
      const dy = y[j] - y[i];
      const d = dx * dx + dy * dy;
      if (d > maxSquared) continue;
      if (kept === STAR_NEIGHBORS && d >= nearD[kept - 1]) continue;
      let at = kept < STAR_NEIGHBORS ? kept++ : kept - 1;
      while (at > 0 && nearD[at - 1] > d) {
        nearD[at] = nearD[at - 1];
        nearJ[at] = nearJ[at - 1];
        at--;
      }
      nearD[at] = d;
      nearJ[at] = j;
    }
    // Then by reference angle (ties: length, index), by insertion into the output slots.
    for (let k = 0; k < kept; k++) {
      const j = nearJ[k];
      const d = Math.sqrt(nearD[k]);
      const angle = vectorAngle(x[j] - x[i], y[j] - y[i]);
      const ra = normalizeAngle(angle - direction[i]);
      const na = normalizeAngle(angle + Math.PI - direction[j]);
      let at = size + k;
      while (at > size && starAfter(starReferenceAngle[at - 1], starLength[at - 1], starNeighbor[at - 1], ra, d, j)) {
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
    size += kept;
  }
  starStart[n] = size;
  return {
    starStart,
    starNeighbor: starNeighbor.slice(0, size),
    starLength: starLength.slice(0, size),
    starReferenceAngle: starReferenceAngle.slice(0, size),
    starNeighborAngle: starNeighborAngle.slice(0, size),
  };
}

/** Whether the star edge (ra1, d1, j1) sorts after (ra2, d2, j2). */
function starAfter(ra1: number, d1: number, j1: number, ra2: number, d2: number, j2: number): boolean {
  return ra1 > ra2 || (ra1 === ra2 && (d1 > d2 || (d1 === d2 && j1 > j2)));
}

/** Room for every pair of the largest template (MAX_MINUTIAE minutiae). */
const MAX_PAIRS = (MAX_MINUTIAE * (MAX_MINUTIAE - 1)) / 2;
/**
 * What the first pass measured of each root edge, by slot (its place in the first pass), read
 * back in sorted order. Module scratch, not per call: preparing is synchronous, and a probe is
 * prepared on every verification.
 */
const scratchFrom = new Int32Array(MAX_PAIRS);
const scratchTo = new Int32Array(MAX_PAIRS);
const scratchLength = new Float64Array(MAX_PAIRS);
const scratchReference = new Float64Array(MAX_PAIRS);
const scratchNeighbor = new Float64Array(MAX_PAIRS);
/** Sort key of each slot: the cells it reads, plus one (queryCells gives −1 for none), below 2^24. */
const scratchKey = new Int32Array(MAX_PAIRS);
const scratchOrder = new Int32Array(MAX_PAIRS);
const scratchPassed = new Int32Array(MAX_PAIRS);
const RADIX_BITS = 12;
const RADIX = 1 << RADIX_BITS;
const scratchCounts = new Int32Array(RADIX);

/**
 * The root edges (pairs i < j in the root length band) sorted by the cells they read, then i, then
 * j. Slots rise with (i, j) in lexicographic order, so a stable sort of the slots by cells gives
 * exactly that order. Two stable counting passes of 12 bits each (cells < 2^24) do it in linear
 * time: for the ~2,000 edges of a 70-minutia probe, a fifth of the time a comparison sort took.
 * The slot then finds what the first pass measured, so nothing is computed twice.
 */
function buildRootEdges(x: Float64Array, y: Float64Array, direction: Float64Array) {
  const n = x.length;
  let count = 0;
  let largestKey = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - x[i];
      const dy = y[j] - y[i];
      const d = edgeLength(dx, dy);
      if (d < ROOT_EDGE_MIN_LENGTH || d > ROOT_EDGE_MAX_LENGTH) continue;
      const angle = vectorAngle(dx, dy);
      const ra = normalizeAngle(angle - direction[i]);
      const na = normalizeAngle(angle + Math.PI - direction[j]);
      scratchFrom[count] = i;
      scratchTo[count] = j;
      scratchLength[count] = d;
      scratchReference[count] = ra;
      scratchNeighbor[count] = na;
      const key = queryCells(d, ra, na) + 1;
      scratchKey[count] = key;
      if (key > largestKey) largestKey = key;
      count++;
    }
  }
  // The edge hash's cells stay below 2^20 with today's parameters; two passes cover 24 bits.
  if (largestKey >= 2 ** (2 * RADIX_BITS)) throw new Error('root edge cells beyond the 24 bits that buildRootEdges sorts');
  // Low 12 bits into scratchPassed (slots in rising order: stable), then high 12 bits into scratchOrder.
  countingPass(scratchKey, null, scratchPassed, count, 0);
  countingPass(scratchKey, scratchPassed, scratchOrder, count, RADIX_BITS);
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  const length = new Float64Array(count);
  const referenceAngle = new Float64Array(count);
  const neighborAngle = new Float64Array(count);
  const cells = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const slot = scratchOrder[e];
    from[e] = scratchFrom[slot];
    to[e] = scratchTo[slot];
    length[e] = scratchLength[slot];
    referenceAngle[e] = scratchReference[slot];
    neighborAngle[e] = scratchNeighbor[slot];
    cells[e] = scratchKey[slot] - 1;
  }
  return { count, from, to, length, referenceAngle, neighborAngle, cells };
}

/** One stable counting-sort pass over `count` slots (`input` order, or 0..count−1), by the key's bits at `shift`. */
function countingPass(keys: Int32Array, input: Int32Array | null, output: Int32Array, count: number, shift: number): void {
  scratchCounts.fill(0);
  for (let e = 0; e < count; e++) scratchCounts[(keys[input === null ? e : input[e]] >> shift) & (RADIX - 1)]++;
  let total = 0;
  for (let digit = 0; digit < RADIX; digit++) {
    const c = scratchCounts[digit];
    scratchCounts[digit] = total;
    total += c;
  }
  for (let e = 0; e < count; e++) {
    const slot = input === null ? e : input[e];
    output[scratchCounts[(keys[slot] >> shift) & (RADIX - 1)]++] = slot;
  }
}

/**
 * Convex hull of the points (Andrew's monotone chain). Fewer than three points, or points on one
 * line, give a degenerate hull that contains nothing: its box is empty.
 */
function referenceConvexHull(x: Float64Array, y: Float64Array): Hull {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const chain: number[] = [];
  const cross = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  for (const pass of [order, [...order].reverse()]) {
    const start = chain.length;
    for (const p of pass) {
      while (chain.length >= start + 2 && cross(chain[chain.length - 2], chain[chain.length - 1], p) <= 0) chain.pop();
      chain.push(p);
    }
    chain.pop();
  }
  const vertices = new Float64Array(2 * chain.length);
  chain.forEach((p, k) => {
    vertices[2 * k] = x[p];
    vertices[2 * k + 1] = y[p];
  });
  const xs = chain.map((p) => x[p]);
  const ys = chain.map((p) => y[p]);
  return chain.length < 3
    ? { vertices, minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }
    : { vertices, minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

