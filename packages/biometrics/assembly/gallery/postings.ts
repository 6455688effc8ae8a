// The postings walk of the gallery's pre-filter (src/gallery/rotation-postings.ts explains the
// index and lays out the memory). Integer work only: the votes are exactly the JavaScript's.

const B: i32 = 32;
const SHIFT: i32 = 5;

/**
 * Votes of one block of entries [first, last) for `lists` probe codes. Each list is Elias–Fano
 * coded (src/gallery/elias-fano.ts lays it out): at `bases` its `ends` low fields of
 * lows + 5 bits (an entry's low bits above its direction bin), then a bit vector where element k
 * sets bit (entry >> lows) + k. A list's state is its element count consumed (`cursors`) and the
 * bit of the high vector where the search for the next element starts (`highs`); each list walks
 * from there while the entry is in the block, adding one vote per probe direction bit in `masks`
 * to votes[(entry − first) × 32 + (direction − probe bin) mod 32] and flagging the entry in
 * `touched`, and leaves its state at the first element past the block. Reads 8 bytes at a time:
 * the postings need 8 readable bytes after their end.
 */
export function votePostings(
  postings: usize,
  cursors: usize,
  ends: usize,
  masks: usize,
  bases: usize,
  highs: usize,
  lows: usize,
  lists: i32,
  first: u32,
  last: u32,
  votes: usize,
  touched: usize,
): void {
  for (let c = 0; c < lists; c++) {
    const slot = <usize>c << 2;
    let k = load<u32>(cursors + slot);
    const n = load<u32>(ends + slot);
    if (k >= n) continue;
    const mask0 = load<u32>(masks + slot);
    const low = load<u32>(lows + slot);
    const width = low + SHIFT;
    const fieldMask: u64 = (<u64>1 << <u64>width) - 1;
    const listAt = postings + <usize>load<u32>(bases + slot);
    const highAt = listAt + ((<usize>n * <usize>width + 7) >> 3);
    // The high vector is read 64 bits at a time from `pos` (a multiple of 8), the bits of the
    // elements already consumed cleared: the next set bit is element k's.
    let h = load<u32>(highs + slot);
    let pos = h & ~7;
    let word = load<u64>(highAt + <usize>(pos >> 3)) & ~((<u64>1 << <u64>(h & 7)) - 1);
    let bit = k * width;
    while (k < n) {
      while (word == 0) {
        pos += 64;
        word = load<u64>(highAt + <usize>(pos >> 3));
      }
      h = pos + <u32>ctz(word);
      const field = <u32>((load<u64>(listAt + <usize>(bit >> 3)) >> <u64>(bit & 7)) & fieldMask);
      const entry = ((h - k) << low) | (field >> SHIFT);
      if (entry >= last) break;
      word &= word - 1;
      const at = <usize>(entry - first);
      const direction = <i32>(field & (B - 1));
      store<u8>(touched + at, 1);
      const row = votes + (at << 6);
      let mask = mask0;
      while (mask != 0) {
        const bin = (direction - <i32>ctz(mask)) & (B - 1);
        const cell = row + (<usize>bin << 1);
        store<u16>(cell, load<u16>(cell) + 1);
        mask &= mask - 1;
      }
      k++;
      bit += width;
    }
    store<u32>(cursors + slot, k);
    store<u32>(highs + slot, h);
  }
}

/**
 * Each entry of the block [0, count): its best window of `window` adjacent rotation bins of votes
 * into best (u32; 0 for an entry no posting touched), votes and touched cleared for the next block.
 */
export function finishBlock(count: i32, window: i32, votes: usize, touched: usize, best: usize): void {
  for (let t = 0; t < count; t++) {
    const at = <usize>t;
    if (load<u8>(touched + at) == 0) {
      store<u32>(best + (at << 2), 0);
      continue;
    }
    store<u8>(touched + at, 0);
    const row = votes + (at << 6);
    let top: i32 = 0;
    for (let b = 0; b < B; b++) {
      let sum: i32 = <i32>load<u16>(row + (<usize>b << 1));
      for (let w = 1; w < window; w++) sum += <i32>load<u16>(row + (<usize>((b + w) & (B - 1)) << 1));
      if (sum > top) top = sum;
    }
    memory.fill(row, 0, <usize>(B << 1));
    store<u32>(best + (at << 2), <u32>top);
  }
}
