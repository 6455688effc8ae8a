import { describe, expect, it } from 'vitest';
import type { FingerprintTemplate } from '../types.ts';
import { BiometricError } from '../../errors.ts';
import { FINGERPRINT_MATCH_THRESHOLD, matchDetailed, matchScore, prepareTemplate, rawFromScore } from './index.ts';
import { SIMILARITY_WEIGHTS } from '../matcher-parameters.ts';
import { impression, randomFinger, seededRandom } from './synthetic-minutiae.ts';

/** Rotates a template about the origin and shifts it: no noise, so every minutia must pair. */
function rigidCopy(template: FingerprintTemplate, rotation: number, dx: number, dy: number): FingerprintTemplate {
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  return {
    width: template.width,
    height: template.height,
    // Counterclockwise on screen with y down: x' = c·x + s·y, y' = −s·x + c·y.
    minutiae: template.minutiae.map((m) => ({
      ...m,
      x: c * m.x + s * m.y + dx,
      y: -s * m.x + c * m.y + dy,
      direction: (((m.direction + rotation) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI),
    })),
  };
}

describe('fingerprint matcher on synthetic minutia sets', () => {
  const random = seededRandom(20240601);
  const fingers = Array.from({ length: 12 }, () => randomFinger(random));

  it('is invariant to translation, and a rotation costs exactly its rotationCosine term', () => {
    const weight = SIMILARITY_WEIGHTS.rotationCosine;
    for (const finger of fingers.slice(0, 4)) {
      const self = matchScore(prepareTemplate(finger), prepareTemplate(finger));
      for (const [dx, dy] of [
        [35, -20],
        [-60, 80],
        [300, 400],
      ]) {
        expect(matchScore(prepareTemplate(finger), prepareTemplate(rigidCopy(finger, 0, dx, dy)))).toBeCloseTo(self, 6);
      }
      // Fingers meet a reader roughly upright (matcher-parameters.ts rotationCosine): a turned copy
      // pairs the same minutiae and loses weight × (1 − cos rotation) of log-odds, no more — even
      // upside down it stays far above the threshold.
      for (const [rotation, dx, dy] of [
        [0.3, 35, -20],
        [-2.5, -60, 80],
        [Math.PI, 300, 400],
      ]) {
        const moved = matchScore(prepareTemplate(finger), prepareTemplate(rigidCopy(finger, rotation, dx, dy)));
        expect(rawFromScore(self) - rawFromScore(moved)).toBeCloseTo(weight * (1 - Math.cos(rotation)), 6);
        expect(moved).toBeGreaterThan(FINGERPRINT_MATCH_THRESHOLD + 20);
      }
    }
  });

  it('pairs every minutia of a rigid copy with its true counterpart', () => {
    const finger = fingers[0];
    const moved = rigidCopy(finger, 0.4, 25, -15);
    const result = matchDetailed(prepareTemplate(finger), prepareTemplate(moved));
    expect(result.pairs.length).toBe(finger.minutiae.length);
    for (const pair of result.pairs) expect(pair.candidate).toBe(pair.probe);
  });

  it('accepts distorted, noisy impressions of the same finger and rejects other fingers', () => {
    const impressions = fingers.map((f) => [0, 1, 2, 3].map(() => prepareTemplate(impression(f, random))));
    let genuineAbove = 0;
    let genuineTotal = 0;
    let impostorAbove = 0;
    let impostorTotal = 0;
    for (let f = 0; f < fingers.length; f++) {
      for (let a = 0; a < 4; a++) {
        for (let b = a + 1; b < 4; b++) {
          genuineTotal++;
          if (matchScore(impressions[f][a], impressions[f][b]) >= FINGERPRINT_MATCH_THRESHOLD) genuineAbove++;
        }
      }
      for (let g = 0; g < fingers.length; g++) {
        if (g === f) continue;
        impostorTotal++;
        if (matchScore(impressions[f][0], impressions[g][1]) >= FINGERPRINT_MATCH_THRESHOLD) impostorAbove++;
      }
    }
    const summary = `genuine ${genuineAbove}/${genuineTotal} above, impostor ${impostorAbove}/${impostorTotal} above`;
    expect(genuineAbove / genuineTotal, summary).toBeGreaterThanOrEqual(0.9);
    expect(impostorAbove, summary).toBe(0);
  });

  it('matches partial impressions that share only part of the finger', () => {
    let above = 0;
    for (const finger of fingers) {
      const a = prepareTemplate(impression(finger, random, { window: 0.7 }));
      const b = prepareTemplate(impression(finger, random, { window: 0.7 }));
      if (matchScore(a, b) >= FINGERPRINT_MATCH_THRESHOLD) above++;
    }
    // Two random 70 % windows can overlap little; most pairs still share enough minutiae.
    expect(above, `${above}/${fingers.length} partial pairs above the threshold`).toBeGreaterThanOrEqual(9);
  });

  it('scores higher when more true minutiae are shared', () => {
    let higher = 0;
    for (const finger of fingers) {
      const probe = prepareTemplate(impression(finger, random, { missing: 0.1 }));
      const good = matchScore(probe, prepareTemplate(impression(finger, random, { missing: 0.1 })));
      const poor = matchScore(probe, prepareTemplate(impression(finger, random, { missing: 0.6 })));
      if (good > poor) higher++;
    }
    expect(higher, `${higher}/${fingers.length} fingers`).toBe(fingers.length);
  });

  it('is nearly symmetric', () => {
    for (const finger of fingers.slice(0, 6)) {
      const a = prepareTemplate(impression(finger, random));
      const b = prepareTemplate(impression(finger, random));
      const ab = matchScore(a, b);
      const ba = matchScore(b, a);
      expect(Math.abs(ab - ba), `${ab} vs ${ba}`).toBeLessThanOrEqual(0.1 * Math.max(ab, ba));
    }
  });

  it('gives 0 when a template has no minutiae and rejects malformed ones', () => {
    const empty = prepareTemplate({ width: 300, height: 400, minutiae: [] });
    expect(matchScore(empty, prepareTemplate(fingers[0]))).toBe(0);
    expect(matchDetailed(prepareTemplate(fingers[0]), empty)).toEqual({ score: 0, pairs: [] });
    const bad = { width: 10, height: 10, minutiae: [{ x: Number.NaN, y: 1, direction: 0, type: 'ending', quality: 50 }] };
    expect(() => prepareTemplate(bad as FingerprintTemplate)).toThrow(BiometricError);
  });
});
