import { BiometricError } from '../errors.ts';

/** Stable error codes of the template codecs. */
export const TEMPLATE_CORRUPT = 'TEMPLATE_CORRUPT';
export const TEMPLATE_UNSUPPORTED = 'TEMPLATE_UNSUPPORTED';
export const TEMPLATE_INVALID = 'TEMPLATE_INVALID';

export function corrupt(reason: string, details: Record<string, unknown> = {}): BiometricError {
  return new BiometricError(TEMPLATE_CORRUPT, 'La plantilla de huella está dañada o incompleta.', { reason, ...details });
}

/** `message`, when given, is the Spanish text for people (e.g. naming the version found). */
export function unsupported(reason: string, details: Record<string, unknown> = {}, message?: string): BiometricError {
  return new BiometricError(TEMPLATE_UNSUPPORTED, message ?? 'El formato o la versión de la plantilla de huella no es compatible.', {
    reason,
    ...details,
  });
}

export function invalid(reason: string, details: Record<string, unknown> = {}): BiometricError {
  return new BiometricError(TEMPLATE_INVALID, 'La plantilla de huella no se puede codificar en este formato.', {
    reason,
    ...details,
  });
}

/**
 * Runs a decoder so that, whatever the input, the caller sees either a result or a
 * BiometricError: a bug that slips past the explicit checks still surfaces as TEMPLATE_CORRUPT
 * rather than as a RangeError with a stack trace.
 */
export function guardDecode<T>(bytes: unknown, decode: (bytes: Uint8Array) => T): T {
  if (!(bytes instanceof Uint8Array)) throw corrupt('input is not a byte array');
  try {
    return decode(bytes);
  } catch (e) {
    if (e instanceof BiometricError) throw e;
    throw corrupt('unexpected decoding failure', { cause: String(e) });
  }
}

/** Big-endian reader that never reads past its end: it throws TEMPLATE_CORRUPT instead. */
export class ByteReader {
  private pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly end: number = bytes.length,
  ) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.end) throw corrupt(`truncated at ${what}`, { offset: this.pos });
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const v = (this.bytes[this.pos] << 8) | this.bytes[this.pos + 1];
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
  }

  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }
}

/** Big-endian writer into a growable buffer. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private pos = 0;

  get offset(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf[this.pos++] = (v >>> 24) & 0xff;
    this.buf[this.pos++] = (v >>> 16) & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  bytes(data: ArrayLike<number>): this {
    this.ensure(data.length);
    for (let i = 0; i < data.length; i++) this.buf[this.pos++] = data[i] & 0xff;
    return this;
  }

  /** Overwrites a big-endian 32-bit value at an earlier offset (record lengths). */
  patchU32(at: number, v: number): void {
    this.buf[at] = (v >>> 24) & 0xff;
    this.buf[at + 1] = (v >>> 16) & 0xff;
    this.buf[at + 2] = (v >>> 8) & 0xff;
    this.buf[at + 3] = v & 0xff;
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** True when `bytes` starts with `prefix`. */
export function startsWith(bytes: Uint8Array, prefix: ArrayLike<number>): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
