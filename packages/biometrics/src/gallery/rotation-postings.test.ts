import { describe, expect, it } from 'vitest';
import { PROBE_MASK_SIZE, fillProbeMask, indexCodes, rotationSimilarity } from './cylinder-codes.ts';
import { RotationPostings, TopK, codeColumns } from './rotation-postings.ts';
import { LIST_CAPACITY } from './postings-kernel.ts';
import { scanRotation, topKByRotation } from './shard-index.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';

describe('RotationPostings', () => {
  // Offset 2^19: the 400 entries follow that many removed ones, so each list codes entries far
  // apart, with many low bits (elias-fano.ts; elias-fano.test.ts goes to 30).
  it.each([0, 2 ** 19])('selects entries with the same scores as the full scan, with removed entries, other fingers and a delta (entries from %i)', (offset) => {
    const n = offset + 400;
    const lists = Array.from({ length: n }, (_, i) => (i < offset ? new Uint32Array(0) : indexCodes(toyFinger(3000 + i - offset, 20 + ((i - offset) % 30)))));
    const { codes, codeOffset, codeCount } = codeColumns(lists);
    const subjectOf = Int32Array.from({ length: n }, (_, i) => (i < offset || (i - offset) % 17 === 0 ? -1 : i));
    const fingers = Uint8Array.from({ length: n }, (_, i) => (i - offset) % 4);
    // Entries 300…399 arrive after the build: the delta the shard scans.
    const postings = RotationPostings.build(offset + 300, codes, codeOffset, codeCount, subjectOf);
    // Removed after the build too: the postings still hold them and must skip them.
    subjectOf[offset + 5] = -1;
    const mask = new Uint32Array(PROBE_MASK_SIZE);
    for (const [seed, finger] of [[3010, 0], [3123, 3], [3350, 2], [3225, 1]] as const) {
      const written = fillProbeMask(toyImpression(toyFinger(seed, 20 + ((seed - 3000) % 30)), seed, { rotation: 0.6, jitter: 3 }), mask);
      const k = 20;
      const expected = topKByRotation(mask, k, n, codes, codeOffset, codeCount, subjectOf, fingers, finger);
      const top = new TopK(k);
      postings.collect(mask, written, top, codeCount, subjectOf, fingers, finger);
      scanRotation(mask, offset + 300, n, codes, codeOffset, codeCount, subjectOf, fingers, finger, top);
      const got = top.result();
      const score = (e: number) => rotationSimilarity(mask, lists[e]);
      expect(got).toHaveLength(k);
      expect(Array.from(got).every((e) => subjectOf[e] !== -1 && (finger === 0 || fingers[e] === 0 || fingers[e] === finger))).toBe(true);
      // Ties at the K-th score may be broken either way: compare the scores.
      expect(Array.from(got, score).sort((a, b) => b - a)).toEqual(Array.from(expected, score).sort((a, b) => b - a));
      expect(Array.from(got)).toContain(offset + seed - 3000);
      // Read back from a pack of its arrays, the postings answer the same.
      const again = new TopK(k);
      RotationPostings.fromPacked(structuredClone(postings.pack()))!.collect(mask, written, again, codeCount, subjectOf, fingers, finger);
      scanRotation(mask, offset + 300, n, codes, codeOffset, codeCount, subjectOf, fingers, finger, again);
      expect(again.result()).toEqual(got);
      for (const code of written) mask[code] = 0;
    }
  });

  it('walks a probe of more codes than one kernel call takes in several calls, with the same scores as the full scan', () => {
    const n = 20_000;
    const lists = Array.from({ length: n }, (_, i) => indexCodes(toyFinger(7000 + (i % 500), 20 + (i % 30))));
    const { codes, codeOffset, codeCount } = codeColumns(lists);
    const subjectOf = Int32Array.from({ length: n }, (_, i) => i);
    const fingers = new Uint8Array(n);
    // 20,000 entries: three blocks of the walk.
    const postings = RotationPostings.build(n, codes, codeOffset, codeCount, subjectOf);
    const mask = new Uint32Array(PROBE_MASK_SIZE);
    const probe = Array.from(fillProbeMask(toyImpression(toyFinger(7042, 42), 7042, { rotation: 0.3, jitter: 2 }), mask));
    // Codes every enrolled entry holds, each with a few direction bits: well over LIST_CAPACITY lists.
    for (let i = 0; probe.length < 2.5 * LIST_CAPACITY; i++) {
      const code = codes[(i * 7919) % codes.length] >>> 5;
      if (mask[code] === 0) probe.push(code);
      mask[code] |= (1 << (i % 32)) | (1 << ((i * 13) % 32));
    }
    const k = 50;
    const expected = topKByRotation(mask, k, n, codes, codeOffset, codeCount, subjectOf, fingers, 0);
    const top = new TopK(k);
    postings.collect(mask, Uint32Array.from(probe), top, codeCount, subjectOf, fingers, 0);
    const score = (e: number) => rotationSimilarity(mask, lists[e]);
    expect(Array.from(top.result(), score).sort((a, b) => b - a)).toEqual(Array.from(expected, score).sort((a, b) => b - a));
  });
});
