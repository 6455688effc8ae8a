import { describe, expect, it } from 'vitest';
import { cohortGap, cohortPValue, decideIdentification, operatingPoint, searchThreshold } from './operating-point.ts';
import { COHORT_RANK, COHORT_TAIL_SCALE } from './parameters.ts';
import { mulberry32 } from '../primitives/random.ts';

/** The calibrated scale's points per e-fold for impostor pairs pooled over probes: P(score ≥ s) = 10^(−s/10). */
const CALIBRATED = 10 / Math.LN10;

/** An impostor score of one search whose impostor tail falls off by e every `scale` points. */
function impostorScore(random: () => number, scale: number): number {
  return -scale * Math.log(1 - random()) || 0;
}

/** The k best of n impostor scores, best first (by default at the scale the rule assumes). */
function topOf(n: number, k: number, random: () => number, scale: number = COHORT_TAIL_SCALE): number[] {
  const top: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = impostorScore(random, scale);
    if (top.length < k || s > top[k - 1]) {
      top.push(s);
      top.sort((a, b) => b - a);
      if (top.length > k) top.pop();
    }
  }
  return top;
}

describe('cohortPValue', () => {
  it('is the tail of the largest of k − 1 exponentials of `scale` points (10/ln 10: powers of ten)', () => {
    expect(cohortPValue(20, 2, CALIBRATED)).toBeCloseTo(0.01, 12);
    expect(cohortPValue(30, 2, CALIBRATED)).toBeCloseTo(0.001, 12);
    expect(cohortPValue(20, 5, CALIBRATED)).toBeCloseTo(1 - 0.99 ** 4, 12);
    expect(cohortPValue(0, 3)).toBe(1);
    expect(cohortPValue(-5, 3)).toBe(1);
    // Far out it stays accurate (no 1 − 1 cancellation).
    expect(cohortPValue(200, 11, CALIBRATED) / 1e-19).toBeCloseTo(1, 9);
    expect(() => cohortPValue(10, 1)).toThrow(RangeError);
    expect(() => cohortPValue(10, 2.5)).toThrow(RangeError);
    expect(() => cohortPValue(10, 3, 0)).toThrow(RangeError);
  });

  it('defaults to the measured cohort scale, under which a lead is more surprising than under the pooled one', () => {
    expect(cohortPValue(7, 2)).toBeCloseTo(Math.exp(-7 / COHORT_TAIL_SCALE), 12);
    expect(cohortPValue(14, 4)).toBeCloseTo(1 - (1 - Math.exp(-14 / COHORT_TAIL_SCALE)) ** 3, 12);
    expect(COHORT_TAIL_SCALE).toBeLessThan(CALIBRATED);
    expect(cohortPValue(25, 10)).toBeLessThan(cohortPValue(25, 10, CALIBRATED));
  });

  it('holds its FPIR whatever the number of impostors met: 50 or 2,000 (Monte Carlo)', () => {
    const random = mulberry32(7);
    for (const n of [50, 2000]) {
      for (const k of [2, 5]) {
        const trials = 3000;
        let below1 = 0;
        let below10 = 0;
        for (let t = 0; t < trials; t++) {
          const top = topOf(n, k, random);
          const p = cohortPValue(top[0] - top[k - 1], k);
          if (p <= 0.01) below1++;
          if (p <= 0.1) below10++;
        }
        // Binomial sd at 1 % of 3,000 is 0.18 %, at 10 % 0.55 %: about four sd either side.
        expect(below1 / trials).toBeGreaterThan(0.003);
        expect(below1 / trials).toBeLessThan(0.017);
        expect(below10 / trials).toBeGreaterThan(0.078);
        expect(below10 / trials).toBeLessThan(0.122);
      }
    }
  });
});

describe('cohort operating point', () => {
  it('derives the gap from the target FPIR and k, independent of the gallery size', () => {
    expect(cohortGap(0.01, 2, CALIBRATED)).toBeCloseTo(20, 9);
    expect(cohortGap(0.001, 2, CALIBRATED)).toBeCloseTo(30, 9);
    // k = 10: nine chances to lead by the gap, 10·log10(9) ≈ 9.5 points more.
    expect(cohortGap(0.01, 10, CALIBRATED)).toBeCloseTo(29.52, 2);
    // The measured scale: the same chance at 3.5 / 4.34 of the lead (−ln(1 − 0.99^(1/9)) = 6.798 e-folds).
    expect(cohortGap(0.01, 10)).toBeCloseTo(6.798 * COHORT_TAIL_SCALE, 2);
    expect(cohortPValue(cohortGap(0.004, 7), 7)).toBeCloseTo(0.004, 12);
    expect(cohortPValue(cohortGap(0.004, 7, 2.9), 7, 2.9)).toBeCloseTo(0.004, 12);
    expect(operatingPoint(0.01, 1000).cohortScale).toBe(COHORT_TAIL_SCALE);
    // Published rounded up (29.53), never below the exact gap.
    expect(operatingPoint(0.01, 1000, 40, 10, CALIBRATED).cohortGap).toBe(29.53);
    const small = operatingPoint(0.001, 1000);
    const large = operatingPoint(0.001, 10_000_000);
    expect(small.cohortGap).toBe(large.cohortGap);
    expect(small.cohortRank).toBe(COHORT_RANK);
    expect(small.cohortGap).toBeGreaterThanOrEqual(cohortGap(0.001, COHORT_RANK));
    expect(() => cohortGap(0, 5)).toThrow(RangeError);
  });

  /** k candidates: the first at `first`, then 30, 29, … (the k-th at 31 − k + 1). */
  const list = (first: number, k = 10) => [{ subjectId: 'a', score: first }, ...Array.from({ length: k - 1 }, (_, i) => ({ subjectId: `i${i}`, score: 30 - i }))];

  it('sets a search threshold of max(floor, k-th score + gap) when k candidates are listed, else the gallery-size one', () => {
    const point = { threshold: 80, floor: 40, cohortRank: 10, cohortGap: 29.52 };
    // The 10th candidate scores 22: threshold 51.52.
    expect(searchThreshold(list(90), point)).toBeCloseTo(51.52, 9);
    expect(searchThreshold(list(90).slice(0, 9), point)).toBe(80);
    const low = [{ subjectId: 'a', score: 45 }, ...Array.from({ length: 9 }, (_, i) => ({ subjectId: `i${i}`, score: 5 - i * 0.1 }))];
    expect(searchThreshold(low, point)).toBe(40);
  });

  it('identifies a first candidate that leads the k-th by the gap, refuses one that does not, and reports two that do as ambiguous', () => {
    const point = operatingPoint(0.01, 100_000);
    const threshold = 22 + point.cohortGap;
    expect(point.threshold).toBeGreaterThan(threshold);
    expect(decideIdentification(list(threshold + 0.01), point)).toEqual({ decision: 'identified', subjectId: 'a', score: threshold + 0.01 });
    expect(decideIdentification(list(threshold - 0.01), point)).toEqual({ decision: 'not_identified' });
    const twice = [{ subjectId: 'a', score: 90 }, { subjectId: 'b', score: 85 }, ...list(0).slice(2)];
    expect(decideIdentification(twice, point)).toEqual({ decision: 'ambiguous', subjectIds: ['a', 'b'] });
    // Without the k-th candidate the gallery-size threshold (≈ 70 at 100,000 and 1 %) decides.
    expect(decideIdentification(list(threshold + 0.01).slice(0, 5), point)).toEqual({ decision: 'not_identified' });
  });

  it('holds the target FPIR on impostor searches of a large gallery at the decision level (Monte Carlo, no floor)', () => {
    const random = mulberry32(11);
    const point = { ...operatingPoint(0.05, 20_000), floor: 0 };
    let identified = 0;
    const trials = 3000;
    for (let t = 0; t < trials; t++) {
      const top = topOf(300, COHORT_RANK, random).map((score, i) => ({ subjectId: `s${i}`, score }));
      if (decideIdentification(top, point).decision !== 'not_identified') identified++;
    }
    // Binomial sd at 5 % of 3,000 is 0.4 %.
    expect(identified / trials).toBeGreaterThan(0.034);
    expect(identified / trials).toBeLessThan(0.066);
  });
});
