/**
 * mccScore as mcc-similarity.ts computed it in JavaScript before the WebAssembly kernel (commit
 * c728ad0), kept verbatim as the reference the kernel must reproduce bit for bit
 * (mcc-kernel.test.ts). Not used by the engine.
 */
import { pairsConsidered, type MccLayout, type PackedCylinders } from '../mcc-similarity.ts';

const MAX_NP = 12;
const MAX_DIRECTION_STEPS = 64;
const MIN_COMMON = 0.6;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function referenceCylinderSimilarity(a: PackedCylinders, i: number, b: PackedCylinders, j: number, layout: MccLayout): number {
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
  const norm = Math.sqrt(na) + Math.sqrt(nb);
  return norm === 0 ? 0 : 1 - Math.sqrt(nx) / norm;
}

export function referenceMccScore(a: PackedCylinders, b: PackedCylinders, layout: MccLayout): number {
  if (a.count === 0 || b.count === 0) return 0;
  const np = pairsConsidered(a.count, b.count);
  const best = new Float64Array(MAX_NP);
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
      const s = referenceCylinderSimilarity(a, i, b, j, layout);
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
