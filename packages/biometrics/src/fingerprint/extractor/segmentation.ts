import type { BlockGrid, BlockMask } from './block-map.ts';
import { type IntegralImages, windowStats } from './contrast.ts';

export interface SegmentationSettings {
  contrastRadius: number;
  minAbsoluteContrast: number;
  minRelativeContrast: number;
  relativeContrastPercentile: number;
  minCoherence: number;
  voteRadius: number;
  voteRounds: number;
}

/**
 * Foreground blocks: enough gray-level contrast (absolute, and relative to the print's own
 * contrast so that light and dark prints segment alike) and some ridge-like coherence, then a
 * majority vote to smooth the outline, hole filling, and only the large connected parts kept.
 */
/** The mask plus each block's gray-level deviation (used again by quality assessment). */
export interface Segmentation extends BlockMask {
  readonly deviation: Float32Array;
}

export function segmentationMask(integral: IntegralImages, coherence: Float32Array, grid: BlockGrid, settings: SegmentationSettings): Segmentation {
  const { blocksX: bw, blocksY: bh, blockSize } = grid;
  const n = bw * bh;
  const deviation = new Float32Array(n);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const cx = bx * blockSize + (blockSize >> 1);
      const cy = by * blockSize + (blockSize >> 1);
      const r = settings.contrastRadius;
      deviation[by * bw + bx] = windowStats(integral, cx - r, cy - r, cx + r, cy + r).deviation;
    }
  }
  const sorted = Float32Array.from(deviation).sort();
  const reference = sorted[Math.min(n - 1, Math.floor(settings.relativeContrastPercentile * n))];
  const threshold = Math.max(settings.minAbsoluteContrast, settings.minRelativeContrast * reference);
  let mask: Uint8Array = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Low-coherence blocks need clearly more contrast: smudges and latent noise are contrasty too.
    const needed = coherence[i] >= settings.minCoherence ? threshold : 2 * threshold;
    mask[i] = deviation[i] >= needed ? 1 : 0;
  }
  for (let round = 0; round < settings.voteRounds; round++) mask = majorityVote(mask, bw, bh, settings.voteRadius);
  fillHoles(mask, bw, bh);
  keepLargeComponents(mask, bw, bh);
  return { ...grid, data: mask, deviation };
}

function majorityVote(mask: Uint8Array, bw: number, bh: number, radius: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      let ones = 0;
      let total = 0;
      for (let yy = y - radius; yy <= y + radius; yy++) {
        for (let xx = x - radius; xx <= x + radius; xx++) {
          total++;
          // Outside the image counts as background: a print rarely continues past the sensor edge cleanly.
          if (xx >= 0 && yy >= 0 && xx < bw && yy < bh) ones += mask[yy * bw + xx];
        }
      }
      out[y * bw + x] = 2 * ones > total ? 1 : 0;
    }
  }
  return out;
}

/** Labels 4-connected components of blocks with the given value; returns labels and sizes. */
function components(mask: Uint8Array, bw: number, bh: number, value: number): { labels: Int32Array; sizes: number[]; touchesEdge: boolean[] } {
  const labels = new Int32Array(mask.length).fill(-1);
  const sizes: number[] = [];
  const touchesEdge: boolean[] = [];
  const stack = new Int32Array(mask.length);
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== value || labels[start] >= 0) continue;
    const label = sizes.length;
    let size = 0;
    let edge = false;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top];
      size++;
      const x = i % bw;
      const y = (i / bw) | 0;
      if (x === 0 || y === 0 || x === bw - 1 || y === bh - 1) edge = true;
      const neighbors = [x > 0 ? i - 1 : -1, x < bw - 1 ? i + 1 : -1, y > 0 ? i - bw : -1, y < bh - 1 ? i + bw : -1];
      for (const j of neighbors) {
        if (j >= 0 && mask[j] === value && labels[j] < 0) {
          labels[j] = label;
          stack[top++] = j;
        }
      }
    }
    sizes.push(size);
    touchesEdge.push(edge);
  }
  return { labels, sizes, touchesEdge };
}

function fillHoles(mask: Uint8Array, bw: number, bh: number): void {
  const { labels, touchesEdge } = components(mask, bw, bh, 0);
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0 && !touchesEdge[labels[i]]) mask[i] = 1;
}

/** Drops specks: foreground parts smaller than a quarter of the largest one. */
function keepLargeComponents(mask: Uint8Array, bw: number, bh: number): void {
  const { labels, sizes } = components(mask, bw, bh, 1);
  const largest = sizes.reduce((a, b) => Math.max(a, b), 0);
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1 && sizes[labels[i]] * 4 < largest) mask[i] = 0;
}

/** Chamfer distance (in blocks) from each block to the nearest background block or the image edge. */
export function blockBorderDistance(mask: BlockMask): Float32Array {
  const { blocksX: bw, blocksY: bh, data } = mask;
  const dist = new Float32Array(bw * bh);
  const far = bw + bh;
  for (let i = 0; i < dist.length; i++) dist[i] = data[i] ? far : 0;
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= bw || y >= bh ? 0 : dist[y * bw + x]);
  const diagonal = Math.SQRT2;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const i = y * bw + x;
      if (!data[i]) continue;
      // Outside the grid reads as distance 0, so a block on the grid edge is one block from outside.
      dist[i] = Math.min(dist[i], at(x - 1, y) + 1, at(x, y - 1) + 1, at(x - 1, y - 1) + diagonal, at(x + 1, y - 1) + diagonal);
    }
  }
  for (let y = bh - 1; y >= 0; y--) {
    for (let x = bw - 1; x >= 0; x--) {
      const i = y * bw + x;
      if (!data[i]) continue;
      dist[i] = Math.min(dist[i], at(x + 1, y) + 1, at(x, y + 1) + 1, at(x + 1, y + 1) + diagonal, at(x - 1, y + 1) + diagonal);
    }
  }
  return dist;
}
