import { type BlockGrid, blockGrid } from './block-map.ts';
import { kernelArena } from './wasm-kernels.ts';

/** Per-block sums of the gradient structure tensor (Gxx, Gyy, Gxy), Sobel gradients. */
export interface BlockGradients extends BlockGrid {
  readonly xx: Float32Array;
  readonly yy: Float32Array;
  readonly xy: Float32Array;
}

export function blockGradients(image: Float32Array, width: number, height: number, blockSize: number): BlockGradients {
  const grid = blockGrid(width, height, blockSize);
  const n = grid.blocksX * grid.blocksY;
  // Compiled (assembly/block-gradients.ts): each block's sums stay float32 after every add, in the same
  // pixel order, as the Float32Array stores of the JavaScript did.
  const arena = kernelArena(width * height);
  const xxAt = arena.allocate(4 * n);
  const yyAt = arena.allocate(4 * n);
  const xyAt = arena.allocate(4 * n);
  arena.kernels.blockGradients(arena.copyIn(image), xxAt, yyAt, xyAt, width, height, blockSize, grid.blocksX, n);
  const xx = arena.float32(xxAt, n).slice();
  const yy = arena.float32(yyAt, n).slice();
  const xy = arena.float32(xyAt, n).slice();
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
