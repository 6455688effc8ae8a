import type { SplitRegion } from './layout.ts';

/**
 * Analysis filters of a symmetric (whole-sample, odd-length) biorthogonal filter bank, stored
 * from the centre tap outwards: `low[0]` is the centre, `low[k]` = tap at ±k.
 */
export interface FilterBank {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/**
 * The FBI's 9/7 analysis filters (IAFIS-IC-0110, the coefficients every encoder writes in its
 * DTT table): low-pass 9 taps, high-pass 7 taps, centre first.
 */
export const FBI_9_7: FilterBank = {
  low: [0.85269867900940344, 0.3774028556126538, -0.11062440441842342, -0.02384946501938, 0.03782845550699546],
  high: [0.78848561640566439, -0.41809227322221221, -0.04068941760955844, 0.06453888262893845],
};

interface Kernels {
  /** Analysis taps, centre-indexed: `analysisLow[h + j]` is the tap at offset j. */
  readonly analysisLow: Float64Array;
  readonly analysisHigh: Float64Array;
  /**
   * Synthesis as one interleaved filter per output parity: the low band lives on the even samples
   * and the high band on the odd ones, so output sample n sees the synthesis low-pass filter
   * (the modulated analysis high-pass) on neighbours of even index and the synthesis high-pass
   * (the modulated analysis low-pass) on neighbours of odd index.
   */
  readonly synthesisEven: Float64Array;
  readonly synthesisOdd: Float64Array;
  /** Half-width of the widest filter: the extension each side of a line. */
  readonly reach: number;
}

function kernels(bank: FilterBank): Kernels {
  const reach = Math.max(bank.low.length, bank.high.length) - 1;
  const width = 2 * reach + 1;
  const tap = (half: readonly number[], offset: number): number => half[Math.abs(offset)] ?? 0;
  const analysisLow = new Float64Array(width);
  const analysisHigh = new Float64Array(width);
  const synthesisEven = new Float64Array(width);
  const synthesisOdd = new Float64Array(width);
  for (let j = -reach; j <= reach; j++) {
    const sign = j % 2 === 0 ? 1 : -1;
    const synthLow = sign * tap(bank.high, j);
    const synthHigh = sign * tap(bank.low, j);
    analysisLow[reach + j] = tap(bank.low, j);
    analysisHigh[reach + j] = tap(bank.high, j);
    synthesisEven[reach + j] = j % 2 === 0 ? synthLow : synthHigh;
    synthesisOdd[reach + j] = j % 2 === 0 ? synthHigh : synthLow;
  }
  return { analysisLow, analysisHigh, synthesisEven, synthesisOdd, reach };
}

/** Whole-sample symmetric extension: … x2 x1 | x0 x1 … x(n-1) | x(n-2) x(n-3) …, repeated. */
function reflect(index: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  const m = ((index % period) + period) % period;
  return m < length ? m : period - m;
}

class LineBuffers {
  readonly extended: Float64Array;
  readonly out: Float64Array;
  constructor(maxLength: number, readonly k: Kernels) {
    this.extended = new Float64Array(maxLength + 2 * k.reach);
    this.out = new Float64Array(maxLength);
  }
}

/** One level of 1-D analysis of `n` samples at data[offset + i·stride], in place. */
function analyzeLine(data: Float32Array, offset: number, stride: number, n: number, highFirst: boolean, buf: LineBuffers): void {
  const { extended: ext, out, k } = buf;
  const r = k.reach;
  for (let i = -r; i < n + r; i++) ext[r + i] = data[offset + reflect(i, n) * stride];
  const lows = Math.ceil(n / 2);
  const highs = n - lows;
  const lowAt = highFirst ? highs : 0;
  const highAt = highFirst ? 0 : lows;
  const width = 2 * r + 1;
  for (let i = 0; i < lows; i++) {
    let sum = 0;
    const base = 2 * i; // ext[base + t] is the sample at offset t - r from position 2i
    for (let t = 0; t < width; t++) sum += k.analysisLow[t] * ext[base + t];
    out[lowAt + i] = sum;
  }
  for (let i = 0; i < highs; i++) {
    let sum = 0;
    const base = 2 * i + 1;
    for (let t = 0; t < width; t++) sum += k.analysisHigh[t] * ext[base + t];
    out[highAt + i] = sum;
  }
  for (let i = 0; i < n; i++) data[offset + i * stride] = out[i];
}

/** Inverse of `analyzeLine`. */
function synthesizeLine(data: Float32Array, offset: number, stride: number, n: number, highFirst: boolean, buf: LineBuffers): void {
  const { extended: ext, out, k } = buf;
  const r = k.reach;
  const lows = Math.ceil(n / 2);
  const highs = n - lows;
  const lowAt = highFirst ? highs : 0;
  const highAt = highFirst ? 0 : lows;
  // Interleave (low on even samples, high on odd) into out, then extend: reflection about a
  // whole sample keeps parity, so the extended interleaved line is exactly the upsampled bands.
  for (let i = 0; i < lows; i++) out[2 * i] = data[offset + (lowAt + i) * stride];
  for (let i = 0; i < highs; i++) out[2 * i + 1] = data[offset + (highAt + i) * stride];
  for (let i = -r; i < n + r; i++) ext[r + i] = out[reflect(i, n)];
  const width = 2 * r + 1;
  for (let i = 0; i < n; i++) {
    const taps = i % 2 === 0 ? k.synthesisEven : k.synthesisOdd;
    let sum = 0;
    for (let t = 0; t < width; t++) sum += taps[t] * ext[i + t];
    data[offset + i * stride] = sum;
  }
}

/** Forward WSQ wavelet decomposition of a `width`-wide image, in place (rows, then columns). */
export function decompose(data: Float32Array, width: number, splits: readonly SplitRegion[], bank: FilterBank): void {
  const buf = new LineBuffers(Math.max(width, data.length / width), kernels(bank));
  for (const s of splits) {
    for (let row = 0; row < s.height; row++) analyzeLine(data, (s.y + row) * width + s.x, 1, s.width, s.highFirstX, buf);
    for (let col = 0; col < s.width; col++) analyzeLine(data, s.y * width + s.x + col, width, s.height, s.highFirstY, buf);
  }
}

/** Inverse of `decompose`: splits undone children-first, columns then rows. */
export function reconstruct(data: Float32Array, width: number, splits: readonly SplitRegion[], bank: FilterBank): void {
  const buf = new LineBuffers(Math.max(width, data.length / width), kernels(bank));
  for (let n = splits.length - 1; n >= 0; n--) {
    const s = splits[n];
    for (let col = 0; col < s.width; col++) synthesizeLine(data, s.y * width + s.x + col, width, s.height, s.highFirstY, buf);
    for (let row = 0; row < s.height; row++) synthesizeLine(data, (s.y + row) * width + s.x, 1, s.width, s.highFirstX, buf);
  }
}
