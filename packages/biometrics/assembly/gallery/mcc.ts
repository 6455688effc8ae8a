// MCC Local Similarity Sort of the gallery's re-rank (src/gallery/mcc-similarity.ts explains the
// score, src/gallery/mcc-kernel.ts lays out the memory). Cylinders here are "wide": (sections + 1)
// u64 each, the valid cells first, then one row per direction section, bit k = cell k (at most 57
// cells, so a row read from the tight layout fits one unaligned u64 load). The same integer counts
// and the same float64 expressions as the JavaScript, hence the same score to the bit; a 64-bit
// popcount per row where the JavaScript needed two 32-bit bit-trick popcounts.

/** Pairs whose directions differ by more than π/2 (64 of 256 steps) are not comparable. */
const MAX_DIRECTION_STEPS: i32 = 64;

/**
 * Widens `count` cylinders stored tight (storeCylinders: `storedWords` u32 each, rows of `cells`
 * bits, the sections then the valid cells) into the wide layout at `out`. Reads up to 7 bytes past
 * the last stored word: the caller leaves them addressable.
 */
export function mccWiden(stored: usize, count: i32, storedWords: i32, cells: i32, sections: i32, out: usize): void {
  const rowMask: u64 = (<u64>1 << <u64>cells) - 1;
  const stride = <usize>(sections + 1) << 3;
  for (let i = 0; i < count; i++) {
    const base = <usize>i * <usize>storedWords * 32;
    const to = out + <usize>i * stride;
    for (let row = 0; row <= sections; row++) {
      const bit = base + <usize>row * <usize>cells;
      const value = (load<u64>(stored + (bit >> 3)) >> <u64>(bit & 7)) & rowMask;
      // Row `sections` of the tight layout is the valid cells: first in the wide one.
      store<u64>(to + (row < sections ? (<usize>(row + 1) << 3) : 0), value);
    }
  }
}

/**
 * Local Similarity Sort of wide cylinders a (na, directions at aDir) against b (nb, at bDir): the
 * mean of the np best pair similarities, `best` (np f64) the descending list the JavaScript kept.
 * `minCommon` is MIN_COMMON × cells as the JavaScript compares it. `scratch` holds nb i32; bDir
 * is read in blocks of 16 bytes (up to 15 past the last direction: the caller leaves them addressable).
 *
 * For each cylinder of a, the comparable cylinders of b (direction within π/2, enough common valid
 * cells) are listed first without branches: about half of the pairs fail either test, at random,
 * and as branches they were mispredicted half of the time. The visiting order differs from the
 * JavaScript's, not the result: the best np values and their descending sum do not depend on it.
 */
export function mccLss(a: usize, aDir: usize, na: i32, b: usize, bDir: usize, nb: i32, sections: i32, minCommon: f64, np: i32, best: usize, scratch: usize): f64 {
  const stride = <usize>(sections + 1) << 3;
  const last = best + (<usize>(np - 1) << 3);
  for (let k = 0; k < np; k++) store<f64>(best + (<usize>k << 3), 0);
  let floor: f64 = 0;
  for (let i = 0; i < na; i++) {
    const di = <i32>load<u8>(aDir + <usize>i);
    const pa = a + <usize>i * stride;
    const va = load<u64>(pa);
    let listed: usize = 0;
    // Sixteen direction tests at once: turn = (di − dj) mod 256 is comparable when turn ≤ 64 or
    // turn ≥ 192, i.e. when (turn + 64) mod 256 ≤ 128 (bytes wrap as the & 255 did).
    const diVec = i8x16.splat(<i8>di);
    for (let j0 = 0; j0 < nb; j0 += 16) {
      const turn = i8x16.sub(diVec, v128.load(bDir + <usize>j0));
      const shifted = i8x16.add(turn, i8x16.splat(<i8>MAX_DIRECTION_STEPS));
      let aligned = i8x16.bitmask(i8x16.le_u(shifted, i8x16.splat(<i8>(2 * MAX_DIRECTION_STEPS))));
      if (nb - j0 < 16) aligned &= (1 << (nb - j0)) - 1;
      while (aligned != 0) {
        const j = j0 + ctz<i32>(aligned);
        aligned &= aligned - 1;
        const common = <f64>popcnt<u64>(va & load<u64>(b + <usize>j * stride)) >= minCommon;
        store<i32>(scratch + (listed << 2), j);
        listed += <usize>common;
      }
    }
    for (let q: usize = 0; q < listed; q++) {
      const pb = b + <usize>load<i32>(scratch + (q << 2)) * stride;
      const m = va & load<u64>(pb);
      let ca: u64 = 0;
      let cb: u64 = 0;
      let cx: u64 = 0;
      let s = 1;
      // Two rows per step (the gallery's 6 sections: three steps), then the odd one.
      for (; s < sections; s += 2) {
        const x0 = load<u64>(pa + (<usize>s << 3)) & m;
        const y0 = load<u64>(pb + (<usize>s << 3)) & m;
        const x1 = load<u64>(pa + (<usize>s << 3), 8) & m;
        const y1 = load<u64>(pb + (<usize>s << 3), 8) & m;
        ca += popcnt<u64>(x0) + popcnt<u64>(x1);
        cb += popcnt<u64>(y0) + popcnt<u64>(y1);
        cx += popcnt<u64>(x0 ^ y0) + popcnt<u64>(x1 ^ y1);
      }
      if (s === sections) {
        const x = load<u64>(pa + (<usize>s << 3)) & m;
        const y = load<u64>(pb + (<usize>s << 3)) & m;
        ca += popcnt<u64>(x);
        cb += popcnt<u64>(y);
        cx += popcnt<u64>(x ^ y);
      }
      const norm = Math.sqrt(<f64>ca) + Math.sqrt(<f64>cb);
      const sim: f64 = norm == 0 ? 0 : 1 - Math.sqrt(<f64>cx) / norm;
      if (sim <= floor) continue;
      // Insertion into the descending list, as the JavaScript did (np ≤ 12).
      let at = last;
      while (at > best && load<f64>(at - 8) < sim) {
        store<f64>(at, load<f64>(at - 8));
        at -= 8;
      }
      store<f64>(at, sim);
      floor = load<f64>(last);
    }
  }
  let sum: f64 = 0;
  for (let k = 0; k < np; k++) sum += load<f64>(best + (<usize>k << 3));
  return sum / <f64>np;
}
