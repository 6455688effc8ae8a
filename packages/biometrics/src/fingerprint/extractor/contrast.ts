import type { GrayImage } from '../../primitives/gray-image.ts';
import { FRESH_BUFFERS, type ScratchBuffers } from './scratch.ts';

/** Summed-area tables of gray level and its square, for O(1) local mean and deviation. */
export interface IntegralImages {
  readonly width: number;
  readonly height: number;
  readonly sum: Float64Array;
  readonly sumSquares: Float64Array;
}

export function integralImages(image: GrayImage, scratch: ScratchBuffers = FRESH_BUFFERS): IntegralImages {
  const { width, height, data } = image;
  const stride = width + 1;
  // Only the first row and column are read before they are written: a pooled buffer needs no more
  // clearing than that.
  const sum = scratch.float64('integral-sum', stride * (height + 1), false);
  const sumSquares = scratch.float64('integral-squares', stride * (height + 1), false);
  sum.fill(0, 0, stride);
  sumSquares.fill(0, 0, stride);
  for (let y = 1; y <= height; y++) {
    sum[y * stride] = 0;
    sumSquares[y * stride] = 0;
  }
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    let rowSquares = 0;
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x];
      rowSum += v;
      rowSquares += v * v;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rowSum;
      sumSquares[(y + 1) * stride + x + 1] = sumSquares[y * stride + x + 1] + rowSquares;
    }
  }
  return { width, height, sum, sumSquares };
}

/** Mean and deviation of the window [x0, x1) × [y0, y1), clipped to the image. */
export function windowStats(integral: IntegralImages, x0: number, y0: number, x1: number, y1: number): { mean: number; deviation: number } {
  const { width, height, sum, sumSquares } = integral;
  const stride = width + 1;
  const ax = Math.max(0, x0);
  const ay = Math.max(0, y0);
  const bx = Math.min(width, x1);
  const by = Math.min(height, y1);
  const area = Math.max(1, (bx - ax) * (by - ay));
  const s = sum[by * stride + bx] - sum[ay * stride + bx] - sum[by * stride + ax] + sum[ay * stride + ax];
  const q = sumSquares[by * stride + bx] - sumSquares[ay * stride + bx] - sumSquares[by * stride + ax] + sumSquares[ay * stride + ax];
  const mean = s / area;
  return { mean, deviation: Math.sqrt(Math.max(0, q / area - mean * mean)) };
}

export interface ContrastCap {
  /** `clipContrast`'s limit. */
  readonly limit: number;
  /** Receives the values before the cap as well, when given (quality assessment reads them). */
  readonly unclipped?: Float32Array;
}

/**
 * Local contrast normalisation: (local mean − pixel) / local deviation, so ridges (dark) come out
 * positive with unit local contrast whether the finger was dry, wet, pressed hard or lightly.
 * The deviation is floored so that flat background is not blown up into noise. With `cap`, the
 * values are also capped (`clipContrast`), and the ones before the cap copied out if asked for.
 */
export function normalizeContrast(
  integral: IntegralImages,
  image: GrayImage,
  radius: number,
  minDeviation: number,
  scratch: ScratchBuffers = FRESH_BUFFERS,
  cap?: ContrastCap,
): Float32Array {
  const { width, height, data } = image;
  // Every pixel is written below.
  const out = scratch.float32('normalized', width * height, false);
  const stride = width + 1;
  const { sum, sumSquares } = integral;
  for (let y = 0; y < height; y++) {
    const ay = Math.max(0, y - radius);
    const by = Math.min(height, y + radius + 1);
    // Columns whose window is not clipped: the same expressions with the clipping and the area
    // hoisted out (the row's window height is fixed), without the Math.max/min per pixel.
    const fullFrom = Math.min(width, radius);
    const fullTo = Math.max(fullFrom, width - radius - 1);
    const fullArea = (2 * radius + 1) * (by - ay);
    const top = ay * stride;
    const bottom = by * stride;
    for (let x = fullFrom; x < fullTo; x++) {
      const topLeft = top + x - radius;
      const topRight = top + x + radius + 1;
      const bottomLeft = bottom + x - radius;
      const bottomRight = bottom + x + radius + 1;
      const s = sum[bottomRight] - sum[topRight] - sum[bottomLeft] + sum[topLeft];
      const q = sumSquares[bottomRight] - sumSquares[topRight] - sumSquares[bottomLeft] + sumSquares[topLeft];
      const mean = s / fullArea;
      const deviation = Math.max(minDeviation, Math.sqrt(Math.max(0, q / fullArea - mean * mean)));
      out[y * width + x] = (mean - data[y * width + x]) / deviation;
    }
    for (let x = 0; x < width; x++) {
      if (x === fullFrom && fullTo > fullFrom) x = fullTo;
      if (x >= width) break;
      const ax = Math.max(0, x - radius);
      const bx = Math.min(width, x + radius + 1);
      const area = (bx - ax) * (by - ay);
      const s = sum[by * stride + bx] - sum[ay * stride + bx] - sum[by * stride + ax] + sum[ay * stride + ax];
      const q = sumSquares[by * stride + bx] - sumSquares[ay * stride + bx] - sumSquares[by * stride + ax] + sumSquares[ay * stride + ax];
      const mean = s / area;
      const deviation = Math.max(minDeviation, Math.sqrt(Math.max(0, q / area - mean * mean)));
      out[y * width + x] = (mean - data[y * width + x]) / deviation;
    }
    // Capped row by row while the row is in cache, rather than in a pass over the whole image.
    if (cap) {
      const row = y * width;
      cap.unclipped?.set(out.subarray(row, row + width), row);
      clipContrast(out, cap.limit, row, row + width);
    }
  }
  return out;
}

/**
 * Caps normalised contrast at ±limit local deviations, in place. Dry prints break ridges into
 * dark dots, and wet or smudged ones leave blots: a few pixels many deviations from the local
 * mean. Uncapped, they dominate every oriented filter after this (orientation gradients, period
 * signature, Gabor enhancement), which then draws blobs instead of the faint ridge running
 * through them. A ridge's own profile stays within about ±1.5 deviations, so a cap at 2 keeps it
 * whole and leaves the outliers no louder than a clear ridge.
 */
export function clipContrast(values: Float32Array, limit: number, from = 0, to = values.length): Float32Array {
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v > limit) values[i] = limit;
    else if (v < -limit) values[i] = -limit;
  }
  return values;
}
