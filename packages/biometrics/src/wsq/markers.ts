import { wsqCorrupt } from './errors.ts';

/** Marker codes of IAFIS-IC-0110 (WSQ), two bytes big-endian, all in the 0xFFA0–0xFFA8 range. */
export const Marker = {
  SOI: 0xffa0,
  EOI: 0xffa1,
  SOF: 0xffa2,
  SOB: 0xffa3,
  DTT: 0xffa4,
  DQT: 0xffa5,
  DHT: 0xffa6,
  DRT: 0xffa7,
  COM: 0xffa8,
} as const;

export function isWsq(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xa0;
}

/**
 * Big-endian reader over a byte range that never reads past its end: every read either returns a
 * value or throws IMAGE_CORRUPT ("truncated"), so a hostile length field cannot cause an
 * out-of-range access or an unbounded loop.
 */
export class ByteReader {
  constructor(
    private readonly bytes: Uint8Array,
    public position = 0,
    private readonly end = bytes.length,
  ) {}

  get remaining(): number {
    return this.end - this.position;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.position++];
  }

  u16(): number {
    this.need(2);
    const value = (this.bytes[this.position] << 8) | this.bytes[this.position + 1];
    this.position += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.position;
    this.position += 4;
    return ((b[p] << 24) >>> 0) + (b[p + 1] << 16) + (b[p + 2] << 8) + b[p + 3];
  }

  take(length: number): Uint8Array {
    this.need(length);
    const out = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return out;
  }

  /**
   * The payload of a marker segment whose 2-byte length field (which counts itself) comes next,
   * as a reader bounded to that payload.
   */
  segment(marker: number): ByteReader {
    const length = this.u16();
    if (length < 2) throw wsqCorrupt('segment length below 2', { marker: hex(marker), length });
    this.need(length - 2);
    const payload = new ByteReader(this.bytes, this.position, this.position + length - 2);
    this.position += length - 2;
    return payload;
  }

  /** The segment must be fully consumed: trailing bytes mean the length field lies. */
  expectEnd(what: string): void {
    if (this.remaining !== 0) throw wsqCorrupt(`${what} segment length does not match its content`, { extra: this.remaining });
  }

  private need(count: number): void {
    if (count > this.end - this.position) throw wsqCorrupt('truncated', { at: this.position, wanted: count });
  }
}

/** Growable big-endian writer. */
export class ByteWriter {
  private buffer = new Uint8Array(4096);
  length = 0;

  u8(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value & 0xff;
  }

  u16(value: number): void {
    this.u8(value >>> 8);
    this.u8(value);
  }

  u32(value: number): void {
    this.u16(Math.floor(value / 0x10000));
    this.u16(value % 0x10000);
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** Writes `marker`, then a segment whose length field is filled in after `body` has run. */
  segment(marker: number, body: (writer: ByteWriter) => void): void {
    this.u16(marker);
    const lengthAt = this.length;
    this.u16(0);
    body(this);
    const length = this.length - lengthAt;
    this.buffer[lengthAt] = length >>> 8;
    this.buffer[lengthAt + 1] = length & 0xff;
  }

  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

export function hex(marker: number): string {
  return `0x${marker.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * WSQ stores real numbers as an integer and a decimal exponent: value = integer / 10^scale
 * (a byte scale, then a 16- or 32-bit unsigned integer). Encoders keep as many significant
 * digits as the integer width allows.
 */
export function readScaled(reader: ByteReader, integerBytes: 2 | 4): number {
  const scale = reader.u8();
  const integer = integerBytes === 2 ? reader.u16() : reader.u32();
  return integer / 10 ** scale;
}

export function writeScaled(writer: ByteWriter, value: number, integerBytes: 2 | 4): void {
  const max = integerBytes === 2 ? 0xffff : 0xffffffff;
  const magnitude = Math.abs(value);
  if (!Number.isFinite(magnitude) || Math.round(magnitude) > max) throw new RangeError(`WSQ scaled value out of range: ${value}`);
  let scale = 0;
  // Largest exponent whose rounded integer still fits: ~5 significant digits in 16 bits, ~10 in 32.
  while (magnitude > 0 && scale < 30 && Math.round(magnitude * 10 ** (scale + 1)) <= max) scale++;
  writer.u8(scale);
  const integer = Math.round(magnitude * 10 ** scale);
  if (integerBytes === 2) writer.u16(integer);
  else writer.u32(integer);
}

/** The value `writeScaled` stores for `value` reads back as (the encoder quantises with this). */
export function roundTripScaled(value: number, integerBytes: 2 | 4): number {
  const writer = new ByteWriter();
  writeScaled(writer, value, integerBytes);
  return readScaled(new ByteReader(writer.toBytes()), integerBytes);
}
