import { describe, expect, it } from 'vitest';
import { CALIBRATION_KNOTS, rawFromScore } from '@siap/biometrics/fingerprint';
import { shapeScore } from '../../../packages/biometrics/src/fingerprint/matcher/calibration.ts';
import { impostorRaws, knotAt } from './calibrate.ts';

describe('score calibration refit', () => {
  it('recovers the raw similarity behind every positive score', () => {
    const { raw: knots } = CALIBRATION_KNOTS;
    for (const raw of [knots[0] + 0.5, knots[1] + 1, knots[2] + 0.3, knots[3] + 0.2, knots[4] + 0.1, knots[4] + 8]) {
      const score = shapeScore(raw);
      expect(score).toBeGreaterThan(0);
      expect(rawFromScore(score)).toBeCloseTo(raw, 9);
    }
    expect(rawFromScore(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('puts each knot so that exactly ⌊FMR · impostors⌋ impostors score above it', () => {
    const raws = Array.from({ length: 1000 }, (_, i) => i / 10).sort((a, b) => b - a);
    const { knot, above } = knotAt(raws, 0.01);
    expect(above).toBe(10);
    expect(raws.filter((r) => r >= knot)).toHaveLength(10);
  });

  it('never lets tied impostors straddle a knot', () => {
    const raws = [9, 8, 7, 7, 7, 3, 2, 1, 0, -1];
    const { knot, above } = knotAt(raws, 0.3);
    expect(above).toBe(2);
    expect(raws.filter((r) => r >= knot)).toHaveLength(2);
  });

  it('reads only impostor rows of a scores.csv', () => {
    const csv = `probe,candidate,genuine,score\na,b,1,55\na,c,0,${shapeScore(1.25)}\nb,c,0,0\n`;
    const raws = impostorRaws(csv);
    expect(raws).toHaveLength(2);
    expect(raws[0]).toBeCloseTo(1.25, 9);
    expect(raws[1]).toBe(Number.NEGATIVE_INFINITY);
  });
});
