import fc from 'fast-check';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTemplate, encodeTemplate } from './compact.ts';
import { TEMPLATE_CORRUPT, TEMPLATE_INVALID, TEMPLATE_UNSUPPORTED } from './bytes.ts';
import { FIXTURE_TEMPLATE, angleDistance, arbitraryTemplate, expectBiometricError, hex } from './test-support.ts';

describe('compact template codec', () => {
  it('writes the documented layout byte for byte', () => {
    const bytes = encodeTemplate(FIXTURE_TEMPLATE);
    const body = hex(`
      53 46 54 00  01  00  01 2C  01 90  00 02
      00 64 00 C8 0000 00 50
      00 0A 00 14 4000 01 32`);
    expect(bytes.length).toBe(body.length + 4);
    expect(Array.from(bytes.subarray(0, body.length))).toEqual(Array.from(body));
    // Trailer: CRC-32 as computed by zlib, an implementation independent of ours.
    const crc = zlibCrc32(body);
    expect(Array.from(bytes.subarray(body.length))).toEqual([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
  });

  it('round-trips any template within quantisation (x, y whole pixels, direction 1/65536 turn)', () => {
    fc.assert(
      fc.property(arbitraryTemplate(300), (t) => {
        const back = decodeTemplate(encodeTemplate(t));
        expect(back.width).toBe(t.width);
        expect(back.height).toBe(t.height);
        expect(back.minutiae).toHaveLength(t.minutiae.length);
        back.minutiae.forEach((m, i) => {
          const o = t.minutiae[i];
          expect(m.x).toBe(o.x);
          expect(m.y).toBe(o.y);
          expect(m.type).toBe(o.type);
          expect(m.quality).toBe(o.quality);
          expect(angleDistance(m.direction, o.direction)).toBeLessThanOrEqual(Math.PI / 65536 + 1e-12);
          expect(m.direction).toBeGreaterThanOrEqual(0);
          expect(m.direction).toBeLessThan(2 * Math.PI);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('wraps directions outside [0, 2π) and rounds fractional positions', () => {
    const t = {
      width: 10,
      height: 10,
      minutiae: [{ x: 2.4, y: 7.6, direction: -Math.PI / 2, type: 'ending' as const, quality: 99.6 }],
    };
    const [m] = decodeTemplate(encodeTemplate(t)).minutiae;
    expect([m.x, m.y, m.quality]).toEqual([2, 8, 100]);
    expect(m.direction).toBeCloseTo((3 * Math.PI) / 2, 4);
  });

  it('rejects every truncation and any flipped bit as corrupt', () => {
    const bytes = encodeTemplate(FIXTURE_TEMPLATE);
    for (let n = 0; n < bytes.length; n++) expectBiometricError(() => decodeTemplate(bytes.subarray(0, n)), [TEMPLATE_CORRUPT]);
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = bytes.slice();
        bad[i] ^= 1 << bit;
        // The version byte is checked before the checksum, so flipping it reads as a newer format.
        const codes = i === 4 ? [TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED] : [TEMPLATE_CORRUPT];
        expectBiometricError(() => decodeTemplate(bad), codes);
      }
    }
    expectBiometricError(() => decodeTemplate(new Uint8Array([...bytes, 0])), [TEMPLATE_CORRUPT]);
  });

  it('reports an unknown version as unsupported and non-bytes as corrupt', () => {
    const bytes = encodeTemplate(FIXTURE_TEMPLATE);
    bytes[4] = 2;
    expectBiometricError(() => decodeTemplate(bytes), [TEMPLATE_UNSUPPORTED]);
    expectBiometricError(() => decodeTemplate('SFT' as unknown as Uint8Array), [TEMPLATE_CORRUPT]);
  });

  it('never throws anything but a BiometricError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (tail, withMagic) => {
        const bytes = withMagic ? new Uint8Array([0x53, 0x46, 0x54, 0x00, 1, ...tail]) : tail;
        expectBiometricError(() => decodeTemplate(bytes), [TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to encode what it cannot carry', () => {
    expectBiometricError(() => encodeTemplate({ ...FIXTURE_TEMPLATE, width: 0 }), [TEMPLATE_INVALID]);
    expectBiometricError(
      () => encodeTemplate({ width: 10, height: 10, minutiae: [{ x: Number.NaN, y: 1, direction: 0, type: 'ending', quality: 1 }] }),
      [TEMPLATE_INVALID],
    );
    expectBiometricError(
      () => encodeTemplate({ width: 10, height: 10, minutiae: [{ x: 70000, y: 1, direction: 0, type: 'ending', quality: 1 }] }),
      [TEMPLATE_INVALID],
    );
  });
});
