import { describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE_112, alignFace, applySimilarity, dlibChip, dlibChipPoint, estimateSimilarity, type Point } from './align.ts';
import { MeshForIbug } from './detect.ts';

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

  it("cuts dlib's chip: iBUG points land on dlib's mean face with the padding around it", () => {
    // Mean-face spots at 150 px / padding 0.25, placed in a 300×300 image by a rotation + scale.
    const ibug = [36, 39, 42, 45, 33, 48, 54];
    const place = { a: 1.4 * Math.cos(-0.3), b: 1.4 * Math.sin(-0.3), tx: 60, ty: 90 };
    const width = 300, height = 300;
    const data = new Uint8Array(width * height * 3);
    const pts = ibug.map((i) => applySimilarity(place, dlibChipPoint(i, 150, 0.25)));
    for (const [x, y] of pts) {
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const i = ((Math.round(y) + dy) * width + Math.round(x) + dx) * 3;
        data[i] = data[i + 1] = data[i + 2] = 255;
      }
    }
    const chip = dlibChip({ width, height, data }, pts, ibug, 150, 0.25);
    for (const i of ibug) {
      const [x, y] = dlibChipPoint(i, 150, 0.25);
      expect(chip[(Math.round(y) * 150 + Math.round(x)) * 3]).toBeGreaterThan(200);
    }
    expect(chip[(5 * 150 + 5) * 3]).toBe(0);
    // Padding 0.25: the mean face (unit square) spans the middle 1/1.5 of the chip.
    expect(dlibChipPoint(45, 150, 0.25)[0]).toBeCloseTo(((0.25 + 0.858516) / 1.5) * 150, 6);
    expect(() => dlibChipPoint(10, 150, 0.25)).toThrow(RangeError);
  });

  it('maps every iBUG point of the chip to a distinct FaceMesh point', () => {
    const ibug = MeshForIbug.map(([i]) => i);
    expect(new Set(ibug).size).toBe(ibug.length);
    expect(new Set(MeshForIbug.map(([, m]) => m)).size).toBe(ibug.length);
    for (const [i, m] of MeshForIbug) {
      expect(i).toBeGreaterThanOrEqual(17);
      expect(i).toBeLessThanOrEqual(67);
      expect(m).toBeGreaterThanOrEqual(0);
      expect(m).toBeLessThan(468);
    }
  });
});
