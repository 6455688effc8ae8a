import { describe, expect, it } from 'vitest';
import { cylinderCells, orientedCylinders, type CylinderParameters } from './cylinder-codes.ts';
import { MccKernel } from './mcc-kernel.ts';
import { mccLayout, mccScore, packCylinders, storeCylinders, storedCylinderWords, type PackedCylinders } from './mcc-similarity.ts';
import { CYLINDER_INDEX } from './parameters.ts';
import { equivalenceTemplates } from './testing/equivalence-templates.ts';
import { referenceMccScore } from './testing/mcc-reference.ts';

/**
 * The WebAssembly Local Similarity Sort against the former JavaScript (testing/mcc-reference.ts):
 * the same float, to the bit, for every pair — mates (impressions of one finger), non-mates,
 * empty and tiny templates — whether the candidate comes packed or from the shard's tight storage.
 */
function packedOf(p: CylinderParameters, seed: number, fingers: number): PackedCylinders[] {
  const layout = mccLayout(cylinderCells(p), p.sections);
  return equivalenceTemplates(seed, fingers).map((t) => packCylinders(orientedCylinders(t, p), layout));
}

/** Pairs whose scores differ in any bit (Object.is: also tells 0 from −0). */
function differing(scores: [number, number][]): [number, number][] {
  return scores.filter(([fast, former]) => !Object.is(fast, former));
}

describe('MCC kernel, same scores as the former JavaScript', () => {
  const layout = mccLayout(cylinderCells(CYLINDER_INDEX), CYLINDER_INDEX.sections);
  const packed = packedOf(CYLINDER_INDEX, 77, 30);

  it('mccScore gives the same float for every pair, mated or not', () => {
    const scores: [number, number][] = [];
    for (const a of packed) for (const b of packed) scores.push([mccScore(a, b, layout), referenceMccScore(a, b, layout)]);
    expect(differing(scores)).toEqual([]);
    // Mates (an impression follows its finger) score high, so the best pairs are compared too.
    const mates = packed.slice(0, 60).filter((_, i) => i % 2 === 0).map((a, i) => referenceMccScore(a, packed[2 * i + 1], layout));
    expect(Math.max(...mates)).toBeGreaterThan(0.5);
    expect(scores.filter(([, s]) => s === 0).length).toBeLessThan(scores.length / 4);
  }, 60_000);

  it('scores candidates read from the shard storage the same, through probe and candidate regrowth', () => {
    const words = storedCylinderWords(layout);
    const first = new Int32Array(packed.length + 1);
    packed.forEach((p, i) => (first[i + 1] = first[i] + p.count));
    // An odd start, so the candidates' words do not begin at the start of the array.
    const base = 3;
    const stored = new Uint32Array((base + first[packed.length]) * words);
    const directions = new Uint8Array(base + first[packed.length]);
    packed.forEach((p, i) => {
      storeCylinders(p, layout, stored, (base + first[i]) * words);
      directions.set(p.directions, base + first[i]);
    });
    const kernel = new MccKernel(layout);
    const scores: [number, number][] = [];
    // Probes in an order that makes the kernel grow its regions midway (small, then the largest).
    const order = packed.map((_, i) => i).sort((x, y) => packed[x].count - packed[y].count);
    for (const a of [...order.slice(0, 5), ...order.slice(-5), ...order.slice(5, 20)]) {
      kernel.setProbe(packed[a]);
      for (let b = 0; b < packed.length; b++) {
        scores.push([kernel.scoreStored(stored, directions, base + first[b], packed[b].count), referenceMccScore(packed[a], packed[b], layout)]);
      }
    }
    expect(differing(scores)).toEqual([]);
  }, 60_000);

  it('handles other layouts: one word of cells, odd sections', () => {
    const small: CylinderParameters = { ...CYLINDER_INDEX, cells: 6, sections: 5 };
    const other = mccLayout(cylinderCells(small), small.sections);
    expect(other.cellWords).toBe(1);
    expect(MccKernel.handles(other)).toBe(true);
    const list = packedOf(small, 5, 12);
    const scores: [number, number][] = [];
    for (const a of list) for (const b of list) scores.push([mccScore(a, b, other), referenceMccScore(a, b, other)]);
    expect(differing(scores)).toEqual([]);
  }, 60_000);

  it('leaves layouts of more than 57 cells to the JavaScript, with the same scores', () => {
    const fine: CylinderParameters = { ...CYLINDER_INDEX, cells: 10 };
    const big = mccLayout(cylinderCells(fine), fine.sections);
    expect(MccKernel.handles(big)).toBe(false);
    const list = packedOf(fine, 9, 6);
    const scores: [number, number][] = [];
    for (const a of list) for (const b of list) scores.push([mccScore(a, b, big), referenceMccScore(a, b, big)]);
    expect(differing(scores)).toEqual([]);
    expect(scores.some(([s]) => s > 0)).toBe(true);
  }, 60_000);
});
