// Zhang–Suen thinning and redundant-pixel removal (src/fingerprint/extractor/thinning.ts explains
// them, builds the tables and lays out the memory). Integer work only: the same skeleton.

@inline function neighborhood(image: usize, i: i32, width: i32): i32 {
  // Bit 0 = N, then clockwise NE, E, SE, S, SW, W, NW (zero one-pixel frame: no bounds checks).
  const p = image + <usize>i;
  const w = <usize>width;
  return (
    <i32>load<u8>(p - w) |
    (<i32>load<u8>(p - w + 1) << 1) |
    (<i32>load<u8>(p + 1) << 2) |
    (<i32>load<u8>(p + w + 1) << 3) |
    (<i32>load<u8>(p + w) << 4) |
    (<i32>load<u8>(p + w - 1) << 5) |
    (<i32>load<u8>(p - 1) << 6) |
    (<i32>load<u8>(p - w - 1) << 7)
  );
}

/**
 * Thins `skeleton` (a copy of the binary image) in place. `active` and `doomed` hold room for
 * spanTo − spanFrom i32; the tables are 256 bytes each (two Zhang–Suen sub-iterations, then the
 * redundant-pixel table).
 */
export function thin(
  skeleton: usize,
  width: i32,
  spanFrom: i32,
  spanTo: i32,
  active: usize,
  doomed: usize,
  firstTable: usize,
  secondTable: usize,
  redundantTable: usize,
): void {
  let count = 0;
  for (let i = spanFrom; i < spanTo; i++) {
    if (load<u8>(skeleton + <usize>i) != 0) {
      store<i32>(active + (<usize>count << 2), i);
      count++;
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      const table = pass == 0 ? firstTable : secondTable;
      // Both sub-iterations decide on the image as it was before they delete anything.
      let dead = 0;
      for (let k = 0; k < count; k++) {
        const i = load<i32>(active + (<usize>k << 2));
        if (load<u8>(skeleton + <usize>i) != 0 && load<u8>(table + <usize>neighborhood(skeleton, i, width)) != 0) {
          store<i32>(doomed + (<usize>dead << 2), i);
          dead++;
        }
      }
      for (let k = 0; k < dead; k++) store<u8>(skeleton + <usize>load<i32>(doomed + (<usize>k << 2)), 0);
      if (dead > 0) changed = true;
    }
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const i = load<i32>(active + (<usize>k << 2));
      if (load<u8>(skeleton + <usize>i) == 1) {
        store<i32>(active + (<usize>kept << 2), i);
        kept++;
      }
    }
    count = kept;
  }
  // Sequential on purpose: each removal changes its neighbours' codes, in index order.
  for (let k = 0; k < count; k++) {
    const i = load<i32>(active + (<usize>k << 2));
    if (load<u8>(redundantTable + <usize>neighborhood(skeleton, i, width)) != 0) store<u8>(skeleton + <usize>i, 0);
  }
}
