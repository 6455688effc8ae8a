import { wsqCorrupt, wsqUnsupported } from './errors.ts';
import { type ByteReader, type ByteWriter, readScaled, writeScaled } from './markers.ts';
import type { FilterBank } from './wavelet.ts';

/** SOF: image size and the shift/scale that map the wavelet domain back to gray levels. */
export interface FrameHeader {
  readonly width: number;
  readonly height: number;
  /** Gray level = coefficient · scale + shift (the encoder's mean and range/128). */
  readonly shift: number;
  readonly scale: number;
  readonly encoder: number;
  readonly software: number;
}

export function readFrameHeader(segment: ByteReader): FrameHeader {
  segment.u8(); // black level: informative, decoders output 0–255
  segment.u8(); // white level
  const height = segment.u16();
  const width = segment.u16();
  const shift = readScaled(segment, 2);
  const scale = readScaled(segment, 2);
  const encoder = segment.u8();
  const software = segment.u16();
  segment.expectEnd('SOF');
  return { width, height, shift, scale, encoder, software };
}

/**
 * Encoder number 2 and software number 0 are what the NIST reference encoder writes; a software
 * number other than 0 is assigned by the FBI on certification, which this codec does not have.
 */
export function writeFrameHeader(writer: ByteWriter, frame: Pick<FrameHeader, 'width' | 'height' | 'shift' | 'scale'>): void {
  writer.u8(0);
  writer.u8(255);
  writer.u16(frame.height);
  writer.u16(frame.width);
  writeScaled(writer, frame.shift, 2);
  writeScaled(writer, frame.scale, 2);
  writer.u8(2);
  writer.u16(0);
}

/** Longest filter accepted in a DTT table (the FBI's are 9 and 7 taps). */
const MAX_FILTER_TAPS = 31;

/**
 * DTT: the analysis filters, each symmetric and sent as its centre tap and one side (sign byte,
 * decimal exponent, 32-bit integer per tap), low-pass first.
 */
export function readTransformTable(segment: ByteReader): FilterBank {
  const lowTaps = segment.u8();
  const highTaps = segment.u8();
  for (const taps of [lowTaps, highTaps]) {
    if (taps === 0 || taps > MAX_FILTER_TAPS) throw wsqCorrupt('filter length out of range', { taps });
    if (taps % 2 === 0) throw wsqUnsupported('even-length wavelet filters', { taps });
  }
  const half = (taps: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < (taps + 1) / 2; i++) {
      const negative = segment.u8() !== 0;
      const value = readScaled(segment, 4);
      out.push(negative ? -value : value);
    }
    return out;
  };
  const low = half(lowTaps);
  const high = half(highTaps);
  segment.expectEnd('DTT');
  return { low, high };
}

export function writeTransformTable(writer: ByteWriter, bank: FilterBank): void {
  writer.u8(2 * bank.low.length - 1);
  writer.u8(2 * bank.high.length - 1);
  for (const tap of [...bank.low, ...bank.high]) {
    writer.u8(tap < 0 ? 1 : 0);
    writeScaled(writer, Math.abs(tap), 4);
  }
}

/** The NIST comment (NISTCOM): "NAME value" lines, the first being "NIST_COM <field count>". */
const NISTCOM_HEADER = 'NIST_COM';

export function isNistComment(text: string): boolean {
  return text.startsWith(NISTCOM_HEADER);
}

/** The PPI field of a NISTCOM, or undefined when absent, unknown (-1) or not a number. */
export function nistCommentPpi(text: string): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^PPI[ \t]+(-?\d+)\s*$/.exec(line);
    if (match) {
      const ppi = Number(match[1]);
      return ppi > 0 ? ppi : undefined;
    }
  }
  return undefined;
}

export function nistComment(fields: { width: number; height: number; ppi: number | undefined; bitRate: number }): string {
  const entries: [string, string][] = [
    ['PIX_WIDTH', String(fields.width)],
    ['PIX_HEIGHT', String(fields.height)],
    ['PIX_DEPTH', '8'],
    ['PPI', String(fields.ppi ?? -1)],
    ['LOSSY', '1'],
    ['COLORSPACE', 'GRAY'],
    ['COMPRESSION', 'WSQ'],
    ['WSQ_BITRATE', fields.bitRate.toFixed(6)],
  ];
  return [`${NISTCOM_HEADER} ${entries.length + 1}`, ...entries.map(([name, value]) => `${name} ${value}`)].join('\n');
}
