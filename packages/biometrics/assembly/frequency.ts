// Per-block ridge period estimates (src/fingerprint/extractor/frequency.ts explains the method,
// computes the angles' cosines and sines, which stay in JavaScript's Math, and lays out the
// memory). Same float64 expressions in the same order, float32 stores where the JavaScript
// stored into a Float32Array: the same periods.

/**
 * For each block of the mask whose oriented window lies inside the image: the x-signature
 * (across × along samples of the f32 `image`), its autocorrelation, and the period at the
 * autocorrelation's first strong peak, refined by a parabola. Writes period (f32) and
 * reliable (u8) per block for the blocks it finds one; the caller zeroes both.
 * Work space: signature f32[across], correlation f32[maxLag + 2].
 */
export function blockPeriods(
  image: usize,
  width: i32,
  height: i32,
  maskData: usize,
  cosines: usize,
  sines: usize,
  period: usize,
  reliable: usize,
  blocksX: i32,
  blocks: i32,
  blockSize: i32,
  across: i32,
  along: i32,
  maxLag: i32,
  minPeriod: f64,
  maxPeriod: f64,
  minCorrelation: f64,
  signature: usize,
  correlation: usize,
): void {
  const halfBlock = <f64>blockSize / 2;
  const halfAcross = <f64>across / 2;
  const halfAlong = <f64>along / 2;
  const firstLag = max(2, <i32>Math.floor(minPeriod));
  for (let b = 0; b < blocks; b++) {
    if (load<u8>(maskData + <usize>b) == 0) continue;
    const cx = <f64>((b % blocksX) * blockSize) + halfBlock;
    const cy = <f64>((b / blocksX) * blockSize) + halfBlock;
    const dx = load<f64>(cosines + (<usize>b << 3));
    const dy = load<f64>(sines + (<usize>b << 3));
    if (!windowInside(cx, cy, dx, dy, across, along, width, height)) continue;
    // Two columns k, k + 1 of the signature per float64x2 (an odd last one alone): each lane does the
    // scalar walk's operations in the same order, so the sums are the same; the two add chains
    // run side by side.
    const cx2 = f64x2.splat(cx);
    const cy2 = f64x2.splat(cy);
    const dx2 = f64x2.splat(dx);
    const dy2 = f64x2.splat(dy);
    const half = f64x2.splat(0.5);
    const widths = i32x4.splat(width);
    let k = 0;
    for (; k + 1 < across; k += 2) {
      const t = f64x2.replace_lane(f64x2.splat(<f64>k - halfAcross), 1, <f64>(k + 1) - halfAcross);
      const ax = f64x2.sub(cx2, f64x2.mul(t, dy2));
      const ay = f64x2.add(cy2, f64x2.mul(t, dx2));
      let sum = f64x2.splat(0);
      for (let l = 0; l < along; l++) {
        const u = <f64>l - halfAlong;
        const fx = f64x2.add(f64x2.add(ax, f64x2.splat(u * dx)), half);
        const fy = f64x2.add(f64x2.add(ay, f64x2.splat(u * dy)), half);
        const index = i32x4.add(i32x4.mul(i32x4.trunc_sat_f64x2_s_zero(fy), widths), i32x4.trunc_sat_f64x2_s_zero(fx));
        const first = <f64>load<f32>(image + (<usize>i32x4.extract_lane(index, 0) << 2));
        const second = <f64>load<f32>(image + (<usize>i32x4.extract_lane(index, 1) << 2));
        sum = f64x2.add(sum, f64x2.replace_lane(f64x2.splat(first), 1, second));
      }
      v128.store64_lane(signature + (<usize>k << 2), f32x4.demote_f64x2_zero(sum), 0);
    }
    if (k < across) {
      const t = <f64>k - halfAcross;
      let sum: f64 = 0;
      for (let l = 0; l < along; l++) {
        const u = <f64>l - halfAlong;
        const fx = cx - t * dy + u * dx + 0.5;
        const fy = cy + t * dx + u * dy + 0.5;
        sum += <f64>load<f32>(image + (<usize>(<i32>fy * width + <i32>fx) << 2));
      }
      store<f32>(signature + (<usize>k << 2), <f32>sum);
    }
    let mean: f64 = 0;
    for (let k = 0; k < across; k++) mean += <f64>load<f32>(signature + (<usize>k << 2));
    mean /= <f64>across;
    for (let k = 0; k < across; k++) {
      const at = signature + (<usize>k << 2);
      store<f32>(at, <f32>(<f64>load<f32>(at) - mean));
    }
    // Lags lag, lag + 1 per float64x2: the same products added in the same order per lane; the
    // shorter lag's last product is added alone at the end, as it was last in its chain.
    let lag = 0;
    for (; lag + 1 <= maxLag + 1; lag += 2) {
      let sum = f64x2.splat(0);
      const terms = across - lag - 1;
      for (let k = 0; k < terms; k++) {
        const own = f64x2.splat(<f64>load<f32>(signature + (<usize>k << 2)));
        const shifted = f64x2.promote_low_f32x4(v128.load64_zero(signature + (<usize>(k + lag) << 2)));
        sum = f64x2.add(sum, f64x2.mul(own, shifted));
      }
      const last = <f64>load<f32>(signature + (<usize>terms << 2)) * <f64>load<f32>(signature + (<usize>(terms + lag) << 2));
      store<f32>(correlation + (<usize>lag << 2), <f32>(f64x2.extract_lane(sum, 0) + last));
      store<f32>(correlation + (<usize>(lag + 1) << 2), <f32>f64x2.extract_lane(sum, 1));
    }
    for (; lag <= maxLag + 1; lag++) {
      let sum: f64 = 0;
      for (let k = 0; k + lag < across; k++) {
        sum += <f64>load<f32>(signature + (<usize>k << 2)) * <f64>load<f32>(signature + (<usize>(k + lag) << 2));
      }
      store<f32>(correlation + (<usize>lag << 2), <f32>sum);
    }
    const zeroLag = <f64>load<f32>(correlation);
    if (zeroLag <= 1e-6) continue;
    let bestLag = -1;
    let best = minCorrelation * zeroLag;
    for (let lag = firstLag; lag <= maxLag; lag++) {
      const c = <f64>load<f32>(correlation + (<usize>lag << 2));
      if (c > best && c >= <f64>load<f32>(correlation + (<usize>(lag - 1) << 2)) && c >= <f64>load<f32>(correlation + (<usize>(lag + 1) << 2))) {
        best = c;
        bestLag = lag;
      }
    }
    if (bestLag < 0) continue;
    // Parabolic interpolation of the peak for a sub-pixel period.
    const l = <f64>load<f32>(correlation + (<usize>(bestLag - 1) << 2));
    const r = <f64>load<f32>(correlation + (<usize>(bestLag + 1) << 2));
    const curvature = l - 2 * best + r;
    const offset = curvature < 0 ? max<f64>(-0.5, min<f64>(0.5, (0.5 * (l - r)) / curvature)) : 0;
    const p = <f64>bestLag + offset;
    if (p < minPeriod || p > maxPeriod) continue;
    store<f32>(period + (<usize>b << 2), <f32>p);
    store<u8>(reliable + <usize>b, 1);
  }
}

/** Every sample of the window inside the image: the extremes are at the four corners. */
function windowInside(cx: f64, cy: f64, dx: f64, dy: f64, across: i32, along: i32, width: i32, height: i32): bool {
  for (let a = 0; a < 2; a++) {
    const t = <f64>(a == 0 ? 0 : across - 1) - <f64>across / 2;
    for (let c = 0; c < 2; c++) {
      const u = <f64>(c == 0 ? 0 : along - 1) - <f64>along / 2;
      const fx = cx - t * dy + u * dx + 0.5;
      const fy = cy + t * dx + u * dy + 0.5;
      if (fx < 0 || fy < 0 || fx >= <f64>width || fy >= <f64>height) return false;
    }
  }
  return true;
}
