import { describe, expect, it } from 'vitest';
import { orientationBin } from './orientation.ts';
import { orientationEdgeCases } from './testing/orientation-cases.ts';

/** The bin as pixelOrientationBins computed it before orientationBin: Math.atan2 every time. */
function atan2Bin(s: number, c: number, scale: number, bins: number): number {
  let a = 0.5 * Math.atan2(s, c);
  if (a < 0) a += Math.PI;
  return Math.round(a * scale) % bins;
}

describe('orientationBin', () => {
  const bins = 32;
  const scale = bins / Math.PI;

  it('gives the Math.atan2 bin on a dense sweep of directions and lengths', () => {
    let mismatches = 0;
    let checked = 0;
    for (let k = 0; k < 200_000; k++) {
      const theta = -Math.PI + (2 * Math.PI * k) / 200_000;
      for (const length of [1, 0.37, 1e-6, 2.5]) {
        const c = length * Math.cos(theta);
        const s = length * Math.sin(theta);
        checked++;
        if (orientationBin(s, c, scale, bins) !== atan2Bin(s, c, scale, bins)) mismatches++;
      }
    }
    expect(checked).toBe(800_000);
    expect(mismatches).toBe(0);
  });

  it('gives the Math.atan2 bin at the rounding ties, the axes and zero', () => {
    const cases = orientationEdgeCases(bins, [0, 1e-15, -1e-15, 1e-9, -1e-9, 1e-6, -1e-6, 1e-4, -1e-4]);
    for (const [s, c] of cases) expect(orientationBin(s, c, scale, bins), `s=${s} c=${c}`).toBe(atan2Bin(s, c, scale, bins));
  });
});
