import { describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import { CODED_SUBBANDS, layoutFor, MIN_WSQ_SIDE } from './layout.ts';
import { decompose, FBI_9_7, reconstruct } from './wavelet.ts';

const SIZES: [number, number][] = [
  [MIN_WSQ_SIDE, MIN_WSQ_SIDE],
  [300, 400],
  [301, 397],
  [511, 513],
  [83, 129],
];

describe('WSQ subband layout', () => {
  it.each(SIZES)('tiles a %i×%i image with 60 disjoint subbands plus the discarded finest diagonal', (width, height) => {
    const { subbands, splits } = layoutFor(width, height);
    expect(subbands).toHaveLength(CODED_SUBBANDS);
    expect(splits).toHaveLength(20);
    const owner = new Int16Array(width * height).fill(-1);
    let overlaps = 0;
    subbands.forEach((r, k) => {
      expect(Math.min(r.width, r.height)).toBeGreaterThan(0);
      for (let y = r.y; y < r.y + r.height; y++) {
        for (let x = r.x; x < r.x + r.width; x++) {
          if (owner[y * width + x] !== -1) overlaps++;
          owner[y * width + x] = k;
        }
      }
    });
    expect(overlaps).toBe(0);
    // What no subband covers is exactly the bottom-right quadrant of the first split.
    const right = Math.ceil(width / 2);
    const bottom = Math.ceil(height / 2);
    let misplaced = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if ((owner[y * width + x] === -1) !== (x >= right && y >= bottom)) misplaced++;
    }
    expect(misplaced).toBe(0);
  });

  it('numbers subbands as the specification does: 0–3 the coarsest corner, 51 the level-2 diagonal', () => {
    const { subbands } = layoutFor(512, 512);
    expect(subbands.slice(0, 4)).toEqual([
      { x: 0, y: 0, width: 16, height: 16 },
      { x: 16, y: 0, width: 16, height: 16 },
      { x: 0, y: 16, width: 16, height: 16 },
      { x: 16, y: 16, width: 16, height: 16 },
    ]);
    expect(subbands[51]).toEqual({ x: 128, y: 128, width: 128, height: 128 });
    expect(subbands.slice(52).map((r) => [r.x, r.y])).toEqual([
      [256, 0], [384, 0], [256, 128], [384, 128], [0, 256], [128, 256], [0, 384], [128, 384],
    ]);
  });

  it('rejects images smaller than the decomposition allows, and the smallest allowed has no split under 6', () => {
    expect(() => layoutFor(MIN_WSQ_SIDE - 1, 300)).toThrow(BiometricError);
    expect(() => layoutFor(300, MIN_WSQ_SIDE - 1)).toThrow(BiometricError);
    const { splits } = layoutFor(MIN_WSQ_SIDE, MIN_WSQ_SIDE);
    expect(Math.min(...splits.map((s) => Math.min(s.width, s.height)))).toBe(6);
  });
});

describe('WSQ wavelet transform', () => {
  it.each(SIZES)('reconstructs a %i×%i image exactly (up to float rounding) from its full decomposition', (width, height) => {
    const { splits } = layoutFor(width, height);
    const plane = new Float32Array(width * height);
    for (let i = 0; i < plane.length; i++) plane[i] = 100 * Math.sin(i * 0.37) + ((i * 7919) % 31) - 15;
    const original = plane.slice();
    decompose(plane, width, splits, FBI_9_7);
    expect(plane).not.toEqual(original);
    reconstruct(plane, width, splits, FBI_9_7);
    let worst = 0;
    for (let i = 0; i < plane.length; i++) worst = Math.max(worst, Math.abs(plane[i] - original[i]));
    expect(worst).toBeLessThan(1e-3);
  });

  it('keeps a constant image in the coarsest subband (low-pass gain √2 per dimension and level)', () => {
    const width = 128;
    const { splits, subbands } = layoutFor(width, width);
    const plane = new Float32Array(width * width).fill(1);
    decompose(plane, width, splits, FBI_9_7);
    const r = subbands[0];
    expect(plane[r.y * width + r.x]).toBeCloseTo(32, 3); // (√2)^10: five levels, two dimensions
    expect(Math.abs(plane[subbands[1].y * width + subbands[1].x])).toBeLessThan(1e-4);
  });
});
