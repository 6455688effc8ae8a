// The per-block gradient tensor (src/fingerprint/extractor/block-gradients.ts explains it and
// lays out the memory). Same float64 expressions in the same order, float32 rounding where the
// JavaScript rounded to float32 (Math.fround): the same values.

/**
 * Sobel gradients' Gxx, Gyy, Gxy summed per block (f32 sums, rounded after every add) over the
 * pixels off the one-pixel frame, into xx, yy, xy (zeroed here).
 */
export function blockGradients(image: usize, xx: usize, yy: usize, xy: usize, width: i32, height: i32, blockSize: i32, blocksX: i32, blocks: i32): void {
  memory.fill(xx, 0, <usize>blocks << 2);
  memory.fill(yy, 0, <usize>blocks << 2);
  memory.fill(xy, 0, <usize>blocks << 2);
  const w = <usize>width << 2;
  for (let y = 1; y < height - 1; y++) {
    const rowBlock = (y / blockSize) * blocksX;
    for (let bx = 0; bx < blocksX; bx++) {
      const block = <usize>(rowBlock + bx) << 2;
      let sxx = load<f32>(xx + block);
      let syy = load<f32>(yy + block);
      let sxy = load<f32>(xy + block);
      const xEnd = min(width - 1, (bx + 1) * blockSize);
      for (let x = max(1, bx * blockSize); x < xEnd; x++) {
        const p = image + (<usize>(y * width + x) << 2);
        const a = <f64>load<f32>(p - w - 4);
        const b = <f64>load<f32>(p - w);
        const c = <f64>load<f32>(p - w + 4);
        const d = <f64>load<f32>(p - 4);
        const f = <f64>load<f32>(p + 4);
        const g = <f64>load<f32>(p + w - 4);
        const h = <f64>load<f32>(p + w);
        const k = <f64>load<f32>(p + w + 4);
        const gx = c + 2 * f + k - a - 2 * d - g;
        const gy = g + 2 * h + k - a - 2 * b - c;
        sxx = <f32>(<f64>sxx + gx * gx);
        syy = <f32>(<f64>syy + gy * gy);
        sxy = <f32>(<f64>sxy + gx * gy);
      }
      store<f32>(xx + block, sxx);
      store<f32>(yy + block, syy);
      store<f32>(xy + block, sxy);
    }
  }
}
