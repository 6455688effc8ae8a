// The postings walk of the gallery's pre-filter (src/gallery/rotation-postings.ts explains the
// index and lays out the memory). Integer work only: the votes are exactly the JavaScript's.

const B: i32 = 32;
const SHIFT: i32 = 5;

/**
 * Votes of one block of entries [first, first + block) for `lists` probe codes: each list walks its
 * postings (entry << 5 | direction bin, `width` bytes little-endian, in entry order) from its
 * cursor while the entry is in the block, adding one vote per probe direction bit in `masks` to
 * votes[(entry − first) × 32 + (direction − probe bin) mod 32] and flagging the entry in
 * `touched`. Cursors are left at the first posting past the block. Width 3 reads 4 bytes and
 * keeps 3, so the postings need one readable byte after their end.
 */
export function votePostings(
  postings: usize,
  width: i32,
  cursors: usize,
  ends: usize,
  masks: usize,
  lists: i32,
  first: i32,
  last: i32,
  votes: usize,
  touched: usize,
): void {
  const limit: u32 = <u32>last << SHIFT;
  const keep: u32 = width == 3 ? 0xffffff : 0xffffffff;
  const base = <usize>first;
  for (let c = 0; c < lists; c++) {
    const slot = <usize>c << 2;
    const stop = load<u32>(ends + slot);
    const mask0 = load<u32>(masks + slot);
    let at = load<u32>(cursors + slot);
    while (at < stop) {
      const p = load<u32>(postings + <usize>at * <usize>width) & keep;
      if (p >= limit) break;
      const entry = <usize>(p >>> SHIFT) - base;
      const direction = <i32>(p & (B - 1));
      store<u8>(touched + entry, 1);
      const row = votes + (entry << 6);
      let mask = mask0;
      while (mask != 0) {
        const bin = (direction - <i32>ctz(mask)) & (B - 1);
        const cell = row + (<usize>bin << 1);
        store<u16>(cell, load<u16>(cell) + 1);
        mask &= mask - 1;
      }
      at++;
    }
    store<u32>(cursors + slot, at);
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
