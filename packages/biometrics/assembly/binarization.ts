// Binarization and speck removal (src/fingerprint/extractor/binarization.ts explains them and
// lays out the memory). Integer work only, so the same operations give the same image.

/**
 * Ridge pixels (1) where `enhanced` > 0 inside the mask, off the one-pixel frame, into `binary`
 * (width × height, zeroed here), with `inside` (zeroed here) flagging those pixels; then ridge
 * specks (8-connected) and valley holes (4-connected) of area ≤ maxArea flipped. Work space:
 * `seen` width × height bytes, `stack` width × height i32, `members` maxArea + 1 i32.
 */
export function binarize(
  enhanced: usize,
  maskData: usize,
  binary: usize,
  inside: usize,
  seen: usize,
  stack: usize,
  members: usize,
  width: i32,
  height: i32,
  blockSize: i32,
  blocksX: i32,
  maxArea: i32,
  spanFrom: i32,
  spanTo: i32,
): void {
  const pixels = <usize>(width * height);
  memory.fill(binary, 0, pixels);
  memory.fill(inside, 0, pixels);
  for (let y = 1; y < height - 1; y++) {
    const blockRow = (y / blockSize) * blocksX;
    for (let bx = 0; bx < blocksX; bx++) {
      if (load<u8>(maskData + <usize>(blockRow + bx)) == 0) continue;
      const xEnd = min(width - 1, (bx + 1) * blockSize);
      for (let x = max(1, bx * blockSize); x < xEnd; x++) {
        const i = <usize>(y * width + x);
        store<u8>(inside + i, 1);
        store<u8>(binary + i, load<f32>(enhanced + (i << 2)) > 0 ? 1 : 0);
      }
    }
  }
  memory.fill(seen, 0, pixels);
  flipSmallComponents(binary, inside, seen, stack, members, width, 1, maxArea, true, spanFrom, spanTo);
  memory.fill(seen, 0, pixels);
  flipSmallComponents(binary, inside, seen, stack, members, width, 0, maxArea, false, spanFrom, spanTo);
}

@inline function visit(
  binary: usize,
  inside: usize,
  seen: usize,
  stack: usize,
  top: i32,
  j: i32,
  value: i32,
): i32 {
  // Returns the new stack top, or −1 when j is `value` but outside the mask (not enclosed).
  const at = <usize>j;
  if (<i32>load<u8>(binary + at) != value || load<u8>(seen + at) != 0) return top;
  if (load<u8>(inside + at) == 0) return -1 - top;
  store<u8>(seen + at, 1);
  store<i32>(stack + (<usize>top << 2), j);
  return top + 1;
}

function flipSmallComponents(
  binary: usize,
  inside: usize,
  seen: usize,
  stack: usize,
  members: usize,
  width: i32,
  value: i32,
  maxArea: i32,
  eightConnected: bool,
  spanFrom: i32,
  spanTo: i32,
): void {
  // `inside` is 0 outside the span; flood fills never leave `inside` (no bounds checks).
  for (let start = spanFrom; start < spanTo; start++) {
    const s = <usize>start;
    if (load<u8>(inside + s) == 0 || <i32>load<u8>(binary + s) != value || load<u8>(seen + s) != 0) continue;
    let top = 0;
    let count = 0;
    let enclosed = true;
    store<i32>(stack, start);
    top = 1;
    store<u8>(seen + s, 1);
    while (top > 0) {
      top--;
      const i = load<i32>(stack + (<usize>top << 2));
      if (count <= maxArea) store<i32>(members + (<usize>count << 2), i);
      count++;
      // Same neighbour order as the JavaScript it replaced (the result does not depend on it).
      top = visit(binary, inside, seen, stack, top, i - 1, value);
      if (top < 0) { enclosed = false; top = -1 - top; }
      top = visit(binary, inside, seen, stack, top, i + 1, value);
      if (top < 0) { enclosed = false; top = -1 - top; }
      top = visit(binary, inside, seen, stack, top, i - width, value);
      if (top < 0) { enclosed = false; top = -1 - top; }
      top = visit(binary, inside, seen, stack, top, i + width, value);
      if (top < 0) { enclosed = false; top = -1 - top; }
      if (eightConnected) {
        top = visit(binary, inside, seen, stack, top, i - width - 1, value);
        if (top < 0) { enclosed = false; top = -1 - top; }
        top = visit(binary, inside, seen, stack, top, i - width + 1, value);
        if (top < 0) { enclosed = false; top = -1 - top; }
        top = visit(binary, inside, seen, stack, top, i + width - 1, value);
        if (top < 0) { enclosed = false; top = -1 - top; }
        top = visit(binary, inside, seen, stack, top, i + width + 1, value);
        if (top < 0) { enclosed = false; top = -1 - top; }
      }
    }
    if (enclosed && count <= maxArea) {
      for (let k = 0; k < count; k++) store<u8>(binary + <usize>load<i32>(members + (<usize>k << 2)), <u8>(1 - value));
    }
  }
}
