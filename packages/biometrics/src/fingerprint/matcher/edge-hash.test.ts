import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anglesMatchPackedBit, buildEdgeHash, CELLS_PER_BUCKET, ENTRY_SIZE, HEADER_WORDS, roundHalfUp } from './edge-hash.ts';
import { edgeHashOf, prepareTemplate } from './prepared-template.ts';
import { impression, randomFinger, seededRandom } from './synthetic-minutiae.ts';

/** Lane `lane` of the header at word `base` (edge-hash.ts EdgeHash.entries). */
function lane(entries: Int32Array, base: number, lane: number): number {
  return (entries[base + (lane >> 1)] >>> ((lane & 1) << 4)) & 0xffff;
}

describe('edge hash cells', () => {
  // The root vote reads only the cells a query's angle window reaches (queryCells). That is exact
  // only if no entry of the rest of the bucket passes the angle test: check it against every entry
  // of every bucket queried, over impressions of random fingers (genuine-like and impostor-like).
  it('leave out no entry of the bucket that matches the query in angle', () => {
    const random = seededRandom(20261205);
    const fingers = Array.from({ length: 6 }, () => randomFinger(random));
    const templates = fingers.flatMap((finger) => [impression(finger, random), impression(finger, random)]).map(prepareTemplate);
    let checked = 0;
    for (const probe of templates.slice(0, 4)) {
      const { bucketStart, entries } = edgeHashOf(probe);
      for (const candidate of templates) {
        for (let e = 0; e < candidate.rootEdgeCount; e++) {
          const cells = candidate.rootEdgeCells[e];
          if (cells < 0) continue;
          const base = bucketStart[cells >> 8];
          const body = base + HEADER_WORDS;
          const start = body + lane(entries, base, (cells >> 4) & 15);
          const end = body + lane(entries, base, cells & 15);
          const bucketEnd = body + lane(entries, base, CELLS_PER_BUCKET);
          for (let k = body; k < bucketEnd; k += ENTRY_SIZE) {
            if (anglesMatchPackedBit(candidate.rootEdgeAngles[e], entries[k]) === 0) continue;
            checked++;
            expect(k >= start && k < end).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  // The layout is part of the matcher's results (the order entries are read in decides ties), so
  // a faster build must lay out the same words: this digest was taken from the build before the
  // single-pass rewrite (one enumeration of each edge's cells, then a counting sort).
  it('lays out exactly the words of the reference build', () => {
    const random = seededRandom(20261206);
    const templates = Array.from({ length: 8 }, () => impression(randomFinger(random), random)).map(prepareTemplate);
    const digest = createHash('sha256');
    for (const template of templates) {
      const { bucketStart, entries } = buildEdgeHash(template);
      digest.update(new Uint8Array(bucketStart.buffer));
      digest.update(new Uint8Array(entries.buffer));
    }
    expect(digest.digest('hex')).toBe('4a3b9a2f8117817a36e7b007088da7a258d851fc64c996c74d8a294efaaac4e5');
  });
});

describe('roundHalfUp', () => {
  it('gives Math.round’s result bit for bit, at every half step and its neighbours', () => {
    const values = [0, -0, 0.5, -0.5, 0.49999999999999994, -0.49999999999999994, 1.5, 2.5, Number.MIN_VALUE, -Number.MIN_VALUE];
    values.push(2 ** 52 - 0.5, 2 ** 52, 2 ** 52 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 60, Infinity, -Infinity, NaN);
    // Every half step of the angle quantisation (0 .. 4,096) and its neighbours a few units apart.
    for (let k = 0; k <= 4096; k++) {
      for (const base of [k, k + 0.5, -k - 0.5]) {
        let below = base;
        let above = base;
        for (let step = 0; step < 3; step++) {
          below = below - Math.abs(below) * Number.EPSILON - Number.MIN_VALUE;
          above = above + Math.abs(above) * Number.EPSILON + Number.MIN_VALUE;
          values.push(below, above);
        }
        values.push(base);
      }
    }
    const random = seededRandom(20261209);
    for (let k = 0; k < 20_000; k++) values.push(random() * 5000 - 100);
    for (const v of values) expect(Object.is(roundHalfUp(v), Math.round(v)), `${v}`).toBe(true);
  });
});
