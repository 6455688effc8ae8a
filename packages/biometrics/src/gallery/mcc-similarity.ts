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
import { cylinderCells, orientedCylinders, type CylinderParameters } from './cylinder-codes.ts';

/** Packed binary cylinders of one template. */
export interface PackedCylinders {
  count: number;
  /** count × wordsPerCylinder: the bits, section-major. */
  bits: Uint32Array;
  /** count × cellWords: valid cells. */
  valid: Uint32Array;
  /** Direction of each cylinder's central minutia, 256 steps per turn. */
  directions: Uint8Array;
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

/** The template's cylinders (orientedCylinders, same validity rules) packed for mccScore. */
export function packCylinders(
  oriented: readonly { bits: Uint8Array; valid: Uint8Array; direction: number }[],
  layout: MccLayout,
): PackedCylinders {
  const { cells, sections, cellWords, wordsPerCylinder } = layout;
  const bits = new Uint32Array(oriented.length * wordsPerCylinder);
  const valid = new Uint32Array(oriented.length * cellWords);
  const directions = new Uint8Array(oriented.length);
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
  });
  return { count: oriented.length, bits, valid, directions };
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
  const { cellWords, wordsPerCylinder, sections, cells } = layout;
  const turn = (a.directions[i] - b.directions[j]) & 255;
  if (turn > MAX_DIRECTION_STEPS && turn < 256 - MAX_DIRECTION_STEPS) return 0;
  let common = 0;
  const va = i * cellWords;
  const vb = j * cellWords;
  for (let w = 0; w < cellWords; w++) common += popcount(a.valid[va + w] & b.valid[vb + w]);
  if (common < MIN_COMMON * cells) return 0;
  let na = 0;
  let nb = 0;
  let nx = 0;
  const ba = i * wordsPerCylinder;
  const bb = j * wordsPerCylinder;
  for (let s = 0; s < sections; s++) {
    for (let w = 0; w < cellWords; w++) {
      const mask = a.valid[va + w] & b.valid[vb + w];
      const x = a.bits[ba + s * cellWords + w] & mask;
      const y = b.bits[bb + s * cellWords + w] & mask;
      na += popcount(x);
      nb += popcount(y);
      nx += popcount(x ^ y);
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

/**
 * Local Similarity Sort: the mean of the n_P best pair similarities between a's and b's cylinders,
 * in [0, 1]. Symmetric in a and b.
 */
export function mccScore(a: PackedCylinders, b: PackedCylinders, layout: MccLayout, best: Float64Array = new Float64Array(MAX_NP)): number {
  if (a.count === 0 || b.count === 0) return 0;
  const np = pairsConsidered(a.count, b.count);
  // `best` holds the np largest similarities seen, in descending order (np ≤ 12: insertion is cheapest).
  best.fill(0, 0, np);
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
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
