import { BiometricError } from '../errors.ts';
import { checkSourceDimensions } from '../fingerprint/image/validation.ts';
import type { GrayImage } from '../primitives/gray-image.ts';
import { BitWriter, buildHuffmanTable, HuffmanEncoder, type HuffmanTable, Symbol, writeHuffmanTable } from './huffman.ts';
import { BLOCK_STARTS, CODED_SUBBANDS, layoutFor, MIN_WSQ_SIDE } from './layout.ts';
import { ByteWriter, Marker, roundTripScaled } from './markers.ts';
import { chooseBinWidths, quantize, subbandVariances, writeQuantizationTable } from './quantization.ts';
import { nistComment, writeFrameHeader, writeTransformTable } from './segments.ts';
import { decompose, FBI_9_7 } from './wavelet.ts';

export interface WsqEncodeOptions {
  /**
   * Target bits per pixel. 0.75 (≈ 15:1) is the FBI's rate for 500 ppi ten-prints; the rule is a
   * model, so the file's real rate lands near it, not on it.
   */
  bitRate?: number;
  /** Written to the NISTCOM comment; undefined writes -1 (unknown). Default 500. */
  ppi?: number | undefined;
}

export const DEFAULT_BIT_RATE = 0.75;
const MAX_BIT_RATE = 8;

/**
 * Encodes 8-bit gray to WSQ (FBI IAFIS-IC-0110): the FBI 9/7 filters, the 64-subband
 * decomposition (60 coded), bin widths from the specification's rate rule, and two optimal
 * Huffman tables (subbands 0–18; 19–59), laid out as the NIST reference encoder lays them out.
 */
export function encodeWsq(image: GrayImage, options: WsqEncodeOptions = {}): Uint8Array {
  const bitRate = options.bitRate ?? DEFAULT_BIT_RATE;
  const ppi = 'ppi' in options ? options.ppi : 500;
  if (!Number.isFinite(bitRate) || bitRate <= 0 || bitRate > MAX_BIT_RATE) {
    throw new BiometricError('WSQ_OPTIONS_INVALID', `La tasa de bits WSQ debe estar entre 0 y ${MAX_BIT_RATE} bits por píxel.`, { bitRate });
  }
  if (ppi !== undefined && (!Number.isInteger(ppi) || ppi <= 0 || ppi > 100000)) {
    throw new BiometricError('WSQ_OPTIONS_INVALID', 'La resolución (ppi) de la imagen WSQ no es válida.', { ppi });
  }
  const { width, height, data } = image;
  checkSourceDimensions(width, height);
  if (data.length !== width * height) {
    throw new BiometricError('IMAGE_CORRUPT', 'Los datos de la imagen no corresponden a sus dimensiones.', { width, height, byteLength: data.length });
  }
  if (width < MIN_WSQ_SIDE || height < MIN_WSQ_SIDE) {
    throw new BiometricError(
      'IMAGE_TOO_SMALL',
      `La imagen es demasiado pequeña para comprimirla en WSQ (${width}×${height} px; mínimo ${MIN_WSQ_SIDE}×${MIN_WSQ_SIDE}).`,
      { width, height, minSide: MIN_WSQ_SIDE },
    );
  }

  const { shift, scale } = normalisation(data);
  const plane = new Float32Array(width * height);
  for (let i = 0; i < plane.length; i++) plane[i] = (data[i] - shift) / scale;
  const layout = layoutFor(width, height);
  decompose(plane, width, layout.splits, FBI_9_7);
  const table = chooseBinWidths(subbandVariances(plane, width, layout.subbands), bitRate);
  const indices = quantize(plane, width, layout.subbands, table);

  const out = new ByteWriter();
  out.u16(Marker.SOI);
  out.segment(Marker.COM, (w) => w.bytes(new TextEncoder().encode(nistComment({ width, height, ppi, bitRate }))));
  out.segment(Marker.DTT, (w) => writeTransformTable(w, FBI_9_7));
  out.segment(Marker.DQT, (w) => writeQuantizationTable(w, table));
  out.segment(Marker.SOF, (w) => writeFrameHeader(w, { width, height, shift, scale }));
  // Block 1 (the low-frequency corner) gets its own table; blocks 2 and 3 share one.
  const blocks = [0, 1, 2].map((b) => blockSymbols(indices.slice(BLOCK_STARTS[b], BLOCK_STARTS[b + 1] ?? CODED_SUBBANDS)));
  const tables = [buildHuffmanTable(symbolCounts([blocks[0]])), buildHuffmanTable(symbolCounts([blocks[1], blocks[2]]))];
  out.segment(Marker.DHT, (w) => writeHuffmanTable(w, 0, tables[0]));
  writeBlock(out, 0, tables[0], blocks[0]);
  out.segment(Marker.DHT, (w) => writeHuffmanTable(w, 1, tables[1]));
  writeBlock(out, 1, tables[1], blocks[1]);
  writeBlock(out, 1, tables[1], blocks[2]);
  out.u16(Marker.EOI);
  return out.toBytes();
}

/**
 * Shift to the mean and scale so the farthest gray level lands at ±128, as stored in the frame
 * header (rounded to the header's precision first, so the decoder undoes exactly what was done).
 */
function normalisation(data: Uint8Array): { shift: number; scale: number } {
  let sum = 0;
  let low = 255;
  let high = 0;
  for (const v of data) {
    sum += v;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const shift = roundTripScaled(sum / data.length, 2);
  const scale = roundTripScaled(Math.max(shift - low, high - shift) / 128, 2);
  // A flat image has no range; any positive scale reproduces it.
  return { shift, scale: scale > 0 ? scale : 1 };
}

/** A block's run-length symbols: [symbol, extra bits value, extra bit count] per entry. */
interface SymbolStream {
  readonly symbols: number[];
  readonly extras: number[];
  readonly extraBits: number[];
}

/**
 * The run-length symbol stream of a block: a zero run becomes one symbol (1–100) or an escape
 * with its length; a coefficient becomes its table symbol or an escape with its magnitude.
 */
function blockSymbols(subbands: readonly Int32Array[]): SymbolStream {
  const stream: SymbolStream = { symbols: [], extras: [], extraBits: [] };
  const emit = (symbol: number, extra = 0, bits = 0): void => {
    stream.symbols.push(symbol);
    stream.extras.push(extra);
    stream.extraBits.push(bits);
  };
  let run = 0;
  const flushRun = (): void => {
    // Runs longer than a 16-bit escape are split (only possible in blocks over 65535 coefficients).
    while (run > 0) {
      const part = Math.min(run, 0xffff);
      if (part <= Symbol.MAX_RUN) emit(part);
      else if (part <= 0xff) emit(Symbol.RUN_8, part, 8);
      else emit(Symbol.RUN_16, part, 16);
      run -= part;
    }
  };
  for (const band of subbands) {
    for (const value of band) {
      if (value === 0) {
        run++;
        continue;
      }
      flushRun();
      if (value >= Symbol.MIN_TABLE_COEFFICIENT && value <= Symbol.MAX_TABLE_COEFFICIENT) emit(value + Symbol.COEFFICIENT_OFFSET);
      else if (value > 0) emit(value > 0xff ? Symbol.POSITIVE_16 : Symbol.POSITIVE_8, value, value > 0xff ? 16 : 8);
      else emit(-value > 0xff ? Symbol.NEGATIVE_16 : Symbol.NEGATIVE_8, -value, -value > 0xff ? 16 : 8);
    }
  }
  flushRun();
  return stream;
}

function symbolCounts(streams: readonly SymbolStream[]): Uint32Array {
  const counts = new Uint32Array(256);
  for (const stream of streams) for (const symbol of stream.symbols) counts[symbol]++;
  return counts;
}

function writeBlock(out: ByteWriter, tableId: number, table: HuffmanTable, stream: SymbolStream): void {
  out.segment(Marker.SOB, (w) => w.u8(tableId));
  const bits = new BitWriter(out);
  const encoder = new HuffmanEncoder(table);
  for (let i = 0; i < stream.symbols.length; i++) {
    encoder.write(bits, stream.symbols[i]);
    if (stream.extraBits[i]) bits.write(stream.extras[i], stream.extraBits[i]);
  }
  bits.flush();
}
