import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import { generateFinger } from '../synth/index.ts';
import { decodeWsq, encodeWsq } from './index.ts';
import { Marker } from './markers.ts';

/** Codes a bad file may legitimately earn; anything else (or a non-BiometricError) is a bug. */
const REJECTION_CODES = ['IMAGE_CORRUPT', 'WSQ_UNSUPPORTED', 'IMAGE_TOO_LARGE', 'IMAGE_TOO_SMALL', 'IMAGE_EMPTY'];

function outcome(bytes: Uint8Array): string {
  try {
    const image = decodeWsq(bytes);
    expect(image.data).toHaveLength(image.width * image.height);
    return 'DECODED';
  } catch (error) {
    if (!(error instanceof BiometricError)) throw error;
    expect(error.message).toMatch(/imagen/);
    return error.code;
  }
}

function small(): Uint8Array {
  const [print] = generateFinger(99, 1);
  const width = 96;
  const height = 112;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(print.data.subarray((y + 140) * print.width + 100, (y + 140) * print.width + 100 + width), y * width);
  return encodeWsq({ width, height, data });
}

/** Offset of the first byte after the segment that starts at `marker`'s first occurrence. */
function segmentOffset(bytes: Uint8Array, marker: number): number {
  let p = 2;
  while (((bytes[p] << 8) | bytes[p + 1]) !== marker) p += 2 + ((bytes[p + 2] << 8) | bytes[p + 3]);
  return p;
}

describe('WSQ decoder on damaged input', () => {
  const valid = small();

  it('decodes the undamaged file (the baseline the damage is measured against)', () => {
    expect(outcome(valid)).toBe('DECODED');
  });

  it('rejects every truncation of a file with IMAGE_CORRUPT (or IMAGE_EMPTY for 0 bytes)', () => {
    const codes = new Set<string>();
    for (let length = 1; length < valid.length; length++) codes.add(outcome(valid.subarray(0, length)));
    expect([...codes]).toEqual(['IMAGE_CORRUPT']);
    expect(outcome(new Uint8Array(0))).toBe('IMAGE_EMPTY');
  });

  it('rejects random bytes, with or without a WSQ start marker, with a stable code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.boolean(), (noise, withSoi) => {
        const bytes = withSoi ? Uint8Array.from([0xff, 0xa0, ...noise]) : noise;
        expect(REJECTION_CODES).toContain(outcome(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes or hangs on a garbled file: it decodes to the declared size or is rejected', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const bytes = valid.slice();
        for (const [at, value] of edits) bytes[at] = value;
        expect(['DECODED', ...REJECTION_CODES]).toContain(outcome(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('names what it does not implement (even-length filters, restart intervals) instead of misreading it', () => {
    const evenFilters = valid.slice();
    evenFilters[segmentOffset(valid, Marker.DTT) + 4] = 8;
    expect(outcome(evenFilters)).toBe('WSQ_UNSUPPORTED');
    const dtt = segmentOffset(valid, Marker.DTT);
    const withRestart = Uint8Array.from([...valid.subarray(0, dtt), 0xff, 0xa7, 0x00, 0x04, 0x00, 0x10, ...valid.subarray(dtt)]);
    expect(outcome(withRestart)).toBe('WSQ_UNSUPPORTED');
  });

  it('refuses absurd frame sizes before allocating for them', () => {
    const sof = segmentOffset(valid, Marker.SOF);
    const huge = valid.slice();
    huge.set([0xff, 0xff, 0xff, 0xff], sof + 6); // height, width = 65535
    expect(outcome(huge)).toBe('IMAGE_TOO_LARGE');
    const empty = valid.slice();
    empty.set([0, 0], sof + 8); // width 0
    expect(outcome(empty)).toBe('IMAGE_CORRUPT');
    const tiny = valid.slice();
    tiny.set([0, 40], sof + 8); // width 40: a valid size for a file, below what the codec takes
    expect(outcome(tiny)).toBe('IMAGE_TOO_SMALL');
  });

  it('rejects a file whose blocks carry fewer coefficients than the image needs', () => {
    // In entropy-coded data 0xFF is always followed by 0x00, so the last FF A3 is the last SOB.
    let lastSob = valid.length - 2;
    while (!(valid[lastSob] === 0xff && valid[lastSob + 1] === 0xa3)) lastSob--;
    const cut = Uint8Array.from([...valid.subarray(0, lastSob), 0xff, 0xa1]);
    expect(outcome(cut)).toBe('IMAGE_CORRUPT');
  });
});
