import { describe, expect, it } from 'vitest';
import { ENHANCEMENT_ALONG_STEP, ENHANCEMENT_SIGMA_ALONG, ORIENTATION_BINS } from '../extraction-parameters.ts';
import { straightStreamlines, streamlineSteps } from './enhancement.ts';

const BINS = ORIENTATION_BINS;
const RADIUS = Math.ceil((2.5 * ENHANCEMENT_SIGMA_ALONG) / ENHANCEMENT_ALONG_STEP);
/** Working images reach 4000 px a side (2000 source px at 250 dpi). */
const MAX_START = 4096;

describe('streamline tables', () => {
  it('entering a pixel of its own bin keeps a direction', () => {
    const { next } = streamlineSteps(BINS, ENHANCEMENT_ALONG_STEP);
    for (let d = 0; d < 2 * BINS; d++) expect(next[d * BINS + (d % BINS)]).toBe(d);
  });

  it('straight offsets land where the float walk lands, and leave the image when it does', () => {
    const { dx, dy } = streamlineSteps(BINS, ENHANCEMENT_ALONG_STEP);
    const { offsetX, offsetY } = straightStreamlines(BINS, ENHANCEMENT_ALONG_STEP, RADIUS);
    let failures = 0;
    for (let d = 0; d < 2 * BINS; d++) {
      for (const [steps, offsets] of [
        [dx, offsetX],
        [dy, offsetY],
      ] as const) {
        for (let start = 0; start <= MAX_START; start++) {
          let p = start;
          for (let t = 1; t <= RADIUS; t++) {
            p += steps[d];
            const r = start + offsets[d * RADIUS + t - 1];
            // The walk tests p < −0.5 and p ≥ size − 0.5 and reads pixel (p + 0.5) | 0: all agree
            // with r exactly when r − 0.5 ≤ p < r + 0.5 (exact comparisons) and the read hits r.
            const agrees = r - 0.5 <= p && p < r + 0.5 && (r < 0 || ((p + 0.5) | 0) === r);
            if (!agrees) failures++;
          }
        }
      }
    }
    expect(failures).toBe(0);
  });
});
