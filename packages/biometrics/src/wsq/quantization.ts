import { wsqCorrupt } from './errors.ts';
import { CODED_SUBBANDS, DQT_SUBBANDS, type Rect } from './layout.ts';
import { type ByteReader, type ByteWriter, readScaled, roundTripScaled, writeScaled } from './markers.ts';

/** The DQT table: bin width Q and zero-bin width Z per subband (Q = 0: subband not coded). */
export interface QuantizationTable {
  /** The reconstruction point inside a bin, as a fraction of Q (encoders write 0.44). */
  readonly binCenter: number;
  readonly binWidths: Float64Array;
  readonly zeroBinWidths: Float64Array;
}

/** Bin centre every encoder of the specification's family writes. */
const BIN_CENTER = 0.44;
/** Zero-bin width as a multiple of the bin width (Z = 1.2·Q). */
const ZERO_BIN_RATIO = 1.2;
/** A subband with a variance below this carries no information worth bits and is not coded. */
const VARIANCE_THRESHOLD = 1.01;
/** Below this summed variance of the four coarsest subbands, variances use whole subbands. */
const SMALL_VARIANCE_SUM = 20000;
/** Largest quantized magnitude: escapes carry 16 bits. */
const MAX_INDEX = 0x7fff;
/** Widths are stored as 16-bit integers; wider than this quantizes everything to 0 anyway. */
const MAX_STORED_WIDTH = 0xffff;

export function readQuantizationTable(segment: ByteReader): QuantizationTable {
  const binCenter = readScaled(segment, 2);
  const binWidths = new Float64Array(DQT_SUBBANDS);
  const zeroBinWidths = new Float64Array(DQT_SUBBANDS);
  for (let k = 0; k < DQT_SUBBANDS; k++) {
    binWidths[k] = readScaled(segment, 2);
    zeroBinWidths[k] = readScaled(segment, 2);
  }
  segment.expectEnd('DQT');
  return { binCenter, binWidths, zeroBinWidths };
}

export function writeQuantizationTable(writer: ByteWriter, table: QuantizationTable): void {
  writeScaled(writer, table.binCenter, 2);
  for (let k = 0; k < DQT_SUBBANDS; k++) {
    writeScaled(writer, table.binWidths[k], 2);
    writeScaled(writer, table.zeroBinWidths[k], 2);
  }
}

/**
 * Per-subband variance as the encoder of the specification estimates it: on a central window of
 * each subband (which avoids the borders, where the symmetric extension distorts statistics), or on
 * whole subbands when the image is so flat that the window would say too little.
 */
export function subbandVariances(data: Float32Array, width: number, subbands: readonly Rect[]): Float64Array {
  const variances = new Float64Array(CODED_SUBBANDS);
  let coarseSum = 0;
  for (let k = 0; k < 4; k++) coarseSum += (variances[k] = variance(data, width, centralWindow(subbands[k])));
  const whole = coarseSum < SMALL_VARIANCE_SUM;
  for (let k = whole ? 0 : 4; k < CODED_SUBBANDS; k++) {
    variances[k] = variance(data, width, whole ? subbands[k] : centralWindow(subbands[k]));
  }
  return variances;
}

function centralWindow(r: Rect): Rect {
  const window = {
    x: r.x + Math.floor(r.width / 8),
    y: r.y + Math.floor((9 * r.height) / 32),
    width: Math.floor((3 * r.width) / 4),
    height: Math.floor((7 * r.height) / 16),
  };
  // Tiny subbands (small images): the window would be empty, so use the whole subband.
  return window.width * window.height >= 2 ? window : r;
}

function variance(data: Float32Array, width: number, r: Rect): number {
  const n = r.width * r.height;
  if (n < 2) return 0;
  let sum = 0;
  let squares = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let i = y * width + r.x, end = i + r.width; i < end; i++) {
      sum += data[i];
      squares += data[i] * data[i];
    }
  }
  return Math.max(0, (squares - (sum * sum) / n) / (n - 1));
}

/**
 * Bin widths for a target bit rate (bits per pixel), by the specification's encoder rule: each
 * subband's width is proportional to a weight over its log-variance (Q'), one constant q sets
 * the overall rate from the high-resolution rate–distortion model, and subbands that would get a
 * non-positive rate are removed from the model until none is left. The model sets the rate of a
 * Laplacian-like source; the measured rate of real images lands near, not at, the target.
 */
export function chooseBinWidths(variances: Float64Array, bitRate: number): QuantizationTable {
  const weight = (k: number): number => (k < 52 ? 1 : [1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08][k - 52]);
  // Fraction of the image each subband covers (1/1024, 1/256, 1/16 in the three size regions).
  const share = (k: number): number => (k < 4 ? 1 / 1024 : k < 51 ? 1 / 256 : 1 / 16);
  const relative = new Float64Array(CODED_SUBBANDS);
  const sigma = new Float64Array(CODED_SUBBANDS);
  const initial: number[] = [];
  for (let k = 0; k < CODED_SUBBANDS; k++) {
    if (!(variances[k] >= VARIANCE_THRESHOLD)) continue;
    relative[k] = k < 4 ? 1 : 10 / (weight(k) * Math.log(variances[k]));
    sigma[k] = Math.sqrt(variances[k]);
    initial.push(k);
  }
  let active = initial;
  let q = 1;
  while (active.length > 0) {
    let s = 0;
    let logP = 0;
    for (const k of active) {
      s += share(k);
      logP += share(k) * Math.log(sigma[k] / relative[k]);
    }
    q = 2 ** (bitRate / s - 1) / 2.5 / Math.exp(logP / s);
    const kept = active.filter((k) => relative[k] / q < 5 * sigma[k]);
    if (kept.length === active.length) break;
    active = kept;
  }
  const binWidths = new Float64Array(DQT_SUBBANDS);
  const zeroBinWidths = new Float64Array(DQT_SUBBANDS);
  for (const k of initial) {
    // Stored as the file will carry them, so encoder and decoder use identical values.
    binWidths[k] = roundTripScaled(Math.min(relative[k] / q, MAX_STORED_WIDTH), 2);
    zeroBinWidths[k] = roundTripScaled(Math.min(ZERO_BIN_RATIO * binWidths[k], MAX_STORED_WIDTH), 2);
  }
  return { binCenter: BIN_CENTER, binWidths, zeroBinWidths };
}

/** Quantized indices of the coded subbands, subband after subband, each row-major. */
export function quantize(data: Float32Array, width: number, subbands: readonly Rect[], table: QuantizationTable): Int32Array[] {
  return subbands.map((r, k) => {
    const q = table.binWidths[k];
    if (q === 0) return new Int32Array(0);
    const halfZero = table.zeroBinWidths[k] / 2;
    const out = new Int32Array(r.width * r.height);
    let o = 0;
    for (let y = r.y; y < r.y + r.height; y++) {
      for (let i = y * width + r.x, end = i + r.width; i < end; i++) {
        const c = data[i];
        let index = 0;
        if (c > halfZero) index = Math.floor((c - halfZero) / q) + 1;
        else if (c < -halfZero) index = Math.ceil((c + halfZero) / q) - 1;
        out[o++] = Math.max(-MAX_INDEX, Math.min(MAX_INDEX, index));
      }
    }
    return out;
  });
}

/** Number of coefficients the file must carry: the area of every subband with a bin width. */
export function codedCoefficientCount(subbands: readonly Rect[], table: QuantizationTable): number {
  let count = 0;
  subbands.forEach((r, k) => {
    if (table.binWidths[k] !== 0) count += r.width * r.height;
  });
  return count;
}

/** Writes dequantized coefficients into the (zeroed) wavelet plane. */
export function dequantize(indices: Int32Array, plane: Float32Array, width: number, subbands: readonly Rect[], table: QuantizationTable): void {
  const c = table.binCenter;
  let p = 0;
  subbands.forEach((r, k) => {
    const q = table.binWidths[k];
    if (q === 0) return;
    const halfZero = table.zeroBinWidths[k] / 2;
    for (let y = r.y; y < r.y + r.height; y++) {
      for (let i = y * width + r.x, end = i + r.width; i < end; i++) {
        const index = indices[p++];
        plane[i] = index > 0 ? q * (index - c) + halfZero : index < 0 ? q * (index + c) - halfZero : 0;
      }
    }
  });
  if (p !== indices.length) throw wsqCorrupt('coefficient count does not match the quantization table', { decoded: indices.length, expected: p });
}
