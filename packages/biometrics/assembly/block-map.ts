// Gaussian smoothing of a block map over the mask (src/fingerprint/extractor/block-map.ts explains
// it, builds the kernel with JavaScript's Math.exp and lays out the memory). Same float64 sums in
// the same tap order, float32 stores: the same values.

/** One separable pass over a bw × bh map, taps off the grid skipped (in-grid taps in order). */
function pass(src: usize, dst: usize, kernel: usize, radius: i32, bw: i32, bh: i32, horizontal: bool): void {
  const stride = horizontal ? 1 : bw;
  const size = horizontal ? bw : bh;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const along = horizontal ? x : y;
      const first = max(-radius, -along);
      const last = min(radius, size - 1 - along);
      const center = y * bw + x;
      let sum: f64 = 0;
      for (let k = first; k <= last; k++) {
        sum += <f64>load<f32>(kernel + (<usize>(k + radius) << 2)) * <f64>load<f32>(src + (<usize>(center + k * stride) << 2));
      }
      store<f32>(dst + (<usize>center << 2), <f32>sum);
    }
  }
}

/**
 * `out` = the mask-weighted values smoothed (horizontal then vertical pass, values and weights
 * alike) and divided by the smoothed weights, or the value itself where the weight is ≤ 1e-6.
 * Work space: four maps of bw × bh f32.
 */
export function smoothOverMask(values: usize, mask: usize, kernel: usize, radius: i32, bw: i32, bh: i32, out: usize, work: usize): void {
  const n = bw * bh;
  const bytes = <usize>n << 2;
  const weighted = work;
  const weights = work + bytes;
  const weightedNext = work + 2 * bytes;
  const weightsNext = work + 3 * bytes;
  for (let i = 0; i < n; i++) {
    const inside = load<u8>(mask + <usize>i) != 0;
    store<f32>(weighted + (<usize>i << 2), inside ? load<f32>(values + (<usize>i << 2)) : 0);
    store<f32>(weights + (<usize>i << 2), inside ? 1 : 0);
  }
  pass(weighted, weightedNext, kernel, radius, bw, bh, true);
  pass(weights, weightsNext, kernel, radius, bw, bh, true);
  pass(weightedNext, weighted, kernel, radius, bw, bh, false);
  pass(weightsNext, weights, kernel, radius, bw, bh, false);
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    const weight = load<f32>(weights + at);
    store<f32>(out + at, <f64>weight > 1e-6 ? <f32>(<f64>load<f32>(weighted + at) / <f64>weight) : load<f32>(values + at));
  }
}
