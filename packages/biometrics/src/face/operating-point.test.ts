import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../synth/index.ts';
import { Calibration } from './calibration.ts';
import { fitImpostorTail, tailFmr, tailThreshold, type ImpostorTail } from './impostor-tail.ts';
import { faceOperatingPoint } from './operating-point.ts';

const MODEL = Calibration['faceapi-resnet-v2'];
const TAIL = MODEL.impostorTail!;
const FLOOR = MODEL.threshold;

describe('impostor tail (generalized Pareto)', () => {
  it('threshold and FMR are inverse of each other over the tail', () => {
    for (const fmr of [TAIL.exceedance, 1e-3, 1e-5, 1e-8, 1e-12]) {
      expect(tailFmr(TAIL, tailThreshold(TAIL, fmr)) / fmr).toBeCloseTo(1, 6);
    }
  });

  it('FMR falls as the score rises, and is p_u at the start', () => {
    expect(tailFmr(TAIL, TAIL.start)).toBe(TAIL.exceedance);
    let previous = Infinity;
    for (let t = TAIL.start; t <= 1; t += 0.002) {
      const f = tailFmr(TAIL, t);
      expect(f).toBeLessThanOrEqual(previous);
      previous = f;
    }
  });

  it('refuses scores below the tail and rates outside it', () => {
    expect(() => tailFmr(TAIL, TAIL.start - 0.01)).toThrow(RangeError);
    expect(() => tailThreshold(TAIL, TAIL.exceedance * 2)).toThrow(RangeError);
    expect(() => tailThreshold(TAIL, 0)).toThrow(RangeError);
  });

  it('a bounded tail gives FMR 0 past its endpoint', () => {
    const bounded: ImpostorTail = { start: 0.9, exceedance: 0.01, shape: -0.5, scale: 0.02 };
    expect(tailFmr(bounded, 0.9 + 0.02 / 0.5)).toBe(0);
    expect(tailFmr(bounded, 0.99)).toBe(0);
    expect(tailFmr(bounded, 0.93)).toBeGreaterThan(0);
  });

  it('the maximum-likelihood fit recovers the parameters of scores drawn from a known tail', () => {
    const truth: ImpostorTail = { start: 0.85, exceedance: 0.02, shape: -0.25, scale: 0.03 };
    const rnd = mulberry32(7);
    const total = 200_000;
    // Below the start: anything lower; above it (2 % of draws): the GPD by inversion.
    const scores = Float64Array.from({ length: total }, () => {
      const u = rnd();
      if (u >= truth.exceedance) return 0.85 * rnd();
      return tailThreshold(truth, Math.max(Number.MIN_VALUE, u));
    });
    const fit = fitImpostorTail(scores, truth.start, total);
    expect(fit.exceedances).toBeGreaterThan(3500);
    expect(fit.exceedance).toBeCloseTo(truth.exceedance, 2);
    expect(fit.shape).toBeGreaterThan(truth.shape - 0.06);
    expect(fit.shape).toBeLessThan(truth.shape + 0.06);
    expect(fit.scale / truth.scale).toBeGreaterThan(0.9);
    expect(fit.scale / truth.scale).toBeLessThan(1.1);
    // What the operating point uses: the score at a rate far below the sample's reach.
    expect(tailThreshold(fit, 1e-8)).toBeCloseTo(tailThreshold(truth, 1e-8), 2);
  });
});

describe('face operating point from a target FPIR and the gallery size', () => {
  it('the shipped tail agrees with the 1:1 calibration: at N = 1 and FPIR = its FAR it gives the 1:1 threshold', () => {
    // Independent measurements: the 1:1 threshold counted on all of lfw_devtest, the tail fitted on
    // a third of its people only (calibration.ts).
    const point = faceOperatingPoint(MODEL.targetFar, 1, TAIL, -1);
    expect(point.subjectFmr).toBeCloseTo(MODEL.targetFar, 12);
    expect(Math.abs(point.threshold - FLOOR)).toBeLessThan(0.005);
    expect(tailFmr(TAIL, FLOOR) / MODEL.targetFar).toBeGreaterThan(0.67);
    expect(tailFmr(TAIL, FLOOR) / MODEL.targetFar).toBeLessThan(1.5);
  });

  it('at N = 1 the FPIR is the FMR of one comparison, and with the floor the point is the 1:1 one', () => {
    const point = faceOperatingPoint(MODEL.targetFar, 1, TAIL, FLOOR);
    expect(point.threshold).toBeGreaterThanOrEqual(FLOOR);
    expect(point.fpir).toBeCloseTo(point.fmr, 15);
    expect(point.fpir).toBeLessThanOrEqual(MODEL.targetFar);
  });

  it('rises with the gallery, and N × FMR(t) ≈ FPIR where the floor does not bind', () => {
    let previous = -Infinity;
    for (const n of [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]) {
      const point = faceOperatingPoint(0.01, n, TAIL, FLOOR);
      expect(point.threshold).toBeGreaterThanOrEqual(previous);
      expect(point.fpir).toBeLessThanOrEqual(0.01);
      if (point.threshold > FLOOR + 0.001) {
        expect(point.fmr * n).toBeLessThanOrEqual(0.0101);
        expect(point.fmr * n).toBeGreaterThan(0.008); // only the rounding to 4 decimals lowers it
      }
      previous = point.threshold;
    }
    expect(faceOperatingPoint(0.01, 1_000_000, TAIL, FLOOR).threshold).toBeGreaterThan(faceOperatingPoint(0.01, 1_000, TAIL, FLOOR).threshold + 0.01);
  });

  it('falls as the target FPIR is relaxed', () => {
    const points = [1e-4, 1e-3, 1e-2, 1e-1].map((f) => faceOperatingPoint(f, 100_000, TAIL, FLOOR).threshold);
    for (let i = 1; i < points.length; i++) expect(points[i]).toBeLessThanOrEqual(points[i - 1]);
    expect(points[0]).toBeGreaterThan(points[3]);
  });

  it('never goes below the 1:1 floor nor the tail start, never above an FPIR-free cap', () => {
    const small = faceOperatingPoint(0.5, 1, TAIL, FLOOR);
    expect(small.threshold).toBe(FLOOR);
    const lowFloor = faceOperatingPoint(0.5, 1, TAIL, 0);
    expect(lowFloor.threshold).toBeGreaterThanOrEqual(TAIL.start);
    expect(lowFloor.fmr).toBeLessThanOrEqual(TAIL.exceedance);
    const empty = faceOperatingPoint(0.01, 0, TAIL, FLOOR);
    expect(empty).toEqual({ ...faceOperatingPoint(0.01, 1, TAIL, FLOOR), gallerySubjects: 0 });
  });

  it('refuses rates and sizes that mean nothing', () => {
    expect(() => faceOperatingPoint(0, 10, TAIL, FLOOR)).toThrow(RangeError);
    expect(() => faceOperatingPoint(1, 10, TAIL, FLOOR)).toThrow(RangeError);
    expect(() => faceOperatingPoint(0.01, -1, TAIL, FLOOR)).toThrow(RangeError);
    expect(() => faceOperatingPoint(0.01, 1.5, TAIL, FLOOR)).toThrow(RangeError);
    expect(() => faceOperatingPoint(0.01, 10, TAIL, 2)).toThrow(RangeError);
  });
});
