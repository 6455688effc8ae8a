import { describe, expect, it } from 'vitest';
import { cylinderCodes, cylinders, indexCodes, probeBitmap } from './cylinder-codes.ts';
import { prefilterScore } from './descriptor.ts';
import { CYLINDER_INDEX } from './parameters.ts';
import { topKByDescriptor } from './shard-index.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';
import type { FingerprintTemplate } from '../fingerprint/types.ts';

function moved(t: FingerprintTemplate, rotation: number, dx: number, dy: number): FingerprintTemplate {
  return {
    ...t,
    minutiae: t.minutiae.map((m) => {
      const x = m.x - 200;
      const y = m.y - 200;
      return {
        ...m,
        x: 200 + x * Math.cos(rotation) + y * Math.sin(rotation) + dx,
        y: 200 - x * Math.sin(rotation) + y * Math.cos(rotation) + dy,
        direction: (m.direction + rotation) % (2 * Math.PI),
      };
    }),
  };
}

function shared(a: Uint32Array, b: Uint32Array): number {
  const set = new Set(a);
  let n = 0;
  for (const c of b) if (set.has(c)) n++;
  return n;
}

describe('cylinder codes', () => {
  it('gives the same cylinders and codes for the same finger moved and rotated on the sensor', () => {
    const finger = toyFinger(3);
    const codes = indexCodes(finger);
    expect(codes.length).toBeGreaterThan(100);
    const again = indexCodes(moved(finger, 0.7, 23, -11));
    // Bits on a threshold's edge may flip with floating-point rounding; nearly all must stay.
    expect(shared(codes, again)).toBeGreaterThan(0.95 * codes.length);
    expect(cylinders(finger, CYLINDER_INDEX).length).toBe(cylinders(moved(finger, 0.7, 23, -11), CYLINDER_INDEX).length);
  });

  it('keeps sorted, distinct codes inside the code space', () => {
    const codes = cylinderCodes(toyFinger(5), CYLINDER_INDEX);
    for (let i = 1; i < codes.length; i++) expect(codes[i]).toBeGreaterThan(codes[i - 1]);
    expect(codes[codes.length - 1]).toBeLessThan(2 ** CYLINDER_INDEX.codeBits);
  });

  it('ranks a rotated, shifted, jittered impression of the enrolled finger among the first 1 % of 1,000', () => {
    const gallery = Array.from({ length: 1000 }, (_, i) => indexCodes(toyFinger(2000 + i)));
    const codeOffset = new Float64Array(gallery.length);
    const codeCount = new Uint32Array(gallery.length);
    let total = 0;
    gallery.forEach((g, i) => {
      codeOffset[i] = total;
      codeCount[i] = g.length;
      total += g.length;
    });
    const codes = new Uint32Array(total);
    gallery.forEach((g, i) => codes.set(g, codeOffset[i]));
    let survived = 0;
    const trials = 40;
    for (let t = 0; t < trials; t++) {
      const mate = t * 23;
      const probe = probeBitmap(toyImpression(toyFinger(2000 + mate), 70 + t, { rotation: (t % 9) * 0.35 - 1.4, dx: -20, dy: 35, jitter: 4 }));
      const top = topKByDescriptor(probe, 10, gallery.length, codes, codeOffset, codeCount, new Int32Array(gallery.length), new Uint8Array(gallery.length), 0);
      if (Array.from(top).includes(mate)) survived++;
    }
    expect(survived / trials).toBeGreaterThanOrEqual(0.95);
  });

  it('scores an unrelated finger far below a mated impression', () => {
    const finger = toyFinger(11);
    const enrolled = indexCodes(finger);
    const mated = indexCodes(toyImpression(finger, 12, { rotation: 0.4, jitter: 4 }));
    const other = indexCodes(toyFinger(12));
    expect(prefilterScore(shared(mated, enrolled), enrolled.length)).toBeGreaterThan(3 * prefilterScore(shared(other, enrolled), enrolled.length));
  });
});
