/**
 * The pre-filter's second stage: Minutia Cylinder-Code similarity (Cappelli, Ferrara & Maltoni,
 * IEEE TPAMI 2010, "Minutia Cylinder-Code: a new representation and matching technique for
 * fingerprint recognition") on the same binary cylinders the index hashes (cylinder-codes.ts).
 *
 * The index (LSH codes voting for a rotation) is cheap per enrolled finger but coarse: a mate that
 * shares few codes ranks below chance collisions. The candidates it ranks best are re-ranked here
 * by the real local similarity of every pair of cylinders (popcount of XOR over the cells valid in
 * both, normalised) consolidated by Local Similarity Sort (the mean of the best n_P pair
 * similarities), and only the best of those reach the full matcher. Written from the paper's
 * description with its published consolidation constants.
 *
 * Layout, so a pair costs a few dozen 32-bit word operations: each cylinder is SECTIONS groups of
 * CELL_WORDS words (bit k of a group = cell k of the disc, in that direction section), plus
 * CELL_WORDS words of valid cells (the same for every section) and its direction in 256 steps.
 */
import type { FingerprintTemplate } from '../fingerprint/types.ts';
import { cylinderCells, orientedCylinders, type CylinderParameters, type OrientedCylinder } from './cylinder-codes.ts';
import { MccKernel } from './mcc-kernel.ts';

/** Packed binary cylinders of one template. */
export interface PackedCylinders {
  count: number;
  /** count × wordsPerCylinder: the bits, section-major. */
  bits: Uint32Array;
  /** count × cellWords: valid cells. */
  valid: Uint32Array;
  /** Direction of each cylinder's central minutia, 256 steps per turn. */
  directions: Uint8Array;
  /** Position of each central minutia (px, rounded), x then y: what LSS-R's relaxation compares. */
  positions: Int16Array;
}

export interface MccLayout {
  cells: number;
  sections: number;
  cellWords: number;
  wordsPerCylinder: number;
}

export function mccLayout(cells: number, sections: number): MccLayout {
  const cellWords = Math.ceil(cells / 32);
  return { cells, sections, cellWords, wordsPerCylinder: cellWords * sections };
}

/**
 * 32-bit words one cylinder takes stored tight: its SECTIONS rows of bits and its row of valid
 * cells, `cells` bits each, one after another. The scoring layout rounds every row up to whole
 * words (52 cells: 2 words, 12 bits unused), 14 words per cylinder; tight, 364 bits take 12: the
 * shard stores cylinders so (8 B less per cylinder, ≈ 490 B per finger); its re-rank copies an
 * entry's words as they are into the MCC kernel (mcc-kernel.ts), which widens them itself.
 * unstoreCylinders is the JavaScript inverse, for callers outside the kernel.
 */
export function storedCylinderWords(layout: MccLayout): number {
  return Math.ceil(((layout.sections + 1) * layout.cells) / 32);
}

/** Writes the cylinders of `c` tight (storedCylinderWords each) into `out` from word `at`; `out` must be zeroed there. */
export function storeCylinders(c: PackedCylinders, layout: MccLayout, out: Uint32Array, at: number): void {
  const { cells, sections, cellWords, wordsPerCylinder } = layout;
  const stored = storedCylinderWords(layout);
  for (let i = 0; i < c.count; i++) {
    let bit = (at + i * stored) * 32;
    for (let row = 0; row <= sections; row++) {
      const source = row < sections ? c.bits : c.valid;
      const from = row < sections ? i * wordsPerCylinder + row * cellWords : i * cellWords;
      for (let w = 0; w < cellWords; w++) {
        const n = Math.min(32, cells - 32 * w);
        writeBits(out, bit, n, source[from + w]);
        bit += n;
      }
    }
  }
}

/** The inverse of storeCylinders for `count` cylinders from word `at`, into `into` (grown when too small; its positions stay empty). */
export function unstoreCylinders(stored: Uint32Array, at: number, count: number, layout: MccLayout, into: PackedCylinders): PackedCylinders {
  const { cells, sections, cellWords, wordsPerCylinder } = layout;
  const words = storedCylinderWords(layout);
  if (into.bits.length < count * wordsPerCylinder) {
    into.bits = new Uint32Array(count * 2 * wordsPerCylinder);
    into.valid = new Uint32Array(count * 2 * cellWords);
  }
  into.count = count;
  for (let i = 0; i < count; i++) {
    let bit = (at + i * words) * 32;
    for (let row = 0; row <= sections; row++) {
      const target = row < sections ? into.bits : into.valid;
      const to = row < sections ? i * wordsPerCylinder + row * cellWords : i * cellWords;
      for (let w = 0; w < cellWords; w++) {
        const n = Math.min(32, cells - 32 * w);
        target[to + w] = readBits(stored, bit, n);
        bit += n;
      }
    }
  }
  return into;
}

/** Bits [bit, bit + n) of a word array (n ≤ 32, least significant first), as an unsigned value. */
function readBits(words: Uint32Array, bit: number, n: number): number {
  const w = bit >>> 5;
  const shift = bit & 31;
  let value = words[w] >>> shift;
  if (shift + n > 32) value |= words[w + 1] << (32 - shift);
  return n === 32 ? value >>> 0 : value & ((1 << n) - 1);
}

/** ORs the low n bits of value into bits [bit, bit + n) of a zeroed word array. */
function writeBits(words: Uint32Array, bit: number, n: number, value: number): void {
  const v = n === 32 ? value >>> 0 : value & ((1 << n) - 1);
  const w = bit >>> 5;
  const shift = bit & 31;
  words[w] |= v << shift;
  if (shift + n > 32) words[w + 1] |= v >>> (32 - shift);
}

/** The template's cylinders (orientedCylinders, same validity rules) packed for mccScore. */
export function packCylinders(
  oriented: readonly OrientedCylinder[],
  layout: MccLayout,
): PackedCylinders {
  const { cells, sections, cellWords, wordsPerCylinder } = layout;
  const bits = new Uint32Array(oriented.length * wordsPerCylinder);
  const valid = new Uint32Array(oriented.length * cellWords);
  const directions = new Uint8Array(oriented.length);
  const positions = new Int16Array(oriented.length * 2);
  oriented.forEach((c, i) => {
    for (let k = 0; k < cells; k++) {
      const word = k >>> 5;
      const bit = 1 << (k & 31);
      if (c.valid[k]) valid[i * cellWords + word] |= bit;
      for (let s = 0; s < sections; s++) {
        if (c.bits[k * sections + s] & 1) bits[i * wordsPerCylinder + s * cellWords + word] |= bit;
      }
    }
    directions[i] = Math.round((c.direction / (2 * Math.PI)) * 256) & 255;
    positions[2 * i] = Math.round(c.x);
    positions[2 * i + 1] = Math.round(c.y);
  });
  return { count: oriented.length, bits, valid, directions, positions };
}

/** packCylinders of a template's cylinders computed with parameters p. */
export function templateCylinders(template: FingerprintTemplate, p: CylinderParameters): PackedCylinders {
  return packCylinders(orientedCylinders(template, p), mccLayout(cylinderCells(p), p.sections));
}

/**
 * Consolidation constants of the paper's Local Similarity Sort: n_P = MIN_NP + round(Z(min(n_A,
 * n_B)) × (MAX_NP − MIN_NP)) pair similarities are averaged, Z a sigmoid of the cylinder counts
 * (few cylinders: fewer pairs are expected to match). Pairs whose directions differ by more than
 * π/2, or whose cylinders share fewer than MIN_COMMON of the cells, are not comparable (0).
 */
const MIN_NP = 4;
const MAX_NP = 12;
const MU_P = 20;
const TAU_P = 2 / 5;
const MAX_DIRECTION_STEPS = 64; // π/2 in 256 steps per turn
const MIN_COMMON = 0.6;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Pair similarity of cylinder i of a and cylinder j of b (0 when not comparable). */
export function cylinderSimilarity(a: PackedCylinders, i: number, b: PackedCylinders, j: number, layout: MccLayout): number {
  const turn = (a.directions[i] - b.directions[j]) & 255;
  if (turn > MAX_DIRECTION_STEPS && turn < 256 - MAX_DIRECTION_STEPS) return 0;
  const { cellWords, wordsPerCylinder, sections, cells } = layout;
  const aValid = a.valid;
  const bValid = b.valid;
  const va = i * cellWords;
  const vb = j * cellWords;
  let common = 0;
  for (let w = 0; w < cellWords; w++) common += popcount(aValid[va + w] & bValid[vb + w]);
  if (common < MIN_COMMON * cells) return 0;
  const aBits = a.bits;
  const bBits = b.bits;
  let na = 0;
  let nb = 0;
  let nx = 0;
  let ba = i * wordsPerCylinder;
  let bb = j * wordsPerCylinder;
  if (cellWords === 2) {
    // The shard's layout (52 cells): the common mask in two registers, no inner loop.
    const m0 = aValid[va] & bValid[vb];
    const m1 = aValid[va + 1] & bValid[vb + 1];
    for (let s = 0; s < sections; s++, ba += 2, bb += 2) {
      const x0 = aBits[ba] & m0;
      const y0 = bBits[bb] & m0;
      const x1 = aBits[ba + 1] & m1;
      const y1 = bBits[bb + 1] & m1;
      na += popcount(x0) + popcount(x1);
      nb += popcount(y0) + popcount(y1);
      nx += popcount(x0 ^ y0) + popcount(x1 ^ y1);
    }
  } else {
    for (let s = 0; s < sections; s++, ba += cellWords, bb += cellWords) {
      for (let w = 0; w < cellWords; w++) {
        const mask = aValid[va + w] & bValid[vb + w];
        const x = aBits[ba + w] & mask;
        const y = bBits[bb + w] & mask;
        na += popcount(x);
        nb += popcount(y);
        nx += popcount(x ^ y);
      }
    }
  }
  const norm = Math.sqrt(na) + Math.sqrt(nb);
  return norm === 0 ? 0 : 1 - Math.sqrt(nx) / norm;
}

/** Pairs averaged by Local Similarity Sort for templates of na and nb cylinders. */
export function pairsConsidered(na: number, nb: number): number {
  const z = 1 / (1 + Math.exp(-TAU_P * (Math.min(na, nb) - MU_P)));
  return MIN_NP + Math.round(z * (MAX_NP - MIN_NP));
}

/** The kernels of mccScore, one per layout (cells:sections), made at first use in this thread. */
const kernels = new Map<string, MccKernel>();

/**
 * Local Similarity Sort: the mean of the n_P best pair similarities between a's and b's cylinders,
 * in [0, 1]. Symmetric in a and b. Runs in the WebAssembly kernel (mcc-kernel.ts) for layouts of at
 * most 57 cells, the gallery's included; the JavaScript below is for the others. `best` is its
 * working list (the kernel keeps its own).
 */
export function mccScore(a: PackedCylinders, b: PackedCylinders, layout: MccLayout, best: Float64Array = new Float64Array(MAX_NP)): number {
  if (a.count === 0 || b.count === 0) return 0;
  if (MccKernel.handles(layout)) {
    // The WebAssembly kernel (mcc-kernel.ts): the same score, several times faster.
    const key = `${layout.cells}:${layout.sections}`;
    let kernel = kernels.get(key);
    if (!kernel) kernels.set(key, (kernel = new MccKernel(layout)));
    kernel.setProbe(a);
    return kernel.score(b);
  }
  const np = pairsConsidered(a.count, b.count);
  // `best` holds the np largest similarities seen, in descending order (np ≤ 12: insertion is cheapest).
  best.fill(0, 0, np);
  const ad = a.directions;
  const bd = b.directions;
  for (let i = 0; i < a.count; i++) {
    const di = ad[i];
    for (let j = 0; j < b.count; j++) {
      // The direction test first, here: half the pairs end on it.
      const turn = (di - bd[j]) & 255;
      if (turn > MAX_DIRECTION_STEPS && turn < 256 - MAX_DIRECTION_STEPS) continue;
      const s = cylinderSimilarity(a, i, b, j, layout);
      if (s <= best[np - 1]) continue;
      let k = np - 1;
      while (k > 0 && best[k - 1] < s) {
        best[k] = best[k - 1];
        k--;
      }
      best[k] = s;
    }
  }
  let sum = 0;
  for (let k = 0; k < np; k++) sum += best[k];
  return sum / np;
}

/**
 * Local Similarity Sort with Relaxation (the paper's LSS-R): the n_R = min(n_A, n_B) best pairs by
 * local similarity are relaxed — each pair's similarity is pulled toward the mean of the others',
 * weighted by how geometrically compatible the two pairs are (same distance, same relative
 * direction, same radial angle in both prints) — so pairs that agree with a consistent global
 * alignment keep their similarity and isolated look-alikes lose it. The score is the mean relaxed
 * similarity of the n_P pairs that kept the largest share of theirs. Published constants.
 */
const RELAX_WEIGHT = 0.5;
const RELAX_ITERATIONS = 5;
const MU_1 = 5;
const TAU_1 = -8 / 5;
const MU_2 = Math.PI / 12;
const TAU_2 = -30;
const MU_3 = Math.PI / 12;
const TAU_3 = -30;
const STEP = (2 * Math.PI) / 256;

function sigmoid(v: number, mu: number, tau: number): number {
  return 1 / (1 + Math.exp(-tau * (v - mu)));
}

/** Angle difference in (−π, π]. */
function angleDifference(a: number, b: number): number {
  let d = (a - b) % (2 * Math.PI);
  if (d <= -Math.PI) d += 2 * Math.PI;
  else if (d > Math.PI) d -= 2 * Math.PI;
  return d;
}

export function mccScoreRelaxed(a: PackedCylinders, b: PackedCylinders, layout: MccLayout): number {
  if (a.count === 0 || b.count === 0) return 0;
  const nr = Math.min(a.count, b.count);
  // The nR best pairs: a bounded insertion list (nR ≤ a few dozen).
  const pairSim = new Float64Array(nr);
  const pairA = new Int32Array(nr);
  const pairB = new Int32Array(nr);
  let filled = 0;
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
      const s = cylinderSimilarity(a, i, b, j, layout);
      if (s <= 0 || (filled === nr && s <= pairSim[nr - 1])) continue;
      let k = filled < nr ? filled++ : nr - 1;
      while (k > 0 && pairSim[k - 1] < s) {
        pairSim[k] = pairSim[k - 1];
        pairA[k] = pairA[k - 1];
        pairB[k] = pairB[k - 1];
        k--;
      }
      pairSim[k] = s;
      pairA[k] = i;
      pairB[k] = j;
    }
  }
  const np = pairsConsidered(a.count, b.count);
  if (filled < 2) return filled === 0 ? 0 : pairSim[0] / np;
  const n = filled;
  const rho = new Float64Array(n * n);
  for (let t = 0; t < n; t++) {
    const at = pairA[t];
    const bt = pairB[t];
    const atx = a.positions[2 * at];
    const aty = a.positions[2 * at + 1];
    const btx = b.positions[2 * bt];
    const bty = b.positions[2 * bt + 1];
    const ta = a.directions[at] * STEP;
    const tb = b.directions[bt] * STEP;
    for (let k = 0; k < n; k++) {
      if (k === t) continue;
      const ak = pairA[k];
      const bk = pairB[k];
      const dax = a.positions[2 * ak] - atx;
      const day = a.positions[2 * ak + 1] - aty;
      const dbx = b.positions[2 * bk] - btx;
      const dby = b.positions[2 * bk + 1] - bty;
      const d1 = Math.abs(Math.hypot(dax, day) - Math.hypot(dbx, dby));
      const d2 = Math.abs(angleDifference(angleDifference(ta, a.directions[ak] * STEP), angleDifference(tb, b.directions[bk] * STEP)));
      // Radial angle: the central direction against the line to the other minutia (y grows downwards).
      const ra = angleDifference(ta, Math.atan2(-day, dax));
      const rb = angleDifference(tb, Math.atan2(-dby, dbx));
      const d3 = Math.abs(angleDifference(ra, rb));
      rho[t * n + k] = sigmoid(d1, MU_1, TAU_1) * sigmoid(d2, MU_2, TAU_2) * sigmoid(d3, MU_3, TAU_3);
    }
  }
  let current = Float64Array.from(pairSim.subarray(0, n));
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < RELAX_ITERATIONS; iteration++) {
    for (let t = 0; t < n; t++) {
      let support = 0;
      for (let k = 0; k < n; k++) if (k !== t) support += rho[t * n + k] * current[k];
      next[t] = RELAX_WEIGHT * current[t] + ((1 - RELAX_WEIGHT) * support) / (n - 1);
    }
    [current, next] = [next, current];
  }
  // The np pairs with the best efficiency (relaxed / initial similarity).
  const order = Array.from({ length: n }, (_, t) => t).sort((x, y) => current[y] / pairSim[y] - current[x] / pairSim[x]);
  let sum = 0;
  for (let q = 0; q < Math.min(np, n); q++) sum += current[order[q]];
  return sum / np;
}
