import { describe, expect, it } from 'vitest';
import { orientationBin } from './orientation.ts';
import { orientationEdgeCases } from './testing/orientation-cases.ts';
import { extractionKernels } from './wasm-kernels.ts';

/**
 * orientationBin has two implementations: the JavaScript one (orientation.test.ts checks it
 * against Math.atan2) and the compiled one the pixel loop inlines. They must give the same bin
 * (as the byte stored: JavaScript returns −0 where the kernel returns 0, both stored as 0).
 */
describe('compiled orientationBin', () => {
  const bins = 32;
  const scale = bins / Math.PI;
  const compiled = (s: number, c: number): number => extractionKernels().orientationBin(s, c, scale, bins, 1);
  const javascript = (s: number, c: number): number => new Uint8Array([orientationBin(s, c, scale, bins)])[0];

  it('agrees with the JavaScript one on a dense sweep of directions and lengths', () => {
    let mismatches = 0;
    for (let k = 0; k < 200_000; k++) {
      const theta = -Math.PI + (2 * Math.PI * k) / 200_000;
      for (const length of [1, 0.37, 1e-6, 2.5]) {
        const c = length * Math.cos(theta);
        const s = length * Math.sin(theta);
        if (compiled(s, c) !== javascript(s, c)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('agrees at the rounding ties, the axes, zero and non-finite input', () => {
    const cases: [number, number][] = [
      ...orientationEdgeCases(bins, [0, 1e-15, -1e-15, 1e-9, -1e-9, 1e-6, -1e-6, 1e-4, -1e-4, 2e-3, -2e-3]),
      [1e31, 1],
      [NaN, 1],
      [1, NaN],
      [Infinity, 1],
      [-Infinity, -Infinity],
    ];
    for (const [s, c] of cases) expect(compiled(s, c), `s=${s} c=${c}`).toBe(javascript(s, c));
  });
});
