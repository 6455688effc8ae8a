import type { FingerprintTemplate, Minutia } from '../fingerprint/types.ts';
import { ByteReader, ByteWriter, corrupt, guardDecode, invalid, startsWith, unsupported } from './bytes.ts';

/**
 * The engine's own storage format: small, exact at our working resolution, and checksummed,
 * because templates sit in a database for years and silent bit rot must be caught on read.
 *
 *   offset size  field
 *   0      4     magic "SFT" 0x00 (SIAP fingerprint template)
 *   4      1     format version (1)
 *   5      1     flags (0; reserved)
 *   6      2     image width, pixels at 500 dpi
 *   8      2     image height
 *   10     2     minutia count n
 *   12     8·n   minutiae: x u16, y u16, direction u16 (1/65536 turn, the types.ts convention),
 *                type u8 (0 ending, 1 bifurcation), quality u8 (0..100)
 *   12+8n  4     CRC-32 (IEEE 802.3) of all preceding bytes
 * All integers big-endian.
 */
export const COMPACT_MAGIC = [0x53, 0x46, 0x54, 0x00] as const;
export const COMPACT_VERSION = 1;
const HEADER_BYTES = 12;
const MINUTIA_BYTES = 8;
const CRC_BYTES = 4;
const TURN = 2 * Math.PI;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = 0; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function uint16(value: number, what: string, min = 0): number {
  if (!Number.isFinite(value)) throw invalid(`${what} is not a finite number`, { value });
  const v = Math.round(value);
  if (v < min || v > 0xffff) throw invalid(`${what} out of range`, { value });
  return v;
}

/** Direction in 1/65536 turn; any finite angle is wrapped into [0, 2π) first. */
export function quantizeDirection16(direction: number): number {
  if (!Number.isFinite(direction)) throw invalid('minutia direction is not a finite number', { direction });
  const turns = direction / TURN - Math.floor(direction / TURN);
  return Math.round(turns * 65536) & 0xffff;
}

export function encodeTemplate(template: FingerprintTemplate): Uint8Array {
  const width = uint16(template.width, 'width', 1);
  const height = uint16(template.height, 'height', 1);
  const count = template.minutiae.length;
  if (count > 0xffff) throw invalid('too many minutiae', { count });
  const w = new ByteWriter();
  w.bytes(COMPACT_MAGIC).u8(COMPACT_VERSION).u8(0).u16(width).u16(height).u16(count);
  for (const m of template.minutiae) {
    if (m.type !== 'ending' && m.type !== 'bifurcation') throw invalid('unknown minutia type', { type: m.type });
    if (!Number.isFinite(m.quality)) throw invalid('minutia quality is not a finite number');
    w.u16(uint16(m.x, 'minutia x'))
      .u16(uint16(m.y, 'minutia y'))
      .u16(quantizeDirection16(m.direction))
      .u8(m.type === 'ending' ? 0 : 1)
      .u8(Math.min(100, Math.max(0, Math.round(m.quality))));
  }
  const body = w.toBytes();
  w.u32(crc32(body));
  return w.toBytes();
}

export function decodeTemplate(bytes: Uint8Array): FingerprintTemplate {
  return guardDecode(bytes, (b) => {
    if (!startsWith(b, COMPACT_MAGIC)) throw corrupt('bad magic');
    const r = new ByteReader(b);
    r.skip(COMPACT_MAGIC.length, 'magic');
    const version = r.u8('version');
    if (version !== COMPACT_VERSION) throw unsupported('compact template version', { version });
    r.u8('flags');
    const width = r.u16('width');
    const height = r.u16('height');
    const count = r.u16('minutia count');
    const expected = HEADER_BYTES + MINUTIA_BYTES * count + CRC_BYTES;
    if (b.length !== expected) throw corrupt('length does not match minutia count', { length: b.length, expected });
    const stored = (b[expected - 4] * 0x1000000 + ((b[expected - 3] << 16) | (b[expected - 2] << 8) | b[expected - 1])) >>> 0;
    if (crc32(b, expected - CRC_BYTES) !== stored) throw corrupt('checksum mismatch');
    if (width === 0 || height === 0) throw corrupt('zero image size');
    const minutiae: Minutia[] = [];
    for (let i = 0; i < count; i++) {
      const x = r.u16('minutia x');
      const y = r.u16('minutia y');
      const direction = (r.u16('minutia direction') / 65536) * TURN;
      const type = r.u8('minutia type');
      const quality = r.u8('minutia quality');
      if (type > 1) throw corrupt('unknown minutia type', { index: i, type });
      if (quality > 100) throw corrupt('minutia quality above 100', { index: i, quality });
      minutiae.push({ x, y, direction, type: type === 0 ? 'ending' : 'bifurcation', quality });
    }
    return { width, height, minutiae };
  });
}
