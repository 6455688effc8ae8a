import { kernelArena } from './wasm-kernels.ts';

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
  // The passes run compiled (assembly/block-map.ts), from this float32 kernel.
  const n = bw * bh;
  const arena = kernelArena(n);
  const outAt = arena.allocate(4 * n);
  arena.kernels.smoothOverMask(arena.copyIn(values), arena.copyIn(mask), arena.copyIn(kernel), radius, bw, bh, outAt, arena.allocate(16 * n));
  const out = arena.float32(outAt, n).slice();
  return out;
}
