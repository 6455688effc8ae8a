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

  it('needs two agreeing fingers out of several', () => {
    expect(fingerEvidence([90, 12, 8])).toBe(51);
    expect(fingerEvidence([45, 20])).toBe(32.5);
    expect(fingerEvidence([45])).toBe(45);
    expect(fingerEvidence([])).toBe(0);
  });
});
