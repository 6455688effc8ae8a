import type { BlockMask } from './block-map.ts';
import type { PeriodField } from './frequency.ts';
import { FRESH_BUFFERS, type ScratchBuffers } from './scratch.ts';
import { kernelArena, type KernelArena } from './wasm-kernels.ts';

export interface EnhancementSettings {
  orientationBins: number;
  periodBins: number;
  minPeriod: number;
  maxPeriod: number;
  sigmaAlong: number;
  alongStep: number;
  sigmaAcrossPeriods: number;
}

/**
 * Contextual enhancement in the spirit of an oriented Gabor filter (Hong, Wan & Jain 1998),
 * factored into two oriented 1-D passes: a Gaussian along the ridge flow (joins breaks, fills
 * pores, averages out noise) and a zero-mean cos·Gaussian across the ridges tuned to the local
 * ridge period (keeps only the ridge frequency). The factorisation costs ~25 + ~25 taps per pixel
 * instead of ~400 for a 2-D kernel, and the along-ridge pass follows the orientation field as a
 * streamline (as in flow-like / coherence-enhancing filtering) instead of a straight line.
 * Output > 0 on ridges, < 0 in valleys, 0 outside the mask.
 */
export function enhanceRidges(
  image: Float32Array,
  width: number,
  height: number,
  orientationBins: Uint8Array,
  periods: PeriodField,
  mask: BlockMask,
  settings: EnhancementSettings,
  scratch: ScratchBuffers = FRESH_BUFFERS,
): Float32Array {
  const acrossRadius = Math.ceil(2.5 * settings.sigmaAcrossPeriods * settings.maxPeriod);
  // Pass 2 reads `smoothed` up to acrossRadius px away: the margin keeps it in bounds (reads 0).
  const margin = acrossRadius + 1;
  // Both passes run compiled (assembly/enhancement.ts): the image and bins are copied into the
  // kernels' memory, the padded pass-1 image stays there, only the result is copied out.
  const arena = kernelArena(width * height);
  const frame: KernelFrame = { arena, width, height, margin, imageAt: arena.copyIn(image), binsAt: arena.copyIn(orientationBins) };
  const smoothedAt = smoothAlongRidges(frame, mask, settings);
  const outAt = filterAcrossRidges(frame, smoothedAt, periods, mask, settings, acrossRadius);
  const out = scratch.float32('enhanced', width * height, false);
  out.set(arena.float32(outAt, width * height));
  return out;
}

/** One enhancement's layout in the kernels' memory. */
interface KernelFrame {
  arena: KernelArena;
  width: number;
  height: number;
  margin: number;
  imageAt: number;
  binsAt: number;
}

/**
 * The blocks whose pixel orientation bins `enhanceRidges` reads (one flag per block): pass 2 reads
 * the bins of the mask's pixels, pass 1 those its streamlines step on, at most its reach (one px
 * a tap) from a start in the mask grown by one block. Bins elsewhere need not be computed.
 */
export function enhancementFootprint(mask: BlockMask, settings: EnhancementSettings): Uint8Array {
  const alongReach = Math.ceil((2.5 * settings.sigmaAlong) / settings.alongStep) * settings.alongStep;
  return grownBlocks(mask, Math.ceil((mask.blockSize + Math.ceil(alongReach)) / mask.blockSize));
}

/**
 * Pass 1: Gaussian along a streamline of the orientation field, into an image padded by `margin`
 * px of zeros. Runs on the mask grown by one block; pass 2 reads up to ~2 periods across, and
 * beyond one block outside the print it reads 0 (background). Only the outermost ridges feel
 * it, and minutiae there are dropped by the border filter anyway; growing by the full reach
 * instead cost ~40 % more pass-1 time.
 */
function smoothAlongRidges(frame: KernelFrame, mask: BlockMask, settings: EnhancementSettings): number {
  const { arena, width, height, margin } = frame;
  const bins = settings.orientationBins;
  // The streamline is sampled every `alongStep` px: fewer taps for the same reach.
  const alongRadius = Math.ceil((2.5 * settings.sigmaAlong) / settings.alongStep);
  const alongWeights = alongKernel(settings, alongRadius);
  const { dx: stepX, dy: stepY, next } = streamlineSteps(bins, settings.alongStep);
  const { offsetX, offsetY } = straightStreamlines(bins, settings.alongStep, alongRadius);
  // Pixels at least `reach` px from every image edge keep all straight taps inside the image:
  // they skip the bounds tests and read each tap through one precomputed index offset.
  let reach = 0;
  const offsetIndex = new Int32Array(offsetX.length);
  for (let k = 0; k < offsetX.length; k++) {
    reach = Math.max(reach, Math.abs(offsetX[k]), Math.abs(offsetY[k]));
    offsetIndex[k] = offsetY[k] * width + offsetX[k];
  }
  const fixed = fixedPointSteps(stepX, stepY, alongRadius);
  // Starts at least `deep` px inside every edge take the fixed-point walk (see fixedPointSteps
  // for why it is the same walk); the rest, a thin frame, the float walk. Without exact fixed
  // steps no start is deep enough.
  const deep = fixed ? alongRadius + 2 : height;
  const fixedX = fixed ? fixed.x : new Int32Array(2 * bins);
  const fixedY = fixed ? fixed.y : new Int32Array(2 * bins);
  const smoothedAt = arena.allocate(4 * (width + 2 * margin) * (height + 2 * margin));
  // Pass 1 runs on the mask grown by one block (see above).
  const grownAt = arena.copyIn(grownBlocks(mask, 1));
  arena.kernels.smoothAlongRidges(
    frame.imageAt,
    frame.binsAt,
    grownAt,
    smoothedAt,
    width,
    height,
    margin,
    mask.blockSize,
    mask.blocksX,
    bins,
    alongRadius,
    arena.copyIn(alongWeights),
    arena.copyIn(stepX),
    arena.copyIn(stepY),
    arena.copyIn(next),
    arena.copyIn(offsetX),
    arena.copyIn(offsetY),
    arena.copyIn(offsetIndex),
    arena.copyIn(fixedX),
    arena.copyIn(fixedY),
    deep,
    reach,
  );
  return smoothedAt;
}

const FIXED_BITS = 27;
const FIXED_HALF = 1 << (FIXED_BITS - 1);

/**
 * The streamline steps in units of 2^−27 px, or null when the float walk cannot be reproduced
 * that way. The steps are float32 values in [−1, 1]: all multiples of 2^−27 (the smallest
 * non-zero |cos|, |sin| of kπ/32 is ≈ 0.098) but for cos(π/2) ≈ 6e−17. Within `radius` taps
 * of a start at least radius + 2 px inside the image the float walk stays ≥ 2 px from 0, where
 * adding ±6e−17 rounds back to the same float64 (half an ulp there is 2.2e−16), and every other
 * partial sum is an exact multiple of 2^−27 below 2^26: so the float position is exactly the
 * integer sum × 2^−27, and Math.floor(p + 0.5) is (sum + 2^26) >> 27. ±radius·2^27 + 2^26 must
 * fit in an int32 (radius ≤ 15).
 */
function fixedPointSteps(stepX: Float64Array, stepY: Float64Array, radius: number): { x: Int32Array; y: Int32Array } | null {
  const scale = 2 ** FIXED_BITS;
  if (radius * scale + FIXED_HALF >= 2 ** 31) return null;
  const x = new Int32Array(stepX.length);
  const y = new Int32Array(stepY.length);
  for (let d = 0; d < stepX.length; d++) {
    const sx = Math.abs(stepX[d]) < 1e-12 ? 0 : stepX[d] * scale;
    const sy = Math.abs(stepY[d]) < 1e-12 ? 0 : stepY[d] * scale;
    if (!Number.isInteger(sx) || !Number.isInteger(sy) || Math.abs(sx) > scale || Math.abs(sy) > scale) return null;
    x[d] = sx;
    y[d] = sy;
  }
  return { x, y };
}

/** Normalised Gaussian weights of the streamline taps, index t + radius for step t. */
function alongKernel(settings: EnhancementSettings, radius: number): Float32Array {
  const step = settings.alongStep;
  const weights = new Float32Array(2 * radius + 1);
  let total = 0;
  for (let t = -radius; t <= radius; t++) {
    weights[t + radius] = Math.exp(-((t * step) ** 2) / (2 * settings.sigmaAlong * settings.sigmaAlong));
    total += weights[t + radius];
  }
  for (let k = 0; k < weights.length; k++) weights[k] /= total;
  return weights;
}

/**
 * The streamline walks in one of 2·bins directions: orientation bin b forwards (index b) or
 * backwards (b + bins). `dx`/`dy` hold each direction's step (float32 values, negated exactly
 * for backwards), and `next[d·bins + b]` the direction taken on entering a pixel of bin b from
 * direction d: b's forward or backward step, whichever keeps walking the same way (orientation is
 * axial). The table holds the outcome of the dot-product test the walk used to evaluate per tap
 * (same float values, same sign rule), so the path is unchanged.
 */
export function streamlineSteps(bins: number, step: number): { dx: Float64Array; dy: Float64Array; next: Uint8Array } {
  const binStepX = Float32Array.from({ length: bins }, (_, b) => step * Math.cos((b * Math.PI) / bins));
  const binStepY = Float32Array.from({ length: bins }, (_, b) => step * Math.sin((b * Math.PI) / bins));
  const dx = new Float64Array(2 * bins);
  const dy = new Float64Array(2 * bins);
  for (let b = 0; b < bins; b++) {
    dx[b] = binStepX[b];
    dy[b] = binStepY[b];
    dx[b + bins] = -1 * binStepX[b];
    dy[b + bins] = -1 * binStepY[b];
  }
  const next = new Uint8Array(2 * bins * bins);
  for (let d = 0; d < 2 * bins; d++) {
    for (let b = 0; b < bins; b++) next[d * bins + b] = binStepX[b] * dx[d] + binStepY[b] * dy[d] < 0 ? b + bins : b;
  }
  return { dx, dy, next };
}

/**
 * Pixel offsets (x, y) of taps 1..radius of a walk that never changes direction, per direction,
 * at index d·radius + t − 1. The float walk from an integer start x lands on x + offsetX at every
 * tap and is outside [−0.5, w − 0.5) exactly when x + offsetX is outside [0, w): the steps are
 * float32 values (multiples of 2^−27 but for cos(π/2) ≈ 6e−17, which never moves a tap), so the
 * sums are exact in float64. enhancement.test.ts checks this for every start up to 4096 px.
 */
export function straightStreamlines(bins: number, step: number, radius: number): { offsetX: Int32Array; offsetY: Int32Array } {
  const { dx, dy } = streamlineSteps(bins, step);
  const offsetX = new Int32Array(2 * bins * radius);
  const offsetY = new Int32Array(2 * bins * radius);
  for (let d = 0; d < 2 * bins; d++) {
    let px = 0;
    let py = 0;
    for (let t = 1; t <= radius; t++) {
      px += dx[d];
      py += dy[d];
      offsetX[d * radius + t - 1] = Math.floor(px + 0.5);
      offsetY[d * radius + t - 1] = Math.floor(py + 0.5);
    }
  }
  return { offsetX, offsetY };
}

/**
 * Pass 2: zero-mean cos·Gaussian across the ridges, tuned to the block's ridge period, over the
 * mask's pixels. Reads `smoothed` (padded by `margin`) and returns an unpadded image.
 */
function filterAcrossRidges(
  frame: KernelFrame,
  smoothedAt: number,
  periods: PeriodField,
  mask: BlockMask,
  settings: EnhancementSettings,
  acrossRadius: number,
): number {
  const { arena, width, height, margin } = frame;
  const pw = width + 2 * margin;
  const acrossOffsets = lineOffsets(settings.orientationBins, acrossRadius, pw, Math.PI / 2);
  const acrossKernels = periodKernels(settings, acrossRadius);
  // Short periods need short kernels: loop only over each period's non-zero taps.
  const reaches = Int32Array.from({ length: settings.periodBins }, (_, b) => {
    const period = settings.minPeriod + (b * (settings.maxPeriod - settings.minPeriod)) / (settings.periodBins - 1);
    return Math.min(acrossRadius, Math.ceil(2.5 * settings.sigmaAcrossPeriods * period));
  });
  const outAt = arena.allocate(4 * width * height);
  arena.kernels.filterAcrossRidges(
    smoothedAt,
    frame.binsAt,
    arena.copyIn(mask.data),
    arena.copyIn(blockPeriodBins(periods, mask, settings)),
    outAt,
    width,
    height,
    margin,
    mask.blockSize,
    mask.blocksX,
    mask.blocksY,
    acrossRadius,
    arena.copyIn(acrossOffsets),
    arena.copyIn(acrossKernels),
    arena.copyIn(reaches),
  );
  return outAt;
}

/** Index of each foreground block's ridge period among the `periodBins` kernel periods. */
function blockPeriodBins(periods: PeriodField, mask: BlockMask, settings: EnhancementSettings): Uint8Array {
  const periodStep = (settings.maxPeriod - settings.minPeriod) / (settings.periodBins - 1);
  const out = new Uint8Array(mask.data.length);
  for (let b = 0; b < out.length; b++) {
    if (mask.data[b]) out[b] = Math.round((periods.period[b] - settings.minPeriod) / periodStep);
  }
  return out;
}

/** Index offsets of the pixels on a line through the origin for every orientation bin. */
function lineOffsets(bins: number, radius: number, stride: number, rotation: number): Int32Array {
  const taps = 2 * radius + 1;
  const offsets = new Int32Array(bins * taps);
  for (let b = 0; b < bins; b++) {
    const theta = (b * Math.PI) / bins + rotation;
    const dx = Math.cos(theta);
    const dy = Math.sin(theta);
    for (let t = -radius; t <= radius; t++) offsets[b * taps + t + radius] = Math.round(t * dy) * stride + Math.round(t * dx);
  }
  return offsets;
}

/** Zero-mean cos·Gaussian across-ridge kernels, one per quantised ridge period. */
function periodKernels(settings: EnhancementSettings, radius: number): Float32Array {
  const taps = 2 * radius + 1;
  const kernels = new Float32Array(settings.periodBins * taps);
  const step = (settings.maxPeriod - settings.minPeriod) / (settings.periodBins - 1);
  for (let b = 0; b < settings.periodBins; b++) {
    const period = settings.minPeriod + b * step;
    const sigma = settings.sigmaAcrossPeriods * period;
    const reach = Math.min(radius, Math.ceil(2.5 * sigma));
    let sumWave = 0;
    let sumGauss = 0;
    const gauss = new Float32Array(taps);
    for (let t = -reach; t <= reach; t++) {
      const g = Math.exp((-t * t) / (2 * sigma * sigma));
      gauss[t + radius] = g;
      kernels[b * taps + t + radius] = g * Math.cos((2 * Math.PI * t) / period);
      sumWave += kernels[b * taps + t + radius];
      sumGauss += g;
    }
    // Remove the DC response so uniform brightness gives 0, then normalise the peak gain to ~1.
    let energy = 0;
    for (let k = 0; k < taps; k++) {
      kernels[b * taps + k] -= (gauss[k] * sumWave) / sumGauss;
      energy += kernels[b * taps + k] * Math.cos((2 * Math.PI * (k - radius)) / period);
    }
    for (let k = 0; k < taps; k++) kernels[b * taps + k] /= energy || 1;
  }
  return kernels;
}

/** The mask's blocks and those within `growBlocks` blocks of one (Chebyshev distance). */
function grownBlocks(mask: BlockMask, growBlocks: number): Uint8Array {
  const { blocksX: bw, blocksY: bh, data } = mask;
  const grown = new Uint8Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      if (!data[by * bw + bx]) continue;
      for (let y = Math.max(0, by - growBlocks); y <= Math.min(bh - 1, by + growBlocks); y++) {
        for (let x = Math.max(0, bx - growBlocks); x <= Math.min(bw - 1, bx + growBlocks); x++) grown[y * bw + x] = 1;
      }
    }
  }
  return grown;
}
