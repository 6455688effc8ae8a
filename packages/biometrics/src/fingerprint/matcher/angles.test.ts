import { describe, expect, it } from 'vitest';
import { normalizeAngle, TWO_PI } from './angles.ts';

/** The definition the fast branches must equal bit for bit. */
function byRemainder(angle: number): number {
  const a = angle % TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}

describe('normalizeAngle', () => {
  it('gives the remainder’s result bit for bit, at the branch edges and across several turns', () => {
    const edges = [0, -0, TWO_PI, -TWO_PI, 2 * TWO_PI, -2 * TWO_PI, Math.PI, -Math.PI, Number.MIN_VALUE, -Number.MIN_VALUE];
    const near = edges.flatMap((a) => [a, a + Number.EPSILON * 8, a - Number.EPSILON * 8, a * (1 + Number.EPSILON), a * (1 - Number.EPSILON)]);
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 14 * Math.PI - 6 * Math.PI;
    const angles = [...near, ...Array.from({ length: 20_000 }, random), 1e6, -1e6];
    for (const angle of angles) expect(Object.is(normalizeAngle(angle), byRemainder(angle)), `${angle}`).toBe(true);
  });
});
