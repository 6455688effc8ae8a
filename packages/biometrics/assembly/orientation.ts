// Pixel orientation bins (src/fingerprint/extractor/orientation.ts explains the interpolation and
// the arctangent, computes the column terms and lays out the memory). Same float64 expressions;
// the rare bins the polynomial arctangent cannot decide go to JavaScript's Math.atan2, imported,
// so they come out as before.

// @ts-ignore: decorator
@external("env", "atan2")
declare function hostAtan2(y: f64, x: f64): f64;

const TIE_MARGIN: f64 = 1e-3;

/** See orientation.ts `orientationBin` (which calls this); `fast` is its precondition on `scale`. */
@inline function bin(s: f64, c: f64, scale: f64, bins: i32, fast: bool): i32 {
  const ax = abs<f64>(c);
  const ay = abs<f64>(s);
  if (ax > 1e-30 && ay > 1e-30 && ax < 1e30 && ay < 1e30 && fast) {
    const swap = ay > ax;
    const z = swap ? ax / ay : ay / ax;
    const z2 = z * z;
    let theta = z * (0.999866 + z2 * (-0.3302995 + z2 * (0.180141 + z2 * (-0.085133 + z2 * 0.0208351))));
    if (swap) theta = Math.PI / 2 - theta;
    if (c < 0) theta = Math.PI - theta;
    if (s < 0) theta = -theta;
    let a = 0.5 * theta;
    if (a < 0) a += Math.PI;
    const v = a * scale;
    const fraction = v - Math.floor(v);
    if (abs<f64>(fraction - 0.5) > TIE_MARGIN) {
      const rounded = <i32>Math.round(v);
      return rounded >= bins ? rounded - bins : rounded;
    }
  }
  let a = 0.5 * hostAtan2(s, c);
  if (a < 0) a += Math.PI;
  // NaN (no orientation) truncates to bin 0, as a Uint8Array store of NaN did.
  return <i32>(Math.round(a * scale) % <f64>bins);
}

/**
 * Bins of every pixel, one evaluation per cell × cell pixels, interpolating the four nearest
 * blocks' doubled-angle vectors. With `hasOnly`, cells of blocks not flagged in `only` get 0.
 * Column terms (left, right i32; weightX f64) per cell column come from the caller.
 */
export function pixelOrientationBins(
  cos2: usize,
  sin2: usize,
  bw: i32,
  bh: i32,
  blockSize: i32,
  width: i32,
  height: i32,
  cell: i32,
  bins: i32,
  scale: f64,
  fast: bool,
  left: usize,
  right: usize,
  weightX: usize,
  hasOnly: bool,
  only: usize,
  out: usize,
): void {
  const columns = (width + cell - 1) / cell;
  const halfCell = <f64>cell / 2;
  for (let cy = 0; cy < height; cy += cell) {
    const fy = min<f64>(<f64>(bh - 1), max<f64>(0, (<f64>cy + halfCell) / <f64>blockSize - 0.5));
    const y0 = <i32>min<f64>(<f64>(bh - 1), Math.floor(fy));
    const y1 = min(bh - 1, y0 + 1);
    const wy = fy - <f64>y0;
    const yEnd = min(height, cy + cell);
    const blockRow = (cy / blockSize) * bw;
    for (let k = 0; k < columns; k++) {
      const cx = k * cell;
      const xEnd = min(width, cx + cell);
      let value = 0;
      if (!hasOnly || load<u8>(only + <usize>(blockRow + cx / blockSize)) != 0) {
        const x0 = load<i32>(left + (<usize>k << 2));
        const x1 = load<i32>(right + (<usize>k << 2));
        const wx = load<f64>(weightX + (<usize>k << 3));
        const i00 = <usize>(y0 * bw + x0) << 2;
        const i01 = <usize>(y0 * bw + x1) << 2;
        const i10 = <usize>(y1 * bw + x0) << 2;
        const i11 = <usize>(y1 * bw + x1) << 2;
        const c =
          (1 - wy) * ((1 - wx) * <f64>load<f32>(cos2 + i00) + wx * <f64>load<f32>(cos2 + i01)) +
          wy * ((1 - wx) * <f64>load<f32>(cos2 + i10) + wx * <f64>load<f32>(cos2 + i11));
        const s =
          (1 - wy) * ((1 - wx) * <f64>load<f32>(sin2 + i00) + wx * <f64>load<f32>(sin2 + i01)) +
          wy * ((1 - wx) * <f64>load<f32>(sin2 + i10) + wx * <f64>load<f32>(sin2 + i11));
        value = bin(s, c, scale, bins, fast);
      }
      for (let y = cy; y < yEnd; y++) {
        for (let x = cx; x < xEnd; x++) store<u8>(out + <usize>(y * width + x), <u8>value);
      }
    }
  }
}

/** One bin, for orientation.ts `orientationBin` (tests and callers outside the pixel loop). */
export function orientationBin(s: f64, c: f64, scale: f64, bins: i32, fast: bool): i32 {
  return bin(s, c, scale, bins, fast);
}
