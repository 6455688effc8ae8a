import { BiometricError } from '../errors.ts';
import { checkEncodedSize, checkSourceDimensions } from '../fingerprint/image/validation.ts';
import { wsqCorrupt, wsqUnsupported } from './errors.ts';
import { BitReader, HuffmanDecoder, type HuffmanTable, readHuffmanTables, Symbol } from './huffman.ts';
import { layoutFor, MIN_WSQ_SIDE } from './layout.ts';
import { ByteReader, hex, Marker } from './markers.ts';
import { codedCoefficientCount, dequantize, type QuantizationTable, readQuantizationTable } from './quantization.ts';
import { type FrameHeader, isNistComment, nistCommentPpi, readFrameHeader, readTransformTable } from './segments.ts';
import { type FilterBank, reconstruct } from './wavelet.ts';

export interface WsqImage {
  readonly width: number;
  readonly height: number;
  /** Resolution from the NISTCOM comment, when the file has one with a PPI field. */
  readonly ppi: number | undefined;
  /** 8-bit gray, row-major, 0 = black. */
  readonly data: Uint8Array;
}

/** Tables in force while reading: a later DTT/DQT/DHT replaces an earlier one. */
interface Tables {
  filters?: FilterBank;
  quantization?: QuantizationTable;
  readonly huffman: Map<number, HuffmanTable>;
  ppi?: number;
  sawNistComment: boolean;
}

/**
 * Decodes a WSQ (FBI IAFIS-IC-0110) file. Throws BiometricError IMAGE_CORRUPT for anything
 * truncated or inconsistent, IMAGE_TOO_LARGE / IMAGE_TOO_SMALL outside the size limits, and
 * WSQ_UNSUPPORTED for the options this decoder does not implement (see README).
 */
export function decodeWsq(bytes: Uint8Array): WsqImage {
  checkEncodedSize(bytes.length);
  const reader = new ByteReader(bytes);
  if (reader.remaining < 2 || reader.u16() !== Marker.SOI) throw wsqCorrupt('no SOI marker');
  const tables: Tables = { huffman: new Map(), sawNistComment: false };

  let marker = reader.u16();
  while (marker !== Marker.SOF) {
    readTableSegment(marker, reader, tables, 'before the frame header');
    marker = reader.u16();
  }
  const frame = readFrameHeader(reader.segment(Marker.SOF));
  checkFrame(frame);
  const layout = layoutFor(frame.width, frame.height);

  let indices: Int32Array | undefined;
  let decoded = 0;
  marker = reader.u16();
  while (marker !== Marker.EOI) {
    if (marker !== Marker.SOB) {
      readTableSegment(marker, reader, tables, 'between blocks');
      marker = reader.u16();
      continue;
    }
    if (!tables.quantization) throw wsqCorrupt('block before the quantization table');
    indices ??= new Int32Array(codedCoefficientCount(layout.subbands, tables.quantization));
    const header = reader.segment(Marker.SOB);
    const tableId = header.u8();
    header.expectEnd('SOB');
    const table = tables.huffman.get(tableId);
    if (!table) throw wsqCorrupt('block uses an undefined Huffman table', { tableId });
    const bits = new BitReader(bytes, reader.position);
    decoded = decodeBlock(bits, new HuffmanDecoder(table), indices, decoded);
    reader.position = bits.position;
    marker = bits.marker!;
  }
  if (!indices || !tables.filters || !tables.quantization) throw wsqCorrupt('missing image data or tables');
  if (decoded !== indices.length) throw wsqCorrupt('fewer coefficients than the image needs', { decoded, expected: indices.length });

  const plane = new Float32Array(frame.width * frame.height);
  dequantize(indices, plane, frame.width, layout.subbands, tables.quantization);
  reconstruct(plane, frame.width, layout.splits, tables.filters);
  return { width: frame.width, height: frame.height, ppi: tables.ppi, data: toGray(plane, frame) };
}

function checkFrame(frame: FrameHeader): void {
  checkSourceDimensions(frame.width, frame.height);
  if (frame.width < MIN_WSQ_SIDE || frame.height < MIN_WSQ_SIDE) {
    throw new BiometricError(
      'IMAGE_TOO_SMALL',
      `La imagen WSQ es demasiado pequeña (${frame.width}×${frame.height} px; mínimo ${MIN_WSQ_SIDE}×${MIN_WSQ_SIDE}).`,
      { width: frame.width, height: frame.height, minSide: MIN_WSQ_SIDE },
    );
  }
}

function readTableSegment(marker: number, reader: ByteReader, tables: Tables, where: string): void {
  switch (marker) {
    case Marker.DTT:
      tables.filters = readTransformTable(reader.segment(marker));
      return;
    case Marker.DQT:
      tables.quantization = readQuantizationTable(reader.segment(marker));
      return;
    case Marker.DHT:
      readHuffmanTables(reader.segment(marker), tables.huffman);
      return;
    case Marker.COM: {
      const segment = reader.segment(marker);
      const text = new TextDecoder('latin1').decode(segment.take(segment.remaining));
      // The first NISTCOM is the image's own; later ones (e.g. appended by tools) do not override.
      if (isNistComment(text) && !tables.sawNistComment) {
        tables.sawNistComment = true;
        tables.ppi = nistCommentPpi(text);
      }
      return;
    }
    case Marker.DRT:
      throw wsqUnsupported('restart intervals (DRT)');
    default:
      throw wsqCorrupt(`unexpected marker ${where}`, { marker: hex(marker) });
  }
}

/**
 * Huffman-decodes one block's run-length symbols into `indices` from `start`; returns the new
 * fill level. Every symbol consumes input and every write is bounded by `indices.length`, so
 * garbage ends in an error, never a loop or an overrun.
 */
function decodeBlock(bits: BitReader, huffman: HuffmanDecoder, indices: Int32Array, start: number): number {
  let p = start;
  const capacity = indices.length;
  const zeros = (run: number): void => {
    if (run > capacity - p) throw wsqCorrupt('more coefficients than the image holds');
    p += run; // indices start zeroed
  };
  const put = (value: number): void => {
    if (p >= capacity) throw wsqCorrupt('more coefficients than the image holds');
    indices[p++] = value;
  };
  for (;;) {
    const symbol = huffman.read(bits);
    if (symbol < 0) return p;
    if (symbol >= 1 && symbol <= Symbol.MAX_RUN) zeros(symbol);
    else if (symbol > Symbol.RUN_16 && symbol < 0xff) put(symbol - Symbol.COEFFICIENT_OFFSET);
    else if (symbol === Symbol.POSITIVE_8) put(bits.bits(8));
    else if (symbol === Symbol.NEGATIVE_8) put(-bits.bits(8));
    else if (symbol === Symbol.POSITIVE_16) put(bits.bits(16));
    else if (symbol === Symbol.NEGATIVE_16) put(-bits.bits(16));
    else if (symbol === Symbol.RUN_8) zeros(bits.bits(8));
    else if (symbol === Symbol.RUN_16) zeros(bits.bits(16));
    else throw wsqCorrupt('invalid symbol in compressed data', { symbol });
  }
}

/** Wavelet domain → gray levels: undo the encoder's normalisation, round, clip to 0–255. */
function toGray(plane: Float32Array, frame: FrameHeader): Uint8Array {
  const gray = new Uint8Array(plane.length);
  for (let i = 0; i < plane.length; i++) {
    const value = Math.floor(plane[i] * frame.scale + frame.shift + 0.5);
    gray[i] = value < 0 ? 0 : value > 255 ? 255 : value;
  }
  return gray;
}
