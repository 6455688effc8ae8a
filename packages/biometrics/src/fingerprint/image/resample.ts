import type { GrayImage } from '../../primitives/gray-image.ts';

interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  taps: number;
}

/**
 * Tent-filter weights for one axis. The tent is widened by the scale factor when shrinking, so a
 * downscale averages every source pixel it covers (no aliasing of ridges into moiré) and an
 * upscale is plain bilinear interpolation.
 */
function axisWeights(sourceSize: number, targetSize: number): AxisWeights {
  const scale = sourceSize / targetSize;
  const support = Math.max(1, scale);
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(targetSize);
  const count = new Int32Array(targetSize);
  const weights = new Float32Array(targetSize * taps);
  for (let i = 0; i < targetSize; i++) {
    const center = (i + 0.5) * scale - 0.5;
    const first = Math.max(0, Math.ceil(center - support));
    const last = Math.min(sourceSize - 1, Math.floor(center + support));
    let total = 0;
    let n = 0;
    for (let s = first; s <= last && n < taps; s++, n++) {
      const w = Math.max(0, 1 - Math.abs(s - center) / support);
      weights[i * taps + n] = w;
      total += w;
    }
    if (total <= 0) {
      // Degenerate only at extreme ratios: fall back to the nearest pixel.
      weights[i * taps] = 1;
      total = 1;
      n = 1;
      start[i] = Math.min(sourceSize - 1, Math.max(0, Math.round(center)));
    } else {
      start[i] = first;
    }
    for (let k = 0; k < n; k++) weights[i * taps + k] /= total;
    count[i] = n;
  }
  return { start, count, weights, taps };
}

/** Resamples an 8-bit image to the given size (separable tent filter, synchronous, pure). */
export function resampleGray(image: GrayImage, width: number, height: number): GrayImage {
  if (width === image.width && height === image.height) return image;
  const src = image.data;
  const sw = image.width;
  const sh = image.height;
  const wx = axisWeights(sw, width);
  const wy = axisWeights(sh, height);
  const rows = new Float32Array(width * sh);
  for (let y = 0; y < sh; y++) {
    const rowOffset = y * sw;
    for (let x = 0; x < width; x++) {
      const base = x * wx.taps;
      const s0 = wx.start[x];
      let sum = 0;
      for (let k = 0, n = wx.count[x]; k < n; k++) sum += wx.weights[base + k] * src[rowOffset + s0 + k];
      rows[y * width + x] = sum;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const base = y * wy.taps;
    const s0 = wy.start[y];
    const n = wy.count[y];
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += wy.weights[base + k] * rows[(s0 + k) * width + x];
      out[y * width + x] = Math.max(0, Math.min(255, Math.round(sum)));
    }
  }
  return { width, height, data: out };
}

/** Size of an image of `width × height` at `dpi` once expressed at `targetDpi`. */
export function scaledSize(width: number, height: number, dpi: number, targetDpi: number): { width: number; height: number } {
  const factor = targetDpi / dpi;
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}
