import { describe, expect, it } from 'vitest';
import { listBytes, listLayout, lowBits, readList, writeElement } from './elias-fano.ts';

/** A list written with writeElement at byte `at` of a buffer, read back with readList. */
function roundTrip(entries: number[], directions: number[], universe: number, at = 3) {
  const length = entries.length;
  const bytes = new Uint8Array(at + listBytes(length, universe) + 8);
  entries.forEach((e, k) => writeElement(bytes, at, length, lowBits(length, universe), k, e, directions[k]));
  const read: Array<[number, number]> = [];
  const ok = readList(bytes, at, length, universe, (e, d) => read.push([e, d]));
  return { bytes, ok, read };
}

describe('Elias–Fano postings lists', () => {
  it('gives back every (entry, direction) in order, for dense and sparse lists, repeated entries and fields over 24 bits', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const [length, universe] of [[1, 1], [5, 5], [3, 1000], [200, 1000], [1000, 600_000], [40, 2 ** 30], [2, 2 ** 31 - 1]]) {
      const entries = Array.from({ length }, () => Math.floor(random() * universe)).sort((a, b) => a - b);
      if (length > 3) entries[2] = entries[1]; // one entry holding the code in two directions
      const directions = entries.map(() => Math.floor(random() * 32));
      const { ok, read } = roundTrip(entries, directions, universe);
      expect(ok).toBe(true);
      expect(read).toEqual(entries.map((e, k) => [e, directions[k]]));
    }
    expect(lowBits(40, 2 ** 30)).toBe(24); // a 29-bit field: read past the 4-byte fast path
  });

  it('costs about 2 + log2(U / L) + 5 bits per element, not 24', () => {
    expect(listBytes(1000, 500_000)).toBeLessThan(1000 * 2.1);
    expect(listBytes(50_000, 500_000)).toBeLessThan(50_000 * 1.3);
    const start = Uint32Array.from([0, 0, 1000, 1000, 51_000]);
    const { offsets, total } = listLayout(start, 500_000);
    expect(Array.from(offsets)).toEqual([0, 0, listBytes(1000, 500_000), listBytes(1000, 500_000), listBytes(1000, 500_000) + listBytes(50_000, 500_000)]);
    expect(total).toBe(offsets[4]);
    // A table whose lists could not fit 32-bit offsets says so by its total.
    // (2^22 lists of 1,000 entries over 2^32 − 1: ≈ 3.6 kB each, 15 GB in all.)
    const crowded = Uint32Array.from({ length: 2 ** 22 + 1 }, (_, i) => i * 1000);
    expect(listLayout(crowded, 2 ** 32 - 1).total).toBeGreaterThan(2 ** 32 - 1);
  });

  it('refuses a damaged list: a lost or extra high bit, an entry out of range', () => {
    const universe = 5000;
    const entries = [3, 90, 91, 4000, 4999];
    const { bytes } = roundTrip(entries, [1, 2, 3, 4, 5], universe, 0);
    const length = entries.length;
    const highAt = Math.ceil((length * (lowBits(length, universe) + 5)) / 8);
    const read = (b: Uint8Array, u = universe) => readList(b, 0, length, u, () => {});
    expect(read(bytes)).toBe(true);
    const extra = bytes.slice();
    extra[listBytes(length, universe) - 1] |= 0x80;
    expect(read(extra)).toBe(false);
    const lost = bytes.slice();
    lost.fill(0, highAt, listBytes(length, universe));
    expect(read(lost)).toBe(false);
    // Read against a smaller universe, the last entry (4999) is out of range.
    expect(readList(bytes, 0, length, 4999, () => {})).toBe(false);
  });
});
