import { type BlockGrid, type BlockMask, smoothOverMask } from './block-map.ts';
import type { OrientationField } from './orientation.ts';

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
  const across = settings.windowAcross;
  const along = settings.windowAlong;
  const signature = new Float32Array(across);
  const maxLag = Math.min(across - 2, Math.ceil(settings.maxPeriod) + 1);
  const correlation = new Float32Array(maxLag + 2);
  for (let b = 0; b < n; b++) {
    if (!mask.data[b]) continue;
    const cx = (b % bw) * blockSize + blockSize / 2;
    const cy = ((b / bw) | 0) * blockSize + blockSize / 2;
    const theta = orientation.angle[b];
    const dx = Math.cos(theta);
    const dy = Math.sin(theta);
    if (!windowInside(cx, cy, dx, dy, across, along, width, height)) continue;
    for (let k = 0; k < across; k++) {
      const t = k - across / 2;
      let sum = 0;
      for (let l = 0; l < along; l++) {
        const u = l - along / 2;
        const fx = cx - t * dy + u * dx + 0.5;
        const fy = cy + t * dx + u * dy + 0.5;
        sum += image[(fy | 0) * width + (fx | 0)];
      }
      signature[k] = sum;
    }
    let mean = 0;
    for (let k = 0; k < across; k++) mean += signature[k];
    mean /= across;
    for (let k = 0; k < across; k++) signature[k] -= mean;
    for (let lag = 0; lag <= maxLag + 1; lag++) {
      let sum = 0;
      for (let k = 0; k + lag < across; k++) sum += signature[k] * signature[k + lag];
      correlation[lag] = sum;
    }
    if (correlation[0] <= 1e-6) continue;
    let bestLag = -1;
    let best = settings.minCorrelation * correlation[0];
    for (let lag = Math.max(2, Math.floor(settings.minPeriod)); lag <= maxLag; lag++) {
      const c = correlation[lag];
      if (c > best && c >= correlation[lag - 1] && c >= correlation[lag + 1]) {
        best = c;
        bestLag = lag;
      }
    }
    if (bestLag < 0) continue;
    // Parabolic interpolation of the peak for a sub-pixel period.
    const l = correlation[bestLag - 1];
    const r = correlation[bestLag + 1];
    const curvature = l - 2 * best + r;
    const offset = curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / curvature)) : 0;
    const p = bestLag + offset;
    if (p < settings.minPeriod || p > settings.maxPeriod) continue;
    period[b] = p;
    reliable[b] = 1;
  }
  const filled = fillUnreliable(period, reliable, settings.defaultPeriod);
  const smoothed = smoothOverMask(filled, mask, mask.data, settings.smoothingSigma);
  for (let i = 0; i < n; i++) smoothed[i] = Math.max(settings.minPeriod, Math.min(settings.maxPeriod, smoothed[i] || settings.defaultPeriod));
  return { blocksX: bw, blocksY: bh, blockSize, period: smoothed, reliable };
}

/**
 * Whether every sample of the oriented window falls inside the image. A sample's coordinate is
 * (c ∓ t·d1) + u·d2 + 0.5 in float64, and rounding is monotonic, so it is monotonic in t and in
 * u: the extremes are at the four corners, the same float expressions the sampling loop uses.
 * One test per block instead of one per sample (512).
 */
function windowInside(cx: number, cy: number, dx: number, dy: number, across: number, along: number, width: number, height: number): boolean {
  for (const k of [0, across - 1]) {
    const t = k - across / 2;
    for (const l of [0, along - 1]) {
      const u = l - along / 2;
      const fx = cx - t * dy + u * dx + 0.5;
      const fy = cy + t * dx + u * dy + 0.5;
      if (fx < 0 || fy < 0 || fx >= width || fy >= height) return false;
    }
  }
  return true;
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
