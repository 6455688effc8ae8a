import { describe, expect, it } from 'vitest';
import { computeErrorRates, fmrAtFnmr, operatingPoints, percentile, thresholdAtFmr, thresholdAtFnmr } from './error-rates.ts';
import { probit, renderDetSvg } from './det-curve.ts';

describe('error rates', () => {
  it('separable scores give zero error everywhere', () => {
    const rates = computeErrorRates([5, 6, 7], [1, 2, 3]);
    expect(rates.eer).toBe(0);
    expect(rates.fmr100).toBe(0);
    expect(rates.zeroFmr).toBe(0);
  });

  it('computes the hand-checked figures of a small overlapping case', () => {
    // Genuine 1..10, impostor 0..9 (ten each). Threshold 10: FMR 0, FNMR 0.9; threshold 1: FMR 0.9, FNMR 0.
    // Threshold t in 1..10: FMR = (10 - t)/10, FNMR = (t - 1)/10 → closest at t = 5 or 6 (|diff| 0.1), EER 0.45.
    const genuine = Array.from({ length: 10 }, (_, k) => k + 1);
    const impostor = Array.from({ length: 10 }, (_, k) => k);
    const rates = computeErrorRates(genuine, impostor);
    expect(rates.eer).toBeCloseTo(0.45, 10);
    // FMR ≤ 1 % with 10 impostors means FMR = 0: threshold 10, FNMR 0.9.
    expect(rates.fmr100).toBeCloseTo(0.9, 10);
    expect(rates.zeroFmr).toBeCloseTo(0.9, 10);
  });

  it('gives the PAD operating point: lowest FMR (APCER) with FNMR (BPCER) under a target, and its threshold', () => {
    // Live (genuine) 1..10, attacks (impostor) 0..9. FNMR ≤ 10 % allows one live refused: threshold 2,
    // which accepts attacks 2..9: FMR 0.8.
    const points = operatingPoints(Array.from({ length: 10 }, (_, k) => k + 1), Array.from({ length: 10 }, (_, k) => k));
    expect(fmrAtFnmr(points, 0.1)).toBeCloseTo(0.8, 10);
    expect(thresholdAtFnmr(points, 0.1)).toBe(2);
    expect(thresholdAtFnmr(points, 0)).toBe(1);
    expect(fmrAtFnmr(operatingPoints([5, 6], [1, 2]), 0)).toBe(0);
  });

  it('keeps tied scores on the same side of every threshold', () => {
    const points = operatingPoints([1, 1, 1], [1]);
    expect(points.map((p) => [p.fmr, p.fnmr])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('calibrates a threshold for a target FMR', () => {
    const impostor = Array.from({ length: 1000 }, (_, k) => k / 1000); // 0 .. 0.999
    const genuine = [0.5, 0.999, 2];
    const points = operatingPoints(genuine, impostor);
    // FMR ≤ 0.1 % allows one impostor (0.999); accepting it also accepts the genuine 0.999, so the
    // calibrated threshold is 0.999 (FNMR 1/3) rather than 2 (FNMR 2/3).
    expect(thresholdAtFmr(points, 0.001)).toBe(0.999);
  });

  it('rejects empty score lists instead of dividing by zero', () => {
    expect(() => computeErrorRates([], [1])).toThrow();
  });

  it('percentile by nearest rank', () => {
    expect(percentile([3, 1, 2, 4], 50)).toBe(2);
    expect(percentile([3, 1, 2, 4], 100)).toBe(4);
  });
});

describe('DET curve', () => {
  it('probit inverts the normal CDF at known points', () => {
    expect(probit(0.5)).toBeCloseTo(0, 8);
    expect(probit(0.975)).toBeCloseTo(1.959964, 5);
    expect(probit(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('renders a self-contained SVG with one path per series', () => {
    const svg = renderDetSvg('Prueba <1>', [
      { label: 'A', points: operatingPoints([2, 3], [1, 2.5]) },
      { label: 'B', points: operatingPoints([5], [1]) },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)?.length).toBe(2);
    expect(svg).toContain('Prueba &#60;1&#62;');
  });
});

describe('DET curve size', () => {
  it('draws a long curve with at most a few points per pixel', () => {
    const genuine = Array.from({ length: 20_000 }, (_, k) => 1 + k / 20_000);
    const impostor = Array.from({ length: 200_000 }, (_, k) => k / 100_000);
    const svg = renderDetSvg('grande', [{ label: 'A', points: operatingPoints(genuine, impostor) }]);
    const drawn = svg.match(/[ML][\d.]+,[\d.]+/g)?.length ?? 0;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(5_000);
  });
});
