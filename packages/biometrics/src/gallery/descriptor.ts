/**
 * The former pre-filter's descriptor (replaced by cylinder-codes.ts; kept as the baseline of
 * `npm run bench:prefilter` and for prefilterScore): the set of quantised minutia triangles.
 *
 * Each minutia forms a triangle with every pair of its DESCRIPTOR_NEIGHBORS nearest neighbours
 * (within an edge-length range). A triangle is described by the two edge lengths from the central
 * minutia, the direction of each edge relative to the central minutia's direction, and each
 * neighbour's direction relative to its edge: six numbers unchanged by moving or rotating the
 * finger on the sensor (the local-structure indexing of Germain et al. 1997 and of Bhanu & Tan's
 * triplets). Each triangle names one cell of a 3.2-million-cell space.
 *
 * An enrolled template keeps its distinct cells as a short sorted list of codes (≈160 for a
 * typical print). A probe becomes a bitmap of its cells where every triangle also sets the
 * neighbouring cell in each dimension (2⁶ cells), so a value that falls across a bin border
 * between two impressions still meets itself. Scoring an enrolled template is then one bitmap
 * lookup per code: cheap enough to scan every enrolled finger.
 */
import type { FingerprintTemplate, Minutia } from '../fingerprint/types.ts';
import {
  DESCRIPTOR_ANGLE_BINS,
  DESCRIPTOR_CELLS,
  DESCRIPTOR_DISTANCE_BINS,
  DESCRIPTOR_DISTANCE_STEP,
  DESCRIPTOR_MAX_EDGE,
  DESCRIPTOR_MIN_EDGE,
  DESCRIPTOR_NEIGHBORS,
} from './parameters.ts';

const TWO_PI = 2 * Math.PI;
const ANGLE_STEP = TWO_PI / DESCRIPTOR_ANGLE_BINS;
const A = DESCRIPTOR_ANGLE_BINS;
const D = DESCRIPTOR_DISTANCE_BINS;

/** Words of a probe bitmap. */
export const PROBE_BITMAP_WORDS = Math.ceil(DESCRIPTOR_CELLS / 32);

/** Distinct triangle cells of an enrolled template, sorted. */
export function galleryDescriptor(template: FingerprintTemplate): Uint32Array {
  const codes = new Set<number>();
  forEachTriangle(template, (v) => {
    const code = cellCode(Math.floor(v[0]), Math.floor(v[1]), Math.floor(v[2]), Math.floor(v[3]), Math.floor(v[4]), Math.floor(v[5]));
    if (code >= 0) codes.add(code);
  });
  return Uint32Array.from(codes).sort();
}

/** Bitmap of a probe's triangle cells, each with its nearer neighbour cell in every dimension. */
export function probeDescriptor(template: FingerprintTemplate): Uint32Array {
  const bits = new Uint32Array(PROBE_BITMAP_WORDS);
  const low = new Int32Array(6);
  const high = new Int32Array(6);
  forEachTriangle(template, (v) => {
    for (let k = 0; k < 6; k++) {
      const f = Math.floor(v[k]);
      low[k] = f;
      high[k] = v[k] - f < 0.5 ? f - 1 : f + 1;
    }
    for (let mask = 0; mask < 64; mask++) {
      const pick = (k: number) => ((mask >> k) & 1 ? high[k] : low[k]);
      const code = cellCode(pick(0), pick(1), pick(2), pick(3), pick(4), pick(5));
      if (code >= 0) bits[code >>> 5] |= 1 << (code & 31);
    }
  });
  return bits;
}

/**
 * The pre-filter's score: shared cells over √(enrolled cells). Dividing by the square root (not
 * the count) keeps large, genuinely overlapping templates ahead while stopping templates with many
 * minutiae from winning on chance overlaps alone; on the study set it did as well as IDF weighting
 * (which needs gallery-wide cell statistics) and better than a binomial z-score.
 */
export function prefilterScore(sharedCells: number, enrolledCells: number): number {
  return sharedCells / Math.sqrt(enrolledCells + 1);
}

/** prefilterScore of a probe bitmap and an enrolled code list (the shard's hot loop inlines it). */
export function descriptorSimilarity(probe: Uint32Array, enrolled: Uint32Array): number {
  let shared = 0;
  for (let i = 0; i < enrolled.length; i++) shared += (probe[enrolled[i] >>> 5] >>> (enrolled[i] & 31)) & 1;
  return prefilterScore(shared, enrolled.length);
}

/**
 * Calls `visit` with each triangle's six values in bin units (fractional; the integer part is the
 * cell): edge lengths, edge directions relative to the centre's direction, and the neighbours'
 * directions relative to their edges. The two edges are ordered by their relative direction, so
 * the order of the neighbours does not matter.
 */
function forEachTriangle(template: FingerprintTemplate, visit: (values: Float64Array) => void): void {
  const m = template.minutiae;
  const n = m.length;
  const nearIdx = new Int32Array(DESCRIPTOR_NEIGHBORS);
  const nearDist = new Float64Array(DESCRIPTOR_NEIGHBORS);
  const values = new Float64Array(6);
  const edgeAlpha = new Float64Array(DESCRIPTOR_NEIGHBORS);
  const edgeBeta = new Float64Array(DESCRIPTOR_NEIGHBORS);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.hypot(m[j].x - m[i].x, m[j].y - m[i].y);
      if (d < DESCRIPTOR_MIN_EDGE || d >= DESCRIPTOR_MAX_EDGE) continue;
      if (count === DESCRIPTOR_NEIGHBORS && d >= nearDist[count - 1]) continue;
      let k = count < DESCRIPTOR_NEIGHBORS ? count++ : count - 1;
      while (k > 0 && nearDist[k - 1] > d) {
        nearDist[k] = nearDist[k - 1];
        nearIdx[k] = nearIdx[k - 1];
        k--;
      }
      nearDist[k] = d;
      nearIdx[k] = j;
    }
    for (let k = 0; k < count; k++) {
      const j = nearIdx[k];
      // Edge direction in the template's convention: unit vector (cos φ, −sin φ), y downwards.
      const phi = Math.atan2(-(m[j].y - m[i].y), m[j].x - m[i].x);
      edgeAlpha[k] = wrapAngle(phi - matchingDirection(m[i]));
      edgeBeta[k] = wrapAngle(matchingDirection(m[j]) - phi);
    }
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        const [p, q] = edgeAlpha[a] <= edgeAlpha[b] ? [a, b] : [b, a];
        values[0] = (nearDist[p] - DESCRIPTOR_MIN_EDGE) / DESCRIPTOR_DISTANCE_STEP;
        values[1] = (nearDist[q] - DESCRIPTOR_MIN_EDGE) / DESCRIPTOR_DISTANCE_STEP;
        values[2] = edgeAlpha[p] / ANGLE_STEP;
        values[3] = edgeAlpha[q] / ANGLE_STEP;
        values[4] = edgeBeta[p] / ANGLE_STEP;
        values[5] = edgeBeta[q] / ANGLE_STEP;
        visit(values);
      }
    }
  }
}

/**
 * A bifurcation's direction turned by π, as the matcher does (matcher/prepared-template.ts): the
 * same minutia is often read as an ending in one impression and a bifurcation in the other (ink,
 * pressure), and in the engine's convention the two readings point opposite ways.
 */
function matchingDirection(m: Minutia): number {
  return m.type === 'bifurcation' ? m.direction + Math.PI : m.direction;
}

/** Cell of a triangle, or −1 when an edge length falls outside the range (angles wrap). */
function cellCode(d1: number, d2: number, a1: number, a2: number, b1: number, b2: number): number {
  if (d1 < 0 || d1 >= D || d2 < 0 || d2 >= D) return -1;
  return ((((d1 * D + d2) * A + wrapBin(a1)) * A + wrapBin(a2)) * A + wrapBin(b1)) * A + wrapBin(b2);
}

function wrapBin(b: number): number {
  const r = b % A;
  return r < 0 ? r + A : r;
}

function wrapAngle(a: number): number {
  const r = a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}
