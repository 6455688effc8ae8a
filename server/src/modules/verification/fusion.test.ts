import { describe, expect, it } from 'vitest';
import { fingerEvidence, fuse } from './fusion.ts';

describe('score fusion', () => {
  it('keeps each modality at its own threshold when it is alone', () => {
    expect(fuse({ score: 40, threshold: 40 }, null).match).toBe(true);
    expect(fuse({ score: 39.9, threshold: 40 }, null).match).toBe(false);
    expect(fuse(null, { score: 0.93, threshold: 0.9271 }).match).toBe(true);
    expect(fuse(null, { score: 0.92, threshold: 0.9271 }).match).toBe(false);
    expect(fuse(null, null)).toMatchObject({ score: 0, match: false });
  });

  it('lets a strong modality carry a borderline one (sum rule on normalized scores)', () => {
    const fused = fuse({ score: 36, threshold: 40 }, { score: 0.99, threshold: 0.9271 });
    expect(fused.finger?.normalized).toBeCloseTo(0.9, 4);
    expect(fused.face?.normalized).toBeGreaterThan(1.1);
    expect(fused.match).toBe(true);
    expect(fuse({ score: 10, threshold: 40 }, { score: 0.95, threshold: 0.9271 }).match).toBe(false);
  });

  it('fuses several fingers on the matcher scale: agreeing fingers add up, impostor fingers do not', () => {
    const one = (score: number, compared = 1) => ({ score, compared });
    expect(fingerEvidence([one(45)])).toBeCloseTo(45, 9);
    expect(fingerEvidence([])).toBe(0);
    // Two fingers at 45 are far stronger evidence than one.
    expect(fingerEvidence([one(45), one(45)])).toBeGreaterThan(75);
    // A genuine person with one poor finger still passes; one good-looking impostor finger beside a
    // non-matching one does not.
    expect(fingerEvidence([one(80), one(10)])).toBeGreaterThan(70);
    expect(fingerEvidence([one(45), one(0)])).toBeLessThan(40);
    // A finger of unknown position compared with 10 enrolled fingers pays one decade for it.
    expect(fingerEvidence([one(50, 10)])).toBeCloseTo(40, 2);
  });
});
