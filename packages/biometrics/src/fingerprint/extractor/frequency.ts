import { type BlockGrid, type BlockMask, smoothOverMask } from './block-map.ts';
import type { OrientationField } from './orientation.ts';
import { kernelArena } from './wasm-kernels.ts';

export interface FrequencySettings {
  windowAcross: number;
  windowAlong: number;
  minPeriod: number;
  maxPeriod: number;
  defaultPeriod: number;
  minCorrelation: number;
  smoothingSigma: number;
}

/** Ridge period (px per ridge-valley cycle) per block. */
export interface PeriodField extends BlockGrid {
  readonly period: Float32Array;
  /** Blocks whose own estimate was reliable (the rest are interpolated). */
  readonly reliable: Uint8Array;
}

/**
 * Ridge period by the oriented-window "x-signature" of Hong, Wan & Jain (1998): gray levels are
 * averaged along the ridges and sampled across them; the signature is then a sinusoid whose
 * period is the ridge period. The period is taken from the signature's autocorrelation peak
 * rather than by counting peaks, which is less fooled by a missing or split ridge. Unreliable
 * blocks are filled from reliable neighbours and the field is smoothed.
 */
export function ridgePeriods(image: Float32Array, width: number, height: number, orientation: OrientationField, mask: BlockMask, settings: FrequencySettings): PeriodField {
  const { blocksX: bw, blocksY: bh, blockSize } = mask;
  const n = bw * bh;
  const period = new Float32Array(n);
  const reliable = new Uint8Array(n);
  // The sampling (512 samples a block) and autocorrelation run compiled (assembly/frequency.ts);
  // the angles' cosines and sines are taken here, with JavaScript's Math as before.
  const cosines = new Float64Array(n);
  const sines = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    if (!mask.data[b]) continue;
    cosines[b] = Math.cos(orientation.angle[b]);
    sines[b] = Math.sin(orientation.angle[b]);
  }
  const across = settings.windowAcross;
  const maxLag = Math.min(across - 2, Math.ceil(settings.maxPeriod) + 1);
  const arena = kernelArena(width * height);
  // Zeros: the kernel writes only the blocks where it finds a period.
  const periodAt = arena.copyIn(period);
  const reliableAt = arena.copyIn(reliable);
  arena.kernels.blockPeriods(
    arena.copyIn(image),
    width,
    height,
    arena.copyIn(mask.data),
    arena.copyIn(cosines),
    arena.copyIn(sines),
    periodAt,
    reliableAt,
    bw,
    n,
    blockSize,
    across,
    settings.windowAlong,
    maxLag,
    settings.minPeriod,
    settings.maxPeriod,
    settings.minCorrelation,
    arena.allocate(4 * across),
    arena.allocate(4 * (maxLag + 2)),
  );
  period.set(arena.float32(periodAt, n));
  reliable.set(arena.uint8(reliableAt, n));
  const filled = fillUnreliable(period, reliable, settings.defaultPeriod);
  const smoothed = smoothOverMask(filled, mask, mask.data, settings.smoothingSigma);
  for (let i = 0; i < n; i++) smoothed[i] = Math.max(settings.minPeriod, Math.min(settings.maxPeriod, smoothed[i] || settings.defaultPeriod));
  return { blocksX: bw, blocksY: bh, blockSize, period: smoothed, reliable };
}

/** Unreliable blocks take the median of reliable foreground blocks (robust; the field is smooth anyway). */
function fillUnreliable(period: Float32Array, reliable: Uint8Array, fallback: number): Float32Array {
  const values: number[] = [];
  for (let i = 0; i < period.length; i++) if (reliable[i]) values.push(period[i]);
  values.sort((a, b) => a - b);
  const median = values.length >= 4 ? values[values.length >> 1] : fallback;
  const out = new Float32Array(period.length);
  for (let i = 0; i < period.length; i++) out[i] = reliable[i] ? period[i] : median;
  return out;
}
