import { type BlockGrid, blockGrid } from './block-map.ts';

/** Per-block sums of the gradient structure tensor (Gxx, Gyy, Gxy), Sobel gradients. */
export interface BlockGradients extends BlockGrid {
  readonly xx: Float32Array;
  readonly yy: Float32Array;
  readonly xy: Float32Array;
}

export function blockGradients(image: Float32Array, width: number, height: number, blockSize: number): BlockGradients {
  const grid = blockGrid(width, height, blockSize);
  const n = grid.blocksX * grid.blocksY;
  const xx = new Float32Array(n);
  const yy = new Float32Array(n);
  const xy = new Float32Array(n);
  for (let y = 1; y < height - 1; y++) {
    const rowBlock = ((y / blockSize) | 0) * grid.blocksX;
    for (let bx = 0; bx < grid.blocksX; bx++) {
      const block = rowBlock + bx;
      // Each block's sums stay float32 after every add (Math.fround, as the array store did), in
      // the same pixel order, so the result is unchanged; locals spare a load and store per add.
      let sxx = xx[block];
      let syy = yy[block];
      let sxy = xy[block];
      const xEnd = Math.min(width - 1, (bx + 1) * blockSize);
      for (let x = Math.max(1, bx * blockSize); x < xEnd; x++) {
        const i = y * width + x;
        const a = image[i - width - 1];
        const b = image[i - width];
        const c = image[i - width + 1];
        const d = image[i - 1];
        const f = image[i + 1];
        const g = image[i + width - 1];
        const h = image[i + width];
        const k = image[i + width + 1];
        const gx = c + 2 * f + k - a - 2 * d - g;
        const gy = g + 2 * h + k - a - 2 * b - c;
        sxx = Math.fround(sxx + gx * gx);
        syy = Math.fround(syy + gy * gy);
        sxy = Math.fround(sxy + gx * gy);
      }
      xx[block] = sxx;
      yy[block] = syy;
      xy[block] = sxy;
    }
  }
  return { ...grid, xx, yy, xy };
}

/**
 * The tensor summed over (2r+1)² blocks, as a doubled-angle vector (Gxx−Gyy, 2Gxy) and its
 * energy Gxx+Gyy; coherence |v| / energy is 1 for perfectly parallel ridges, 0 for noise.
 */
export interface WindowedTensor {
  readonly vx: Float32Array;
  readonly vy: Float32Array;
  readonly energy: Float32Array;
  readonly coherence: Float32Array;
}

export function windowedTensor(gradients: BlockGradients, radius: number): WindowedTensor {
  const { blocksX: bw, blocksY: bh } = gradients;
  const n = bw * bh;
  const vx = new Float32Array(n);
  const vy = new Float32Array(n);
  const energy = new Float32Array(n);
  const coherence = new Float32Array(n);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let yy = Math.max(0, y - radius); yy <= Math.min(bh - 1, y + radius); yy++) {
        for (let xx = Math.max(0, x - radius); xx <= Math.min(bw - 1, x + radius); xx++) {
          const j = yy * bw + xx;
          sxx += gradients.xx[j];
          syy += gradients.yy[j];
          sxy += gradients.xy[j];
        }
      }
      const i = y * bw + x;
      vx[i] = sxx - syy;
      vy[i] = 2 * sxy;
      energy[i] = sxx + syy;
      coherence[i] = energy[i] > 1e-9 ? Math.hypot(vx[i], vy[i]) / energy[i] : 0;
    }
  }
  return { vx, vy, energy, coherence };
}
