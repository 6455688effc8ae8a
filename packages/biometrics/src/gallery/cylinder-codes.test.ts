import { describe, expect, it } from 'vitest';
import { PROBE_MASK_SIZE, cylinderCodes, cylinders, fillProbeMask, indexCodes, indexProbeCylinders, orientedCylinders } from './cylinder-codes.ts';
import { prefilterScore } from './descriptor.ts';
import { CYLINDER_INDEX, INDEX_PROBE_CYLINDERS } from './parameters.ts';
import { topKByRotation } from './shard-index.ts';
import { codeColumns } from './rotation-postings.ts';
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
    const codes = cylinderCodes(finger, CYLINDER_INDEX);
    expect(codes.length).toBeGreaterThan(50);
    const again = cylinderCodes(moved(finger, 0.7, 23, -11), CYLINDER_INDEX);
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
    const { codes, codeOffset, codeCount } = codeColumns(gallery);
    let survived = 0;
    const trials = 40;
    const mask = new Uint32Array(PROBE_MASK_SIZE);
    for (let t = 0; t < trials; t++) {
      const mate = t * 23;
      const written = fillProbeMask(toyImpression(toyFinger(2000 + mate), 70 + t, { rotation: (t % 9) * 0.35 - 1.4, dx: -20, dy: 35, jitter: 4 }), mask);
      const top = topKByRotation(mask, 10, gallery.length, codes, codeOffset, codeCount, new Int32Array(gallery.length), new Uint8Array(gallery.length), 0);
      for (const code of written) mask[code] = 0;
      if (Array.from(top).includes(mate)) survived++;
    }
    expect(survived / trials).toBeGreaterThanOrEqual(0.95);
  });

  it('scores an unrelated finger far below a mated impression', () => {
    const finger = toyFinger(11);
    const enrolled = cylinderCodes(finger, CYLINDER_INDEX);
    const mated = cylinderCodes(toyImpression(finger, 12, { rotation: 0.4, jitter: 4 }), CYLINDER_INDEX);
    const other = cylinderCodes(toyFinger(12), CYLINDER_INDEX);
    expect(prefilterScore(shared(mated, enrolled), enrolled.length)).toBeGreaterThan(3 * prefilterScore(shared(other, enrolled), enrolled.length));
  });

  it('stores each code with its cylinder direction, so a rotated probe votes in one rotation bin', () => {
    const finger = toyFinger(21);
    const mask = new Uint32Array(PROBE_MASK_SIZE);
    // Rotating by 90° (8 bins of 32) moves every probe direction bin by 8: enrolled − probe = 24.
    const written = fillProbeMask(moved(finger, Math.PI / 2, 0, 0), mask);
    const enrolled = indexCodes(finger);
    const votes = new Array<number>(32).fill(0);
    for (const stored of enrolled) {
      const m = mask[stored >>> 5];
      for (let b = 0; b < 32; b++) if ((m >>> b) & 1) votes[((stored & 31) - b + 32) % 32]++;
    }
    for (const code of written) mask[code] = 0;
    const best = votes.indexOf(Math.max(...votes));
    expect([23, 24, 25]).toContain(best);
    expect(Math.max(...votes)).toBeGreaterThan(0.8 * votes.reduce((a, b) => a + b, 0));
  });

  it('lets the index walk use at most INDEX_PROBE_CYLINDERS probe cylinders, those nearest the centroid, in their order', () => {
    const all = orientedCylinders(toyFinger(77, 90), CYLINDER_INDEX);
    expect(all.length).toBeGreaterThan(INDEX_PROBE_CYLINDERS);
    const kept = indexProbeCylinders(all);
    expect(kept).toHaveLength(INDEX_PROBE_CYLINDERS);
    const cx = all.reduce((n, c) => n + c.x, 0) / all.length;
    const cy = all.reduce((n, c) => n + c.y, 0) / all.length;
    const distance = (c: (typeof all)[number]) => (c.x - cx) ** 2 + (c.y - cy) ** 2;
    const farthestKept = Math.max(...kept.map(distance));
    // Every cylinder left out is at least as far from the centroid as every one kept.
    for (const c of all) if (!kept.includes(c)) expect(distance(c)).toBeGreaterThanOrEqual(farthestKept);
    expect(kept.map((c) => all.indexOf(c))).toEqual([...kept.map((c) => all.indexOf(c))].sort((a, b) => a - b));
    // A probe within the cap is used whole.
    const few = all.slice(0, 10);
    expect(indexProbeCylinders(few)).toBe(few);
  });
});
