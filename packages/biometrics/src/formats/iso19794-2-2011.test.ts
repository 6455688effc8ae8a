import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIso19794_2_2011, encodeIso19794_2_2011 } from './iso19794-2-2011.ts';
import { encodeAnsi378_2009 } from './ansi378-2009.ts';
import { encodeIso19794_2 } from './iso19794-2-2005.ts';
import { detectTemplateFormat } from './detect.ts';
import { BiometricError } from '../errors.ts';
import { TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED } from './bytes.ts';
import { FIXTURE_TEMPLATE, angleDistance, arbitraryTemplate, expectBiometricError, hex } from './test-support.ts';

/** ISO/IEC 19794-2:2011 record of FIXTURE_TEMPLATE, laid out by hand from the standard's field tables. */
const FIXTURE = hex(`
  46 4D 52 00   30 33 30 00   00 00 00 42   00 01   00
  00 00 00 33
  FF FF FF FF FF FF FF FF FF
  00   00 00   00 00
  01   41 01 03 00 01
  00  00   00 C5  00 C5   00   01 2C  01 90   61   02
  40 64  00 C8  00  50
  80 0A  00 14  C0  32
  00 00`);
// General header (15 bytes): "FMR\\0", "030\\0", record length 66, one representation, no
// certification blocks. Representation: length 51; capture time not recorded (all bits 1);
// device technology 0, vendor 0, type 0 (unknown); one quality block: 65 by owner 0x0103 /
// algorithm 1 (unknown); position 0, view 0, 197 px/cm both ways, impression 0, 300 × 400 px;
// 6-byte minutiae (quality present) with ridge-skeleton end points (0x61); 2 minutiae as in 2005:
// the bifurcation down the valley at 270° = 192 × 1.40625°; no extended data.

/**
 * A record another system might write: certification flag set with one certification block,
 * a capture time, no quality blocks, 5-byte minutiae (no quality), valley-skeleton endings.
 */
const FOREIGN = hex(`
  46 4D 52 00   30 33 30 00   00 00 00 3A   00 01   01
  00 00 00 2B
  07 E9 0C 06 0D 1E 00 01 F4
  00   00 00   00 00
  00
  01   01 00 01
  02  00   00 C5  00 C5   00   00 64  00 64   50   01
  40 0A  00 14  40
  00 00`);
// Capture 2025-12-06 13:30:00.500 UTC; position 2 (right index), 100 × 100 px; one ridge ending at
// (10, 20) with angle 64 × 1.40625° = 90°.

describe('ISO/IEC 19794-2:2011 codec', () => {
  it('writes the standard layout byte for byte', () => {
    expect(Array.from(encodeIso19794_2_2011(FIXTURE_TEMPLATE))).toEqual(Array.from(FIXTURE));
  });

  it('reads the hand-built record', () => {
    const rec = decodeIso19794_2_2011(FIXTURE);
    expect([rec.width, rec.height, rec.resolutionX, rec.resolutionY]).toEqual([300, 400, 197, 197]);
    const [v] = rec.views;
    expect([v.position, v.viewNumber, v.impressionType, v.fingerQuality, v.captureTime]).toEqual([0, 0, 0, 65, null]);
    expect(v.template.minutiae).toEqual([
      { x: 100, y: 200, direction: 0, type: 'ending', quality: 80 },
      { x: 10, y: 20, direction: Math.PI / 2, type: 'bifurcation', quality: 50 },
    ]);
  });

  it('reads certification blocks, capture time and 5-byte minutiae written by others', () => {
    expect(detectTemplateFormat(FOREIGN)).toBe('iso19794-2-2011');
    const [v] = decodeIso19794_2_2011(FOREIGN).views;
    expect(v.position).toBe(2);
    expect(v.captureTime?.toISOString()).toBe('2025-12-06T13:30:00.500Z');
    expect(v.template.minutiae).toEqual([{ x: 10, y: 20, direction: Math.PI / 2, type: 'ending', quality: 0 }]);
  });

  it('writes a capture time that reads back', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(decodeIso19794_2_2011(encodeIso19794_2_2011(FIXTURE_TEMPLATE, { captureTime: at })).views[0].captureTime).toEqual(at);
  });

  it('round-trips any template within quantisation (angle 1.40625°), several representations', () => {
    fc.assert(
      fc.property(arbitraryTemplate(255), arbitraryTemplate(20), (a, b) => {
        const bytes = encodeIso19794_2_2011([{ template: a, position: 3 }, { template: b, position: 3 }]);
        expect(detectTemplateFormat(bytes)).toBe('iso19794-2-2011');
        const rec = decodeIso19794_2_2011(bytes);
        expect(rec.views.map((v) => [v.position, v.viewNumber])).toEqual([[3, 0], [3, 1]]);
        [a, b].forEach((t, k) => {
          const back = rec.views[k].template;
          expect([back.width, back.height]).toEqual([t.width, t.height]);
          back.minutiae.forEach((m, i) => {
            const o = t.minutiae[i];
            expect([m.x, m.y, m.type, m.quality]).toEqual([o.x, o.y, o.type, o.quality]);
            expect(angleDistance(m.direction, o.direction)).toBeLessThanOrEqual(Math.PI / 256 + 1e-9);
          });
        });
      }),
      { numRuns: 100 },
    );
  });

  it('tells 2011 from ANSI 2009 although both say "030"', () => {
    expect(detectTemplateFormat(encodeAnsi378_2009(FIXTURE_TEMPLATE))).toBe('ansi378-2009');
    expect(detectTemplateFormat(encodeAnsi378_2009({ width: 5, height: 5, minutiae: [] }))).toBe('ansi378-2009');
    expect(detectTemplateFormat(encodeIso19794_2_2011({ width: 5, height: 5, minutiae: [] }))).toBe('iso19794-2-2011');
  });

  it('names the version it found when handed another record', () => {
    let thrown: unknown;
    try {
      decodeIso19794_2_2011(encodeIso19794_2(FIXTURE_TEMPLATE));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as BiometricError).code).toBe(TEMPLATE_UNSUPPORTED);
    expect((thrown as BiometricError).message).toBe('La plantilla es ISO/IEC 19794-2:2005, no ISO/IEC 19794-2:2011.');
  });

  it('rejects wrong minutia field sizes, ending types and truncations', () => {
    const sized = FIXTURE.slice();
    sized[15 + 24 + 11] = 0x71;
    expectBiometricError(() => decodeIso19794_2_2011(sized), [TEMPLATE_CORRUPT]);
    const ending = FIXTURE.slice();
    ending[15 + 24 + 11] = 0x62;
    expectBiometricError(() => decodeIso19794_2_2011(ending), [TEMPLATE_CORRUPT]);
    for (let n = 12; n < FIXTURE.length; n += 7) expectBiometricError(() => decodeIso19794_2_2011(FIXTURE.subarray(0, n)), [TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED]);
  });

  it('never throws anything but a BiometricError on garbled records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(FIXTURE.length - 1), fc.nat(255)), { maxLength: 6 }), (edits) => {
        const bytes = FIXTURE.slice();
        for (const [at, value] of edits) bytes[at] = value;
        try {
          decodeIso19794_2_2011(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(BiometricError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
