import { describe, expect, it } from 'vitest';
import { probability, trainLogistic } from './classifier.ts';
import { colourPlanes, lbpHistogram, LBP_BINS, spectrumBands, type Plane } from './features.ts';

function plane(side: number, f: (x: number, y: number) => number): Plane {
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[y * side + x] = f(x, y);
  return { side, data };
}

describe('PAD features', () => {
  it('puts a flat plane in one uniform LBP bin and a histogram sums to 1', () => {
    const flat = lbpHistogram(plane(32, () => 100));
    expect(flat).toHaveLength(LBP_BINS);
    expect(Math.max(...flat)).toBeCloseTo(1, 6);
    let seed = 3;
    const noisy = lbpHistogram(plane(32, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)));
    expect(noisy.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // White noise spreads over many codes (most of them non-uniform, pooled in the last bin).
    expect(noisy.filter((v) => v > 0).length).toBeGreaterThan(40);
  });

  it('moves spectrum energy outward for a fine grating (halftone-like) against a smooth ramp', () => {
    const smooth = spectrumBands(plane(64, (x) => 2 * x), 8);
    const fine = spectrumBands(plane(64, (x, y) => 128 + 100 * Math.cos((2 * Math.PI * (x + y)) / 3)), 8);
    expect(fine[7] + fine[6]).toBeGreaterThan(smooth[7] + smooth[6]);
  });

  it('converts RGB to HSV and YCbCr (BT.601)', () => {
    const rgb = Float32Array.from([255, 0, 0]);
    const p = colourPlanes({ size: 1, rgb });
    expect(p.h.data[0]).toBe(0);
    expect(p.s.data[0]).toBe(255);
    expect(p.y.data[0]).toBeCloseTo(76.245, 2);
    expect(p.cr.data[0]).toBeCloseTo(255.5, 1);
  });
});

describe('logistic regression', () => {
  it('separates two shifted clouds and generalises to new points', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;
    const x: number[][] = [], y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const label = i % 2;
      x.push([rnd() + label * 1.5, rnd() * 3, rnd()]);
      y.push(label);
    }
    const model = trainLogistic(x, y, { l2: 0.001 });
    expect(probability(model, [1.6, 0, 0])).toBeGreaterThan(0.9);
    expect(probability(model, [-0.1, 0, 0])).toBeLessThan(0.1);
    expect(Math.abs(model.weights[0])).toBeGreaterThan(Math.abs(model.weights[1]) * 5);
  });
});
