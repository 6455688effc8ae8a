import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAnsi378, encodeAnsi378 } from './ansi378-2004.ts';
import { encodeIso19794_2 } from './iso19794-2-2005.ts';
import { detectTemplateFormat } from './detect.ts';
import { TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED } from './bytes.ts';
import type { FingerprintTemplate } from '../fingerprint/types.ts';
import { FIXTURE_TEMPLATE, angleDistance, arbitraryTemplate, expectBiometricError, hex } from './test-support.ts';

/** ANSI/INCITS 378-2004 record of FIXTURE_TEMPLATE, assembled by hand from the standard's layout. */
const FIXTURE = hex(`
  46 4D 52 00   20 32 30 00   00 2C
  01 03 00 00
  00 00         01 2C  01 90  00 C5  00 C5
  01  00
  00  00  41  02
  40 64  00 C8  00  50
  80 0A  00 14  87  32
  00 00`);
// Header: "FMR\\0", " 20\\0", 2-byte record length 44, CBEFF product id 0x0103 (IBIA's
// "unknown" owner: strict readers refuse 0) / 0, capture equipment 0,
// 300 × 400 px, 197 px/cm, one view, reserved — 26 bytes. View as in ISO except the angle unit:
// the bifurcation's 270° (down the valley) is 135 × 2°.

describe('ANSI/INCITS 378-2004 codec', () => {
  it('writes the standard layout byte for byte', () => {
    expect(Array.from(encodeAnsi378(FIXTURE_TEMPLATE))).toEqual(Array.from(FIXTURE));
  });

  it('reads the hand-built record', () => {
    const rec = decodeAnsi378(FIXTURE);
    expect([rec.width, rec.height, rec.resolutionX, rec.resolutionY]).toEqual([300, 400, 197, 197]);
    expect(rec.productId).toEqual({ owner: 0x0103, type: 0 });
    expect(rec.views[0].template.minutiae).toEqual([
      { x: 100, y: 200, direction: 0, type: 'ending', quality: 80 },
      { x: 10, y: 20, direction: Math.PI / 2, type: 'bifurcation', quality: 50 },
    ]);
  });

  it('writes the CBEFF product identifier and capture equipment', () => {
    const bytes = encodeAnsi378(FIXTURE_TEMPLATE, { productId: { owner: 0x0033, type: 0x1234 }, captureEquipment: { id: 0x0ab } });
    expect(Array.from(bytes.subarray(10, 16))).toEqual([0x00, 0x33, 0x12, 0x34, 0x00, 0xab]);
    const rec = decodeAnsi378(bytes);
    expect(rec.productId).toEqual({ owner: 0x33, type: 0x1234 });
    expect(rec.captureEquipment.id).toBe(0xab);
  });

  it('round-trips any template within quantisation (angle 2°)', () => {
    fc.assert(
      fc.property(arbitraryTemplate(255), (t) => {
        const back = decodeAnsi378(encodeAnsi378(t)).views[0].template;
        expect([back.width, back.height]).toEqual([t.width, t.height]);
        back.minutiae.forEach((m, i) => {
          const o = t.minutiae[i];
          expect([m.x, m.y, m.type, m.quality]).toEqual([o.x, o.y, o.type, o.quality]);
          expect(angleDistance(m.direction, o.direction)).toBeLessThanOrEqual(Math.PI / 180 + 1e-9);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('switches to the 6-byte record length above 65 535 bytes', () => {
    const full: FingerprintTemplate = {
      width: 1000,
      height: 1000,
      minutiae: Array.from({ length: 255 }, (_, i) => ({
        x: (i * 37) % 1000,
        y: (i * 91) % 1000,
        direction: i * 0.1,
        type: i % 2 ? 'bifurcation' : 'ending',
        quality: i % 101,
      })),
    };
    const views = Array.from({ length: 45 }, (_, i) => ({ template: full, position: (i % 10) as 0 }));
    const bytes = encodeAnsi378(views);
    const expected = 30 + 45 * (4 + 255 * 6 + 2);
    expect(bytes.length).toBe(expected);
    expect(Array.from(bytes.subarray(8, 14))).toEqual([0, 0, expected >>> 24, (expected >>> 16) & 0xff, (expected >>> 8) & 0xff, expected & 0xff]);
    expect(detectTemplateFormat(bytes)).toBe('ansi378-2004');
    const rec = decodeAnsi378(bytes);
    expect(rec.views).toHaveLength(45);
    expect(rec.views[44].template.minutiae[254].x).toBe(full.minutiae[254].x);
    // The same views as ISO: 4-byte length, told apart from ANSI.
    expect(detectTemplateFormat(encodeIso19794_2(views))).toBe('iso19794-2-2005');
  });

  it('rejects truncations, angles ≥ 180 and other malformed fields', () => {
    for (let n = 0; n < FIXTURE.length; n++) expectBiometricError(() => decodeAnsi378(FIXTURE.subarray(0, n)), [TEMPLATE_CORRUPT]);
    const cases: Array<[number, number, string]> = [
      [9, 0x2d, TEMPLATE_CORRUPT], // length one more than the data
      [21, 0, TEMPLATE_CORRUPT], // horizontal resolution 0
      [26, 11, TEMPLATE_CORRUPT], // finger position 11
      [34, 180, TEMPLATE_CORRUPT], // angle 360°: outside 0–179
      [30, 0xc0, TEMPLATE_CORRUPT], // minutia type 11
      [29, 9, TEMPLATE_CORRUPT], // minutia count beyond the data
      [6, 0x33, TEMPLATE_UNSUPPORTED], // version "030" (2009)
    ];
    for (const [offset, value, code] of cases) {
      const bad = FIXTURE.slice();
      bad[offset] = value;
      expectBiometricError(() => decodeAnsi378(bad), [code]);
    }
  });

  it('refuses an ISO record as unsupported rather than misreading it', () => {
    expectBiometricError(() => decodeAnsi378(encodeIso19794_2(FIXTURE_TEMPLATE)), [TEMPLATE_UNSUPPORTED]);
  });

  it('never throws anything but a BiometricError on garbled records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
        const bytes = FIXTURE.slice();
        for (const [at, v] of edits) bytes[at % bytes.length] = v;
        try {
          decodeAnsi378(bytes);
        } catch (e) {
          expectBiometricError(() => {
            throw e;
          }, [TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
