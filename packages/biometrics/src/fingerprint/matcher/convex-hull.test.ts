import { describe, expect, it } from 'vitest';
import { convexHull, insideHull } from './convex-hull.ts';

describe('convex hull', () => {
  const x = Float64Array.from([0, 100, 100, 0, 50, 20]);
  const y = Float64Array.from([0, 0, 100, 100, 50, 70]);
  const hull = convexHull(x, y);

  it('keeps only the corners', () => {
    expect(hull.length / 2).toBe(4);
  });

  it('tells inside from outside, with a margin', () => {
    expect(insideHull(hull, 50, 50, 0)).toBe(true);
    expect(insideHull(hull, 110, 50, 0)).toBe(false);
    expect(insideHull(hull, 110, 50, 15)).toBe(true);
    expect(insideHull(hull, -30, -30, 15)).toBe(false);
  });
});
