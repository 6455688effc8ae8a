import { describe, expect, it } from 'vitest';
import { descriptorSimilarity, galleryDescriptor, probeDescriptor } from './descriptor.ts';
import { codeColumns } from './rotation-postings.ts';
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

describe('triangle descriptor', () => {
  it('finds every enrolled cell in the probe bitmap of the same finger moved and rotated', () => {
    const finger = toyFinger(1);
    const enrolled = galleryDescriptor(finger);
    expect(enrolled.length).toBeGreaterThan(50);
    const probe = probeDescriptor(moved(finger, 0.5, 17, -9));
    let found = 0;
    for (const code of enrolled) found += (probe[code >>> 5] >>> (code & 31)) & 1;
    // Rounding can push a value just past the probe's neighbouring cell only at exact ties.
    expect(found).toBeGreaterThan(0.97 * enrolled.length);
  });

  it('keeps a rotated, shifted, jittered impression of the enrolled finger among the first 2 % of 500', () => {
    const gallery = Array.from({ length: 500 }, (_, i) => galleryDescriptor(toyFinger(1000 + i)));
    const { codes, codeOffset, codeCount } = codeColumns(gallery);
    let survived = 0;
    const trials = 40;
    for (let t = 0; t < trials; t++) {
      const mate = t * 11;
      const probe = probeDescriptor(
        toyImpression(toyFinger(1000 + mate), 50 + t, { rotation: (t % 7) * 0.3 - 0.9, dx: 25, dy: -30, jitter: 4 }),
      );
      const top = topKByDescriptor(probe, 10, gallery.length, codes, codeOffset, codeCount, new Int32Array(gallery.length), new Uint8Array(gallery.length), 0);
      if (Array.from(top).includes(mate)) survived++;
    }
    expect(survived / trials).toBeGreaterThanOrEqual(0.95);
  });
});

describe('topKByDescriptor', () => {
  it('returns the same entries as sorting every score, skipping removed entries and other fingers', () => {
    const n = 300;
    const lists = Array.from({ length: n }, (_, i) => galleryDescriptor(toyFinger(i, 15 + (i % 40))));
    const { codes, codeOffset, codeCount } = codeColumns(lists);
    const subjectOf = Int32Array.from({ length: n }, (_, i) => (i % 13 === 0 ? -1 : i));
    const fingers = Uint8Array.from({ length: n }, (_, i) => i % 3);
    const probe = probeDescriptor(toyImpression(toyFinger(42), 9));
    const expected = [];
    for (let i = 0; i < n; i++) {
      if (subjectOf[i] === -1 || (fingers[i] !== 0 && fingers[i] !== 2)) continue;
      expected.push({ i, s: descriptorSimilarity(probe, lists[i]) });
    }
    expected.sort((a, b) => b.s - a.s);
    const k = 25;
    const got = Array.from(topKByDescriptor(probe, k, n, codes, codeOffset, codeCount, subjectOf, fingers, 2));
    expect(got).toHaveLength(k);
    // Ties at the K-th score may be broken either way: compare the scores.
    const scoreOf = new Map(expected.map((e) => [e.i, e.s]));
    expect(got.map((i) => scoreOf.get(i)!).sort((a, b) => b - a)).toEqual(expected.slice(0, k).map((e) => e.s));
  });
});
