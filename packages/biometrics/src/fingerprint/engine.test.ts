import { describe, expect, it } from 'vitest';
import { generateFinger } from '../synth/index.ts';
import { extractTemplate, FINGERPRINT_MATCH_THRESHOLD, matchScore, prepareTemplate, type PreparedTemplate } from './index.ts';

/**
 * End to end on synthetic prints: generator → extractor → matcher, judged at the documented
 * threshold (FMR 0.01 % on the public benchmark sets). Counts over several fingers, so one lucky
 * pair cannot pass the test.
 */
describe('fingerprint engine on synthetic prints', () => {
  const FINGERS = [11, 22, 33, 44];
  const IMPRESSIONS = 3;
  let templates: PreparedTemplate[][] = [];

  it('extracts every impression', () => {
    templates = FINGERS.map((seed) => generateFinger(seed, IMPRESSIONS).map((image) => prepareTemplate(extractTemplate(image))));
    for (const finger of templates) for (const t of finger) expect(t.count).toBeGreaterThan(10);
  });

  it('accepts impressions of the same finger and rejects other fingers at the threshold', () => {
    let genuineAbove = 0;
    let genuineTotal = 0;
    let impostorAbove = 0;
    let impostorTotal = 0;
    const genuineScores: number[] = [];
    const impostorScores: number[] = [];
    for (let f = 0; f < templates.length; f++) {
      for (let a = 0; a < IMPRESSIONS; a++) {
        for (let b = a + 1; b < IMPRESSIONS; b++) {
          const s = matchScore(templates[f][a], templates[f][b]);
          genuineScores.push(s);
          genuineTotal++;
          if (s >= FINGERPRINT_MATCH_THRESHOLD) genuineAbove++;
        }
      }
      for (let g = 0; g < templates.length; g++) {
        if (g === f) continue;
        const s = matchScore(templates[f][0], templates[g][1]);
        impostorScores.push(s);
        impostorTotal++;
        if (s >= FINGERPRINT_MATCH_THRESHOLD) impostorAbove++;
      }
    }
    const summary =
      `genuine ${genuineAbove}/${genuineTotal} ≥ ${FINGERPRINT_MATCH_THRESHOLD} (min ${Math.min(...genuineScores).toFixed(1)}), ` +
      `impostor ${impostorAbove}/${impostorTotal} (max ${Math.max(...impostorScores).toFixed(1)})`;
    expect(genuineAbove / genuineTotal, summary).toBeGreaterThanOrEqual(0.9);
    expect(impostorAbove, summary).toBe(0);
  });

  it('scores a print against itself at least as high as against another impression', () => {
    for (const finger of templates) {
      const self = matchScore(finger[0], finger[0]);
      expect(self).toBeGreaterThanOrEqual(matchScore(finger[0], finger[1]));
      expect(self).toBeGreaterThanOrEqual(FINGERPRINT_MATCH_THRESHOLD);
    }
  });
});
