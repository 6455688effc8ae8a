import { describe, expect, it } from 'vitest';
import type { Point } from '../align.ts';
import { fitHomography, homographyResidual } from './planar.ts';

const grid: Point[] = [];
for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) grid.push([100 + 20 * x, 80 + 25 * y]);

function project(h: number[], [x, y]: Point): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

describe('planar-motion check', () => {
  it('recovers a perspective view of a plane exactly (residual ~0)', () => {
    const h = [0.9, 0.1, 12, -0.05, 1.1, -7, 0.0006, -0.0004, 1];
    const seen = grid.map((p) => project(h, p));
    const fit = fitHomography(grid, seen)!;
    for (let k = 0; k < 9; k++) expect(fit[k]).toBeCloseTo(h[k], 6);
    expect(homographyResidual(grid, seen, 60)).toBeLessThan(1e-6);
  });

  it('leaves a residual when points at different depths turn (parallax)', () => {
    const a = (20 * Math.PI) / 180;
    const depth = grid.map(([x, y]) => 40 * Math.exp(-((x - 150) ** 2 + (y - 140) ** 2) / 800));
    const turned = grid.map(([x, y], k) => [150 + (x - 150) * Math.cos(a) + depth[k] * Math.sin(a), y] as Point);
    expect(homographyResidual(grid, turned, 60)).toBeGreaterThan(0.03);
  });

  it('refuses degenerate input', () => {
    expect(fitHomography(grid.slice(0, 3), grid.slice(0, 3))).toBeNull();
    expect(homographyResidual(grid.map(() => [1, 1] as Point), grid, 60)).toBe(Number.POSITIVE_INFINITY);
  });
});
