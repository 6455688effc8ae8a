// AssemblyScript source of the enhancement's two passes (src/fingerprint/extractor/enhancement.ts
// explains the filter, lays out the memory and calls these). Compiled by
// `npm run build:wasm -w packages/biometrics` into src/fingerprint/extractor/kernels.wasm.
//
// Bit-identical to the JavaScript these loops replaced: every sum is an f64 chain of
// f64(f32 weight) × f64(f32 sample) added in the same tap order, stored as f32 (round to
// nearest), and WebAssembly has no fused multiply-add or excess precision. The integer walks are
// the same integer operations. All pointers are byte offsets into this module's memory, laid out
// by the caller; nothing here allocates.

const FIXED_BITS: i32 = 27;
const FIXED_HALF: i32 = 1 << (FIXED_BITS - 1);

@inline function f32At(base: usize, index: i32): f64 {
  return <f64>load<f32>(base + (<usize>index << 2));
}

@inline function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

@inline function u8At(base: usize, index: i32): i32 {
  return <i32>load<u8>(base + <usize>index);
}

@inline function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

/**
 * Pass 1: Gaussian along a streamline of the orientation field into `smoothed` (padded by
 * `margin` px, zeroed here), for the pixels of blocks flagged in `grownBlocks`.
 * Tables (as enhancement.ts builds them): weights f32[2r+1], stepX/stepY f64[2·bins],
 * next u8[2·bins·bins], offsetX/offsetY/offsetIndex i32[2·bins·r], fixedX/fixedY i32[2·bins].
 * `deep` is the first distance from the edges where the fixed-point walk applies (> height when
 * it does not), `reach` the largest straight offset.
 */
export function smoothAlongRidges(
  image: usize,
  orientationBins: usize,
  grownBlocks: usize,
  smoothed: usize,
  width: i32,
  height: i32,
  margin: i32,
  blockSize: i32,
  blocksX: i32,
  bins: i32,
  radius: i32,
  weights: usize,
  stepX: usize,
  stepY: usize,
  next: usize,
  offsetX: usize,
  offsetY: usize,
  offsetIndex: usize,
  fixedX: usize,
  fixedY: usize,
  deep: i32,
  reach: i32,
): void {
  const pw = width + 2 * margin;
  memory.fill(smoothed, 0, <usize>(pw * (height + 2 * margin)) << 2);
  const maxX = <f64>width - 0.5;
  const maxY = <f64>height - 0.5;
  const center = f32At(weights, radius);
  for (let y = 0; y < height; y++) {
    const deepRow = y >= deep && y < height - deep;
    const blockRow = (y / blockSize) * blocksX;
    for (let bx = 0; bx < blocksX; bx++) {
      if (u8At(grownBlocks, blockRow + bx) == 0) continue;
      const xEnd = min(width, (bx + 1) * blockSize);
      for (let x = bx * blockSize; x < xEnd; x++) {
        const i = y * width + x;
        const startBin = u8At(orientationBins, i);
        let sum = center * f32At(image, i);
        if (deepRow && x >= deep && x < width - deep) {
          // Straight part from the precomputed offsets; the curved part in fixed point.
          for (let reverse = 0; reverse <= bins; reverse += bins) {
            let direction = startBin + reverse;
            const row = direction * radius - 1;
            let t = 1;
            let j = i;
            for (; t <= radius; t++) {
              j = i + i32At(offsetIndex, row + t);
              sum += f32At(weights, radius + t) * f32At(image, j);
              if (u8At(orientationBins, j) != startBin) break;
            }
            if (t >= radius) continue;
            let fx = FIXED_HALF + t * i32At(fixedX, direction);
            let fy = FIXED_HALF + t * i32At(fixedY, direction);
            let bin = u8At(orientationBins, j);
            direction = u8At(next, direction * bins + bin);
            for (t++; t <= radius; t++) {
              fx += i32At(fixedX, direction);
              fy += i32At(fixedY, direction);
              j = i + (fy >> FIXED_BITS) * width + (fx >> FIXED_BITS);
              sum += f32At(weights, radius + t) * f32At(image, j);
              const entered = u8At(orientationBins, j);
              if (entered != bin) {
                bin = entered;
                direction = u8At(next, direction * bins + bin);
              }
            }
          }
        } else {
          // Follow the ridge flow both ways (a streamline), not a straight line: long smoothing
          // then stays on one ridge even where ridges curve (cores, deltas). While the walk lands
          // on pixels of its own bin it keeps its direction, so its pixels are a fixed pattern
          // (precomputed offsets) and no tap waits for the previous one; starts at least `reach`
          // px inside the image skip the bounds tests.
          const interior = x >= reach && y >= reach && x < width - reach && y < height - reach;
          for (let reverse = 0; reverse <= bins; reverse += bins) {
            let direction = startBin + reverse;
            const row = direction * radius - 1;
            let t = 1;
            let j = i;
            let inside = true;
            if (interior) {
              for (; t <= radius; t++) {
                j = i + i32At(offsetIndex, row + t);
                sum += f32At(weights, radius + t) * f32At(image, j);
                if (u8At(orientationBins, j) != startBin) break;
              }
            } else {
              for (; t <= radius; t++) {
                const rx = x + i32At(offsetX, row + t);
                const ry = y + i32At(offsetY, row + t);
                if (rx < 0 || ry < 0 || rx >= width || ry >= height) {
                  inside = false;
                  break;
                }
                j = ry * width + rx;
                sum += f32At(weights, radius + t) * f32At(image, j);
                if (u8At(orientationBins, j) != startBin) break;
              }
            }
            if (!inside || t >= radius) continue;
            // The float walk, resumed exactly where the straight part left it.
            let px = <f64>x;
            let py = <f64>y;
            for (let k = 0; k < t; k++) {
              px += f64At(stepX, direction);
              py += f64At(stepY, direction);
            }
            let bin = u8At(orientationBins, j);
            direction = u8At(next, direction * bins + bin);
            for (t++; t <= radius; t++) {
              px += f64At(stepX, direction);
              py += f64At(stepY, direction);
              if (px < -0.5 || py < -0.5 || px >= maxX || py >= maxY) break;
              // px + 0.5 ≥ 0 here, so truncation is the floor.
              j = <i32>(py + 0.5) * width + <i32>(px + 0.5);
              sum += f32At(weights, radius + t) * f32At(image, j);
              // Entering a pixel of the same bin keeps the direction (next[] maps it to itself):
              // a branch the CPU predicts instead of a table read every tap has to wait for.
              const entered = u8At(orientationBins, j);
              if (entered != bin) {
                bin = entered;
                direction = u8At(next, direction * bins + bin);
              }
            }
          }
        }
        store<f32>(smoothed + (<usize>((y + margin) * pw + x + margin) << 2), <f32>sum);
      }
    }
  }
}

/**
 * Pass 2: zero-mean cos·Gaussian across the ridges over the mask's pixels, into `out`
 * (width × height, zeroed here). Tables: offsets i32[bins·taps] (in padded-image strides),
 * kernels f32[periodBins·taps], reaches i32[periodBins], blockPeriodBins u8 per block.
 */
export function filterAcrossRidges(
  smoothed: usize,
  orientationBins: usize,
  mask: usize,
  blockPeriodBins: usize,
  out: usize,
  width: i32,
  height: i32,
  margin: i32,
  blockSize: i32,
  blocksX: i32,
  blocksY: i32,
  radius: i32,
  offsets: usize,
  kernels: usize,
  reaches: usize,
): void {
  memory.fill(out, 0, <usize>(width * height) << 2);
  const pw = width + 2 * margin;
  const taps = 2 * radius + 1;
  for (let by = 0; by < blocksY; by++) {
    const yEnd = min(height, (by + 1) * blockSize);
    for (let bx = 0; bx < blocksX; bx++) {
      const block = by * blocksX + bx;
      if (u8At(mask, block) == 0) continue;
      const periodBin = u8At(blockPeriodBins, block);
      const kernel = kernels + (<usize>(periodBin * taps) << 2);
      const reach = i32At(reaches, periodBin);
      const first = radius - reach;
      const last = radius + reach;
      const xEnd = min(width, (bx + 1) * blockSize);
      for (let y = by * blockSize; y < yEnd; y++) {
        let x = bx * blockSize;
        // Four pixels per loop where each pair shares its bin (always, for pairs in one 2 × 2
        // orientation cell): a pair's taps are then adjacent in `smoothed`, one 8-byte load, and
        // its two sums are the lanes of a float64x2 chain (each lane in tap order, as the scalar
        // sums). Two such chains side by side.
        for (; x + 3 < xEnd; x += 4) {
          const i = y * width + x;
          const bin0 = u8At(orientationBins, i);
          const bin2 = u8At(orientationBins, i + 2);
          if (bin0 != u8At(orientationBins, i + 1) || bin2 != u8At(orientationBins, i + 3)) break;
          const p = (y + margin) * pw + x + margin;
          const o0 = offsets + (<usize>(bin0 * taps) << 2);
          const o2 = offsets + (<usize>(bin2 * taps) << 2);
          let sum01 = f64x2.splat(0);
          let sum23 = f64x2.splat(0);
          for (let k = first; k <= last; k++) {
            const weight = f64x2.splat(f32At(kernel, k));
            const taps01 = f64x2.promote_low_f32x4(v128.load64_zero(smoothed + (<usize>(p + i32At(o0, k)) << 2)));
            const taps23 = f64x2.promote_low_f32x4(v128.load64_zero(smoothed + (<usize>(p + 2 + i32At(o2, k)) << 2)));
            sum01 = f64x2.add(sum01, f64x2.mul(weight, taps01));
            sum23 = f64x2.add(sum23, f64x2.mul(weight, taps23));
          }
          v128.store64_lane(out + (<usize>i << 2), f32x4.demote_f64x2_zero(sum01), 0);
          v128.store64_lane(out + (<usize>(i + 2) << 2), f32x4.demote_f64x2_zero(sum23), 0);
        }
        // Two pixels per loop: two independent add chains, each in tap order.
        for (; x + 1 < xEnd; x += 2) {
          const i = y * width + x;
          const p = (y + margin) * pw + x + margin;
          const o0 = offsets + (<usize>(u8At(orientationBins, i) * taps) << 2);
          const o1 = offsets + (<usize>(u8At(orientationBins, i + 1) * taps) << 2);
          let sum0: f64 = 0;
          let sum1: f64 = 0;
          for (let k = first; k <= last; k++) {
            const weight = f32At(kernel, k);
            sum0 += weight * f32At(smoothed, p + i32At(o0, k));
            sum1 += weight * f32At(smoothed, p + 1 + i32At(o1, k));
          }
          store<f32>(out + (<usize>i << 2), <f32>sum0);
          store<f32>(out + (<usize>(i + 1) << 2), <f32>sum1);
        }
        if (x < xEnd) {
          const i = y * width + x;
          const p = (y + margin) * pw + x + margin;
          const o = offsets + (<usize>(u8At(orientationBins, i) * taps) << 2);
          let sum: f64 = 0;
          for (let k = first; k <= last; k++) sum += f32At(kernel, k) * f32At(smoothed, p + i32At(o, k));
          store<f32>(out + (<usize>i << 2), <f32>sum);
        }
      }
    }
  }
}
