import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIso19794_2, encodeIso19794_2 } from './iso19794-2-2005.ts';
import { encodeAnsi378 } from './ansi378-2004.ts';
import { TEMPLATE_CORRUPT, TEMPLATE_INVALID, TEMPLATE_UNSUPPORTED } from './bytes.ts';
import { FIXTURE_TEMPLATE, angleDistance, arbitraryTemplate, expectBiometricError, hex } from './test-support.ts';

/** ISO/IEC 19794-2:2005 record of FIXTURE_TEMPLATE, assembled by hand from the standard's layout. */
const FIXTURE = hex(`
  46 4D 52 00   20 32 30 00   00 00 00 2A
  00 00         01 2C  01 90  00 C5  00 C5
  01  00
  00  00  41  02
  40 64  00 C8  00  50
  80 0A  00 14  C0  32
  00 00`);
// Header: "FMR\\0", " 20\\0", record length 42, capture equipment 0, 300 × 400 px, 197 px/cm
// (= 500 dpi) both ways, one view, reserved. View: position 0, view 0 / impression 0,
// quality 65 (mean of 80 and 50), 2 minutiae. Ending (type 01) at (100, 200), angle 0.
// Bifurcation (type 10) at (10, 20): our direction 90° points along the stem; ISO points down
// the valley between the branches, 270° = 192 × 1.40625°. No extended data.

describe('ISO/IEC 19794-2:2005 codec', () => {
  it('writes the standard layout byte for byte', () => {
    expect(Array.from(encodeIso19794_2(FIXTURE_TEMPLATE))).toEqual(Array.from(FIXTURE));
  });

  it('reads the hand-built record, mapping the bifurcation angle back', () => {
    const rec = decodeIso19794_2(FIXTURE);
    expect(rec.width).toBe(300);
    expect(rec.height).toBe(400);
    expect(rec.resolutionX).toBe(197);
    expect(rec.views).toHaveLength(1);
    const [v] = rec.views;
    expect([v.position, v.viewNumber, v.impressionType, v.fingerQuality]).toEqual([0, 0, 0, 65]);
    expect(v.template.minutiae).toEqual([
      { x: 100, y: 200, direction: 0, type: 'ending', quality: 80 },
      { x: 10, y: 20, direction: Math.PI / 2, type: 'bifurcation', quality: 50 },
    ]);
  });

  it('round-trips any template within quantisation (angle 1.40625°)', () => {
    fc.assert(
      fc.property(arbitraryTemplate(255), (t) => {
        const { views, width, height } = decodeIso19794_2(encodeIso19794_2(t));
        expect([width, height]).toEqual([t.width, t.height]);
        const back = views[0].template;
        expect(back.minutiae).toHaveLength(t.minutiae.length);
        back.minutiae.forEach((m, i) => {
          const o = t.minutiae[i];
          expect([m.x, m.y, m.type, m.quality]).toEqual([o.x, o.y, o.type, o.quality]);
          expect(angleDistance(m.direction, o.direction)).toBeLessThanOrEqual(Math.PI / 256 + 1e-9);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('wraps angles just under 360° to code 0', () => {
    const t = { width: 50, height: 50, minutiae: [{ x: 1, y: 1, direction: 2 * Math.PI - 0.001, type: 'ending' as const, quality: 1 }] };
    const bytes = encodeIso19794_2(t);
    expect(bytes[24 + 4 + 4]).toBe(0);
    const b = encodeIso19794_2({ ...t, minutiae: [{ ...t.minutiae[0], type: 'bifurcation' }] });
    expect(b[24 + 4 + 4]).toBe(128); // bifurcation: direction + 180°
  });

  it('exports several finger views with positions and view numbers', () => {
    const other = { width: 350, height: 380, minutiae: [{ x: 300, y: 5, direction: 1, type: 'ending' as const, quality: 70 }] };
    const bytes = encodeIso19794_2(
      [
        { template: FIXTURE_TEMPLATE, position: 2, fingerQuality: 90 },
        { template: other, position: 2, impressionType: 1 },
        { template: other, position: 7 },
      ],
      { captureEquipment: { compliance: 8, id: 0x123 } },
    );
    expect(Array.from(bytes.subarray(12, 14))).toEqual([0x81, 0x23]);
    const rec = decodeIso19794_2(bytes);
    expect([rec.width, rec.height]).toEqual([350, 400]); // one image size per record: the largest
    expect(rec.captureEquipment).toEqual({ compliance: 8, id: 0x123 });
    expect(rec.views.map((v) => [v.position, v.viewNumber, v.impressionType, v.fingerQuality])).toEqual([
      [2, 0, 0, 90],
      [2, 1, 1, 70],
      [7, 0, 0, 70],
    ]);
    expect(rec.views[1].template.minutiae[0].x).toBe(300);
  });

  it('converts coordinates from other resolutions to 500 dpi', () => {
    // 1000 dpi ≈ 394 px/cm: every coordinate halves (within the px/cm rounding, 0.1 %).
    const bytes = FIXTURE.slice();
    bytes[18] = 0x01;
    bytes[19] = 0x8a; // 394
    bytes[20] = 0x01;
    bytes[21] = 0x8a;
    const rec = decodeIso19794_2(bytes);
    const scale = 500 / (394 * 2.54);
    expect(rec.width).toBe(Math.round(300 * scale));
    expect(rec.height).toBe(Math.round(400 * scale));
    expect(rec.views[0].template.minutiae[0].x).toBeCloseTo(100 * scale, 9);
    expect(rec.views[0].template.minutiae[0].x).toBeCloseTo(50, 0);
    expect(rec.views[0].template.minutiae[0].y).toBeCloseTo(100, 0);
    expect(rec.views[0].template.width).toBe(150);
  });

  it('skips extended data blocks', () => {
    const ext = hex('00 06  00 01 00 06 AB CD');
    const bytes = new Uint8Array(FIXTURE.length + 6);
    bytes.set(FIXTURE.subarray(0, FIXTURE.length - 2));
    bytes.set(ext, FIXTURE.length - 2);
    bytes[11] = bytes.length;
    expect(decodeIso19794_2(bytes).views[0].template.minutiae).toHaveLength(2);
  });

  it('rejects truncations, bad lengths, bad codes and other versions', () => {
    for (let n = 0; n < FIXTURE.length; n++) expectBiometricError(() => decodeIso19794_2(FIXTURE.subarray(0, n)), [TEMPLATE_CORRUPT]);
    const cases: Array<[number, number, string]> = [
      [0, 0x47, TEMPLATE_CORRUPT], // magic
      [11, 0x2b, TEMPLATE_CORRUPT], // length one more than the data
      [11, 0x29, TEMPLATE_CORRUPT], // length one less
      [19, 0, TEMPLATE_CORRUPT], // horizontal resolution 0
      [21, 0, TEMPLATE_CORRUPT], // vertical resolution 0
      [24, 11, TEMPLATE_CORRUPT], // finger position 11
      [26, 101, TEMPLATE_CORRUPT], // finger quality 101
      [28, 0xc0, TEMPLATE_CORRUPT], // minutia type 11
      [33, 101, TEMPLATE_CORRUPT], // minutia quality 101
      [28, 0x41, TEMPLATE_CORRUPT], // x = 356 ≥ width 300
      [27, 3, TEMPLATE_CORRUPT], // minutia count beyond the data
      [5, 0x33, TEMPLATE_UNSUPPORTED], // version " 30"
    ];
    for (const [offset, value, code] of cases) {
      const bad = FIXTURE.slice();
      bad[offset] = value;
      expectBiometricError(() => decodeIso19794_2(bad), [code]);
    }
  });

  it('refuses an ANSI/INCITS 378 record as unsupported rather than misreading it', () => {
    expectBiometricError(() => decodeIso19794_2(encodeAnsi378(FIXTURE_TEMPLATE)), [TEMPLATE_UNSUPPORTED]);
  });

  it('never throws anything but a BiometricError on garbled records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
        const bytes = FIXTURE.slice();
        for (const [at, v] of edits) bytes[at % bytes.length] = v;
        try {
          const rec = decodeIso19794_2(bytes);
          for (const m of rec.views.flatMap((v) => v.template.minutiae)) {
            expect(m.direction).toBeGreaterThanOrEqual(0);
            expect(m.direction).toBeLessThan(2 * Math.PI);
          }
        } catch (e) {
          expectBiometricError(() => {
            throw e;
          }, [TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED]);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (tail) => {
        expectBiometricError(() => decodeIso19794_2(new Uint8Array([...FIXTURE.subarray(0, 8), ...tail])), [
          TEMPLATE_CORRUPT,
          TEMPLATE_UNSUPPORTED,
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to encode what the format cannot carry', () => {
    const many = { width: 100, height: 100, minutiae: Array.from({ length: 256 }, () => FIXTURE_TEMPLATE.minutiae[0]) };
    expectBiometricError(() => encodeIso19794_2(many), [TEMPLATE_INVALID]);
    expectBiometricError(() => encodeIso19794_2({ template: FIXTURE_TEMPLATE, position: 11 as 0 }), [TEMPLATE_INVALID]);
    expectBiometricError(() => encodeIso19794_2([]), [TEMPLATE_INVALID]);
    expectBiometricError(() => encodeIso19794_2({ ...FIXTURE_TEMPLATE, width: 20000 }), [TEMPLATE_INVALID]);
  });
});
