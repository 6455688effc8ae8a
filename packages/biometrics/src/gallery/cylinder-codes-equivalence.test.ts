import { describe, expect, it } from 'vitest';
import { PROBE_MASK_SIZE, cylinderCodes, cylinderProbeCodes, fillProbeMask, indexCodes, orientedCodes, orientedCylinders, type CylinderParameters } from './cylinder-codes.ts';
import { CYLINDER_INDEX } from './parameters.ts';
import * as reference from './testing/cylinder-codes-reference.ts';
import { equivalenceTemplates } from './testing/equivalence-templates.ts';

/**
 * The faster cylinders and codes against the former code kept verbatim in
 * testing/cylinder-codes-reference.ts: every output identical, bit for bit (the codes are
 * persisted in gallery packs under INDEX_SCHEME, so they must not move at all).
 */
const templates = equivalenceTemplates(20261207, 80);

/** Same length and elements (===); vitest's deep equality is far slower on thousands of arrays. */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
/** Other parameters, so the paths the gallery's own never takes are compared too (one flip, 9 × 9 cells, 5 sections). */
const OTHER: CylinderParameters = { ...CYLINDER_INDEX, radius: 60, cells: 9, sections: 5, probeFlips: 1, hullMargin: 30, bitThreshold: 0.008 };

describe('cylinders and codes, same as the former computation', () => {
  it('gives the same cylinders: bits (and uncertain marks), valid cells, direction and position', () => {
    let cylinders = 0;
    let uncertain = 0;
    const differing: string[] = [];
    for (const p of [CYLINDER_INDEX, OTHER]) {
      templates.forEach((t, n) => {
        const fast = orientedCylinders(t, p);
        const former = reference.orientedCylinders(t, p);
        if (fast.length !== former.length) differing.push(`template ${n}: ${fast.length} cylinders for ${former.length}`);
        else {
          fast.forEach((c, i) => {
            const f = former[i];
            if (!same(c.bits, f.bits) || !same(c.valid, f.valid) || !Object.is(c.direction, f.direction) || c.x !== f.x || c.y !== f.y) differing.push(`template ${n}, cylinder ${i}`);
            for (const b of c.bits) uncertain += b >> 1;
          });
        }
        cylinders += fast.length;
      });
    }
    expect(differing).toEqual([]);
    // Enough cylinders that the comparison means something, with uncertain bits among them.
    expect(cylinders).toBeGreaterThan(8_000);
    expect(uncertain).toBeGreaterThan(10_000);
  }, 120_000);

  it('gives the same index entries (indexCodes) and probe masks (fillProbeMask, codes in the same order)', () => {
    const fastMask = new Uint32Array(PROBE_MASK_SIZE);
    const formerMask = new Uint32Array(PROBE_MASK_SIZE);
    let probeCodes = 0;
    const differing: string[] = [];
    templates.forEach((t, n) => {
      const oriented = orientedCylinders(t, CYLINDER_INDEX);
      if (!same(indexCodes(t, oriented), reference.indexCodes(t, oriented))) differing.push(`indexCodes of template ${n}`);
      if (n % 10 === 0 && !same(indexCodes(t), reference.indexCodes(t))) differing.push(`indexCodes of template ${n} (cylinders computed inside)`);
      const fast = fillProbeMask(t, fastMask, oriented);
      const former = reference.fillProbeMask(t, formerMask, oriented);
      if (!same(fast, former) || fast.some((code) => fastMask[code] !== formerMask[code])) differing.push(`fillProbeMask of template ${n}`);
      for (const code of fast) fastMask[code] = 0;
      for (const code of former) formerMask[code] = 0;
      probeCodes += fast.length;
    });
    expect(differing).toEqual([]);
    // Both masks are clear again: nothing was written outside the returned codes.
    expect(same(fastMask, formerMask) && fastMask.every((m) => m === 0)).toBe(true);
    expect(probeCodes).toBeGreaterThan(100_000);
  }, 120_000);

  it('gives the same code lists for other parameters and direction bins', () => {
    const differing: string[] = [];
    for (const p of [CYLINDER_INDEX, OTHER]) {
      templates.slice(0, 60).forEach((t, n) => {
        const oriented = reference.orientedCylinders(t, p);
        const bits = oriented.map((c) => c.bits);
        if (!same(cylinderCodes(t, p, bits), reference.cylinderCodes(t, p, bits))) differing.push(`cylinderCodes of template ${n}`);
        if (!same(cylinderProbeCodes(t, p, bits), reference.cylinderProbeCodes(t, p, bits))) differing.push(`cylinderProbeCodes of template ${n}`);
        for (const bins of [16, 32]) {
          for (const probe of [false, true]) {
            const fast = orientedCodes(t, p, bins, probe, oriented);
            const former = reference.orientedCodes(t, p, bins, probe, oriented);
            if (!same(fast.codes, former.codes) || !same(fast.directions, former.directions)) differing.push(`orientedCodes of template ${n}, ${bins} bins, probe ${probe}`);
          }
        }
      });
    }
    expect(differing).toEqual([]);
  }, 120_000);
});
