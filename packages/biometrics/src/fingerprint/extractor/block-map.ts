/** Geometry of the block grid shared by mask, orientation and frequency maps. */
export interface BlockGrid {
  readonly blocksX: number;
  readonly blocksY: number;
  readonly blockSize: number;
}

export function blockGrid(width: number, height: number, blockSize: number): BlockGrid {
  return { blocksX: Math.ceil(width / blockSize), blocksY: Math.ceil(height / blockSize), blockSize };
}

/** Foreground blocks (1) of the segmentation mask. */
export interface BlockMask extends BlockGrid {
  readonly data: Uint8Array;
}

/** A range [from, to) of pixel indices, e.g. the rows outside which an image holds only zeros. */
export interface PixelSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * The pixel rows of the mask's first to last foreground block row: binarization writes ridge
 * pixels only inside the mask, so the binary image and the skeleton are zero outside this span
 * and their whole-image scans can skip it (most of a FVC2004 image is background).
 */
export function maskRowSpan(mask: BlockMask, width: number, height: number): PixelSpan {
  const { blocksX: bw, blocksY: bh, blockSize, data } = mask;
  let first = bh;
  let last = -1;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      if (!data[by * bw + bx]) continue;
      if (by < first) first = by;
      last = by;
      break;
    }
  }
  if (last < 0) return { from: 0, to: 0 };
  return { from: first * blockSize * width, to: Math.min(height, (last + 1) * blockSize) * width };
}

/** Separable Gaussian smoothing of a block map restricted to (and renormalised over) the mask. */
export function smoothOverMask(values: Float32Array, grid: BlockGrid, mask: Uint8Array, sigma: number): Float32Array {
  const { blocksX: bw, blocksY: bh } = grid;
  const radius = Math.max(1, Math.ceil(2 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  for (let i = -radius; i <= radius; i++) kernel[i + radius] = Math.exp((-i * i) / (2 * sigma * sigma));
  const weighted = new Float32Array(bw * bh);
  const weights = new Float32Array(bw * bh);
  for (let i = 0; i < weighted.length; i++) {
    weighted[i] = mask[i] ? values[i] : 0;
    weights[i] = mask[i] ? 1 : 0;
  }
  const passes: [Float32Array, Float32Array] = [weighted, weights];
  for (const horizontal of [true, false]) {
    // Taps off the grid are skipped: loop over the in-grid range of k, in the same order.
    const stride = horizontal ? 1 : bw;
    for (let p = 0; p < 2; p++) {
      const src = passes[p];
      const dst = new Float32Array(bw * bh);
      for (let y = 0; y < bh; y++) {
        for (let x = 0; x < bw; x++) {
          const along = horizontal ? x : y;
          const size = horizontal ? bw : bh;
          const first = Math.max(-radius, -along);
          const last = Math.min(radius, size - 1 - along);
          const center = y * bw + x;
          let sum = 0;
          for (let k = first; k <= last; k++) sum += kernel[k + radius] * src[center + k * stride];
          dst[center] = sum;
        }
      }
      passes[p] = dst;
    }
  }
  const out = new Float32Array(bw * bh);
  for (let i = 0; i < out.length; i++) out[i] = passes[1][i] > 1e-6 ? passes[0][i] / passes[1][i] : values[i];
  return out;
}
