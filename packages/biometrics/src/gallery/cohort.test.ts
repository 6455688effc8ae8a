import { describe, expect, it } from 'vitest';
import { cohortPValue } from './operating-point.ts';
import { mulberry32 } from '../primitives/random.ts';

/** An impostor score as the calibration describes them: P(score ≥ s) = 10^(−s/10). */
function impostorScore(random: () => number): number {
  return (-10 * Math.log10(1 - random())) || 0;
}

/** The k best of n impostor scores, best first. */
function topOf(n: number, k: number, random: () => number): number[] {
  const top: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = impostorScore(random);
    if (top.length < k || s > top[k - 1]) {
      top.push(s);
      top.sort((a, b) => b - a);
      if (top.length > k) top.pop();
    }
  }
  return top;
}

describe('cohortPValue', () => {
  it('is the tail of the largest of k − 1 exponentials of 10/ln 10 points', () => {
    expect(cohortPValue(20, 2)).toBeCloseTo(0.01, 12);
    expect(cohortPValue(30, 2)).toBeCloseTo(0.001, 12);
    expect(cohortPValue(20, 5)).toBeCloseTo(1 - 0.99 ** 4, 12);
    expect(cohortPValue(0, 3)).toBe(1);
    expect(cohortPValue(-5, 3)).toBe(1);
    // Far out it stays accurate (no 1 − 1 cancellation).
    expect(cohortPValue(200, 11) / 1e-19).toBeCloseTo(1, 9);
    expect(() => cohortPValue(10, 1)).toThrow(RangeError);
    expect(() => cohortPValue(10, 2.5)).toThrow(RangeError);
  });

  it('holds its FPIR whatever the number of impostors met: 50 or 5,000 (Monte Carlo)', () => {
    const random = mulberry32(7);
    for (const n of [50, 5000]) {
      for (const k of [2, 5]) {
        const trials = 4000;
        let below1 = 0;
        let below10 = 0;
        for (let t = 0; t < trials; t++) {
          const top = topOf(n, k, random);
          const p = cohortPValue(top[0] - top[k - 1], k);
          if (p <= 0.01) below1++;
          if (p <= 0.1) below10++;
        }
        // Binomial sd at 1 % of 4,000 is 0.16 %, at 10 % 0.47 %: four sd either side.
        expect(below1 / trials).toBeGreaterThan(0.0037);
        expect(below1 / trials).toBeLessThan(0.0163);
        expect(below10 / trials).toBeGreaterThan(0.081);
        expect(below10 / trials).toBeLessThan(0.119);
      }
    }
  });
});
