import { describe, expect, it } from 'vitest';
import { fuseCalibrated, impostorTail, logGammaUpperTail } from './fusion.ts';
import { decideIdentification, operatingPoint } from './operating-point.ts';
import { mulberry32 } from '../primitives/random.ts';

/** Seeded, so the Monte Carlo checks below are reproducible. */
const rng = mulberry32;

/** An impostor score as the calibration describes them: P(score ≥ s) = 10^(−s/10). */
function impostorScore(random: () => number): number {
  return (-10 * Math.log10(1 - random())) || 0;
}

describe('fuseCalibrated', () => {
  it('gives back the matcher score for one finger against one finger', () => {
    for (const s of [5, 10, 40, 63.5, 120]) expect(fuseCalibrated([s], [1])).toBeCloseTo(s, 9);
    expect(fuseCalibrated([undefined], [1])).toBe(0);
    expect(fuseCalibrated([], [])).toBe(0);
  });

  it('charges the best of m comparisons log10(m) decades: 10 enrolled fingers cost 10 points', () => {
    expect(fuseCalibrated([60], [10])).toBeCloseTo(50, 3);
    expect(fuseCalibrated([60], [2])).toBeCloseTo(60 - 10 * Math.log10(2), 3);
  });

  it('grows with every finger that agrees and never falls when one score rises', () => {
    const one = fuseCalibrated([50, undefined, undefined], [1, 1, 1]);
    const two = fuseCalibrated([50, 50, undefined], [1, 1, 1]);
    const three = fuseCalibrated([50, 50, 50], [1, 1, 1]);
    expect(two).toBeGreaterThan(one + 30);
    expect(three).toBeGreaterThan(two + 30);
    expect(fuseCalibrated([50, 51, 0], [1, 1, 1])).toBeGreaterThan(fuseCalibrated([50, 50, 0], [1, 1, 1]));
    // Fingers that could not meet anything do not dilute the evidence.
    expect(fuseCalibrated([50, undefined], [1, 0])).toBeCloseTo(50, 9);
  });

  it('keeps the single-finger meaning for impostor subjects, whatever the number of fingers and comparisons', () => {
    const random = rng(18);
    const trials = 100_000;
    for (const [fingers, enrolled] of [
      [1, 1],
      [2, 2],
      [10, 1],
      [10, 10],
    ]) {
      let above20 = 0;
      let above30 = 0;
      for (let t = 0; t < trials; t++) {
        const best: number[] = [];
        for (let f = 0; f < fingers; f++) {
          let b = 0;
          for (let m = 0; m < enrolled; m++) b = Math.max(b, impostorScore(random));
          best.push(b);
        }
        const fused = fuseCalibrated(best, best.map(() => enrolled));
        if (fused >= 20) above20++;
        if (fused >= 30) above30++;
      }
      // Calibrated: 1 % of impostor subjects at 20, 0.1 % at 30 (binomial sd ≈ 3 % and 10 %).
      expect(above20 / trials).toBeGreaterThan(0.0088);
      expect(above20 / trials).toBeLessThan(0.0112);
      expect(above30 / trials).toBeGreaterThan(0.0007);
      expect(above30 / trials).toBeLessThan(0.0013);
    }
  });

  it('computes the Gamma tail stably far out', () => {
    expect(Math.exp(logGammaUpperTail(1, 3))).toBeCloseTo(Math.exp(-3), 12);
    expect(Math.exp(logGammaUpperTail(2, 3))).toBeCloseTo(4 * Math.exp(-3), 12);
    expect(logGammaUpperTail(10, 2000)).toBeLessThan(-1900);
    expect(Number.isFinite(logGammaUpperTail(20, 5000))).toBe(true);
    expect(impostorTail(0)).toBe(1);
    expect(impostorTail(40)).toBeCloseTo(1e-4, 12);
  });
});

describe('operatingPoint', () => {
  it('derives the threshold from the target FPIR and the gallery size', () => {
    expect(operatingPoint(0.001, 1000).threshold).toBeCloseTo(60, 1);
    expect(operatingPoint(0.001, 100_000).threshold).toBeCloseTo(80, 1);
    expect(operatingPoint(0.01, 1_000_000).threshold).toBeCloseTo(80, 1);
    const p = operatingPoint(0.01, 1000);
    // FPIR over N independent impostor subjects is exactly the target.
    expect(1 - (1 - p.subjectFmr) ** 1000).toBeCloseTo(0.01, 9);
    expect(p.threshold).toBeGreaterThanOrEqual(-10 * Math.log10(p.subjectFmr));
  });

  it('never goes below the 1:1 threshold, even for an empty or tiny gallery', () => {
    expect(operatingPoint(0.01, 0).threshold).toBe(40);
    expect(operatingPoint(0.01, 1).threshold).toBe(40);
    expect(operatingPoint(0.001, 5, 45).threshold).toBe(45);
    expect(() => operatingPoint(0, 10)).toThrow(RangeError);
    expect(() => operatingPoint(0.01, -1)).toThrow(RangeError);
  });
});

describe('decideIdentification', () => {
  // Lists shorter than cohortRank: the gallery-size threshold decides.
  const point = { threshold: 60, floor: 40, cohortRank: 10, cohortGap: 30 };
  it('identifies only one subject clearly above the threshold', () => {
    expect(decideIdentification([{ subjectId: 'a', score: 75 }, { subjectId: 'b', score: 41 }], point)).toEqual({ decision: 'identified', subjectId: 'a', score: 75 });
    expect(decideIdentification([{ subjectId: 'a', score: 59.9 }], point)).toEqual({ decision: 'not_identified' });
    expect(decideIdentification([], point)).toEqual({ decision: 'not_identified' });
    expect(decideIdentification([{ subjectId: 'a', score: 90 }, { subjectId: 'b', score: 61 }], point)).toEqual({ decision: 'ambiguous', subjectIds: ['a', 'b'] });
  });
});
