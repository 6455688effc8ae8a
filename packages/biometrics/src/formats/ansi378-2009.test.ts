import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAnsi378_2009, encodeAnsi378_2009 } from './ansi378-2009.ts';
import { encodeAnsi378 } from './ansi378-2004.ts';
import { encodeIso19794_2_2011 } from './iso19794-2-2011.ts';
import { detectTemplateFormat } from './detect.ts';
import { BiometricError } from '../errors.ts';
import { TEMPLATE_CORRUPT, TEMPLATE_INVALID, TEMPLATE_UNSUPPORTED } from './bytes.ts';
import { FIXTURE_TEMPLATE, angleDistance, arbitraryTemplate, expectBiometricError, hex } from './test-support.ts';

/** ANSI/INCITS 378-2009 record of FIXTURE_TEMPLATE, laid out by hand from the standard's field table. */
const FIXTURE = hex(`
  46 4D 52 00   30 33 30 00   00 00 00 34
  01 03  00 00   00   00 00   01   00
  00  00  00  41   01 03  00 01   01 2C  01 90   00 C5  00 C5   02
  40 64  00 C8  00  50
  80 0A  00 14  87  32
  00 00`);
// Record header (21 bytes): "FMR\\0", "030\\0", record length 52, CBEFF owner 0x0103 (IBIA
// "unknown") / type 0, compliance 0, device ID 0, one view, reserved.
// View header (17 bytes): position 0, view 0, impression 0 (live-scan plain), finger quality 65
// (mean of 80 and 50), quality algorithm owner 0x0103 / ID 1 (unknown), 300 × 400 px, 197 px/cm
// both ways (500 dpi), 2 minutiae. Minutiae as in 2004: ending (01) at (100, 200), angle 0;
// bifurcation (10) at (10, 20), down the valley at 270° = 135 × 2°. No extended data.

describe('ANSI/INCITS 378-2009 codec', () => {
  it('writes the standard layout byte for byte', () => {
    expect(Array.from(encodeAnsi378_2009(FIXTURE_TEMPLATE))).toEqual(Array.from(FIXTURE));
  });

  it('reads the hand-built record', () => {
    const rec = decodeAnsi378_2009(FIXTURE);
    expect(rec.version).toBe('2009');
    expect(rec.productId).toEqual({ owner: 0x0103, type: 0 });
    expect([rec.width, rec.height, rec.resolutionX, rec.resolutionY]).toEqual([300, 400, 197, 197]);
    const [v] = rec.views;
    expect([v.position, v.viewNumber, v.impressionType, v.fingerQuality]).toEqual([0, 0, 0, 65]);
    expect(v.template.minutiae).toEqual([
      { x: 100, y: 200, direction: 0, type: 'ending', quality: 80 },
      { x: 10, y: 20, direction: Math.PI / 2, type: 'bifurcation', quality: 50 },
    ]);
  });

  it('writes and reads Amendment 1 under its own version string', () => {
    const bytes = encodeAnsi378_2009(FIXTURE_TEMPLATE, { amendment1: true });
    expect(Array.from(bytes.subarray(4, 8))).toEqual([0x30, 0x33, 0x35, 0x00]);
    expect(Array.from(bytes.subarray(8))).toEqual(Array.from(FIXTURE.subarray(8)));
    expect(detectTemplateFormat(bytes)).toBe('ansi378-2009am1');
    expect(decodeAnsi378_2009(bytes).version).toBe('2009-am1');
  });

  it('writes a configured CBEFF product identifier and refuses owner 0', () => {
    const rec = decodeAnsi378_2009(encodeAnsi378_2009(FIXTURE_TEMPLATE, { productId: { owner: 0x0033, type: 7 } }));
    expect(rec.productId).toEqual({ owner: 0x0033, type: 7 });
    expectBiometricError(() => encodeAnsi378_2009(FIXTURE_TEMPLATE, { productId: { owner: 0 } }), [TEMPLATE_INVALID]);
  });

  it('reads "not reported" (254) and "failed" (255) qualities as 0', () => {
    const bytes = FIXTURE.slice();
    bytes[21 + 17 + 5] = 254;
    bytes[21 + 17 + 11] = 255;
    expect(decodeAnsi378_2009(bytes).views[0].template.minutiae.map((m) => m.quality)).toEqual([0, 0]);
    bytes[21 + 17 + 5] = 101;
    expectBiometricError(() => decodeAnsi378_2009(bytes), [TEMPLATE_CORRUPT]);
  });

  it('round-trips any template within quantisation (angle 2°), several views with their own sizes', () => {
    fc.assert(
      fc.property(arbitraryTemplate(255), arbitraryTemplate(20), (a, b) => {
        const rec = decodeAnsi378_2009(encodeAnsi378_2009([{ template: a, position: 1 }, { template: b, position: 2 }]));
        expect(detectTemplateFormat(encodeAnsi378_2009(a))).toBe('ansi378-2009');
        [a, b].forEach((t, k) => {
          const back = rec.views[k].template;
          expect([back.width, back.height]).toEqual([t.width, t.height]);
          expect(back.minutiae).toHaveLength(t.minutiae.length);
          back.minutiae.forEach((m, i) => {
            const o = t.minutiae[i];
            expect([m.x, m.y, m.type, m.quality]).toEqual([o.x, o.y, o.type, o.quality]);
            expect(angleDistance(m.direction, o.direction)).toBeLessThanOrEqual(Math.PI / 180 + 1e-9);
          });
        });
      }),
      { numRuns: 100 },
    );
  });

  it('names the version it found when handed another record', () => {
    for (const [bytes, found] of [
      [encodeAnsi378(FIXTURE_TEMPLATE), 'ANSI/INCITS 378-2004'],
      [encodeIso19794_2_2011(FIXTURE_TEMPLATE), 'ISO/IEC 19794-2:2011'],
    ] as const) {
      let thrown: unknown;
      try {
        decodeAnsi378_2009(bytes);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BiometricError);
      expect((thrown as BiometricError).code).toBe(TEMPLATE_UNSUPPORTED);
      expect((thrown as BiometricError).message).toContain(found);
    }
  });

  it('rejects truncations and wrong lengths as corrupt', () => {
    for (let n = 12; n < FIXTURE.length; n += 5) expectBiometricError(() => decodeAnsi378_2009(FIXTURE.subarray(0, n)), [TEMPLATE_CORRUPT]);
    const long = new Uint8Array(FIXTURE.length + 1);
    long.set(FIXTURE);
    expectBiometricError(() => decodeAnsi378_2009(long), [TEMPLATE_CORRUPT]);
  });

  it('never throws anything but a BiometricError on garbled records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(FIXTURE.length - 1), fc.nat(255)), { maxLength: 6 }), (edits) => {
        const bytes = FIXTURE.slice();
        for (const [at, value] of edits) bytes[at] = value;
        try {
          decodeAnsi378_2009(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(BiometricError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
