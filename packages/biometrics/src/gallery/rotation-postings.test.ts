import { describe, expect, it } from 'vitest';
import { PROBE_MASK_SIZE, fillProbeMask, indexCodes, rotationSimilarity } from './cylinder-codes.ts';
import { RotationPostings, TopK, postingWidth } from './rotation-postings.ts';
import { scanRotation, topKByRotation } from './shard-index.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';

describe('RotationPostings', () => {
  // Offset 2^19: the 400 entries follow that many removed ones, so the postings take 4 bytes each (postingWidth).
  it.each([0, 2 ** 19])('selects entries with the same scores as the full scan, with removed entries, other fingers and a delta (entries from %i)', (offset) => {
    const n = offset + 400;
    const lists = Array.from({ length: n }, (_, i) => (i < offset ? new Uint32Array(0) : indexCodes(toyFinger(3000 + i - offset, 20 + ((i - offset) % 30)))));
    const codeOffset = new Float64Array(n);
    const codeCount = new Uint32Array(n);
    let total = 0;
    lists.forEach((l, i) => {
      codeOffset[i] = total;
      codeCount[i] = l.length;
      total += l.length;
    });
    const codes = new Uint32Array(total);
    lists.forEach((l, i) => codes.set(l, codeOffset[i]));
    const subjectOf = Int32Array.from({ length: n }, (_, i) => (i < offset || (i - offset) % 17 === 0 ? -1 : i));
    const fingers = Uint8Array.from({ length: n }, (_, i) => (i - offset) % 4);
    // Entries 300…399 arrive after the build: the delta the shard scans.
    const postings = RotationPostings.build(offset + 300, codes, codeOffset, codeCount, subjectOf);
    expect(postingWidth(offset + 300)).toBe(offset === 0 ? 3 : 4);
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
});
