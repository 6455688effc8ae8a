import { describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE_112, alignFace, applySimilarity, estimateSimilarity, type Point } from './align.ts';

describe('five-point alignment', () => {
  it('recovers a known rotation, scale and shift exactly', () => {
    const truth = { a: 1.3 * Math.cos(0.4), b: 1.3 * Math.sin(0.4), tx: 12, ty: -7 };
    const src = ARCFACE_TEMPLATE_112 as Point[];
    const dst = src.map((p) => applySimilarity(truth, p));
    const m = estimateSimilarity(src, dst);
    expect(m.a).toBeCloseTo(truth.a, 9);
    expect(m.b).toBeCloseTo(truth.b, 9);
    expect(m.tx).toBeCloseTo(truth.tx, 9);
    expect(m.ty).toBeCloseTo(truth.ty, 9);
  });

  it('warps the landmark pixels onto the template spots', () => {
    // A 200×200 black image with a white 5×5 square at each "landmark" of a face rotated by 20°.
    const width = 200, height = 200;
    const data = new Uint8Array(width * height * 3);
    const place = { a: 1.5 * Math.cos(0.35), b: 1.5 * Math.sin(0.35), tx: 40, ty: 20 };
    const pts = ARCFACE_TEMPLATE_112.map((p) => applySimilarity(place, p as Point));
    for (const [x, y] of pts) {
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const i = ((Math.round(y) + dy) * width + Math.round(x) + dx) * 3;
        data[i] = data[i + 1] = data[i + 2] = 255;
      }
    }
    const crop = alignFace({ width, height, data }, pts.map(([x, y]) => [Math.round(x), Math.round(y)] as Point), 112);
    for (const [tx, ty] of ARCFACE_TEMPLATE_112) {
      expect(crop[(Math.round(ty) * 112 + Math.round(tx)) * 3]).toBeGreaterThan(200);
    }
    // And away from the landmarks the crop stays black.
    expect(crop[(10 * 112 + 10) * 3]).toBe(0);
  });
});
