import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../testing/error-code.ts';
import { extractTemplate, FINGERPRINT_MATCH_THRESHOLD, matchScore, prepareTemplate } from '../fingerprint/index.ts';
import type { GrayImage } from '../primitives/gray-image.ts';
import { generateFinger } from '../synth/index.ts';
import { buildHuffmanTable } from './huffman.ts';
import { decodeWsq, encodeWsq, MIN_WSQ_SIDE } from './index.ts';
import { ByteReader, Marker } from './markers.ts';
import { readTransformTable } from './segments.ts';
import { FBI_9_7 } from './wavelet.ts';

function psnr(a: Uint8Array, b: Uint8Array): number {
  let squares = 0;
  for (let i = 0; i < a.length; i++) squares += (a[i] - b[i]) ** 2;
  return 10 * Math.log10((255 * 255 * a.length) / squares);
}

function crop(image: GrayImage, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(y * image.width, y * image.width + width), y * width);
  return { width, height, data };
}

/** Marker segments of a WSQ file in order (entropy-coded data skipped). */
function markerSequence(bytes: Uint8Array): { marker: number; length: number }[] {
  const out: { marker: number; length: number }[] = [];
  let p = 2;
  for (;;) {
    const marker = (bytes[p] << 8) | bytes[p + 1];
    if (marker === Marker.EOI) return [...out, { marker, length: 0 }];
    const length = (bytes[p + 2] << 8) | bytes[p + 3];
    out.push({ marker, length });
    p += 2 + length;
    if (marker === Marker.SOB) while (!(bytes[p] === 0xff && bytes[p + 1] !== 0)) p += bytes[p] === 0xff ? 2 : 1;
  }
}

describe('WSQ codec', () => {
  const [print, secondImpression] = generateFinger(2024, 2);

  it('round-trips a synthetic print at the FBI rate (0.75 bpp) with PSNR above 26 dB, under the rate', () => {
    // Measured on seeds 1–6: 26.8–31.3 dB at 0.41–0.56 bpp; the NIST reference encoder (NBIS)
    // gives the same PSNR within 0.01 dB and the same size within a few bytes on such prints.
    const bytes = encodeWsq(print, { bitRate: 0.75 });
    const decoded = decodeWsq(bytes);
    expect([decoded.width, decoded.height, decoded.ppi]).toEqual([print.width, print.height, 500]);
    expect((bytes.length * 8) / (print.width * print.height)).toBeLessThan(0.75);
    expect(psnr(print.data, decoded.data)).toBeGreaterThan(26);
  });

  it('spends more bits for a higher rate and gets a better image for them', () => {
    const low = encodeWsq(print, { bitRate: 0.75 });
    const high = encodeWsq(print, { bitRate: 2.25 });
    expect(high.length).toBeGreaterThan(2 * low.length);
    expect(psnr(print.data, decodeWsq(high).data)).toBeGreaterThan(psnr(print.data, decodeWsq(low).data) + 3);
  });

  it('keeps a print matchable: the WSQ copy matches the original and another impression of the finger', () => {
    const original = prepareTemplate(extractTemplate(print));
    const other = prepareTemplate(extractTemplate(secondImpression));
    const decoded = decodeWsq(encodeWsq(print));
    const viaWsq = prepareTemplate(extractTemplate({ width: decoded.width, height: decoded.height, data: decoded.data }));
    expect(matchScore(viaWsq, original)).toBeGreaterThanOrEqual(FINGERPRINT_MATCH_THRESHOLD);
    expect(matchScore(viaWsq, other)).toBeGreaterThanOrEqual(FINGERPRINT_MATCH_THRESHOLD);
  });

  it.each([
    [299, 397],
    [257, 301],
    [MIN_WSQ_SIDE, 101],
  ])('handles odd sizes that are not multiples of 32 (%i×%i)', (width, height) => {
    const image = crop(print, width, height);
    const decoded = decodeWsq(encodeWsq(image));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(psnr(image.data, decoded.data)).toBeGreaterThan(24);
  });

  it('encodes a flat image (no detail at all) and gives it back', () => {
    const flat = { width: 128, height: 96, data: new Uint8Array(128 * 96).fill(203) };
    expect(decodeWsq(encodeWsq(flat)).data.every((v) => v === 203)).toBe(true);
  });

  it('rejects tiny images and bad options with stable codes', () => {
    expect(errorCodeOf(() => encodeWsq(crop(print, MIN_WSQ_SIDE - 1, 200)))).toBe('IMAGE_TOO_SMALL');
    expect(errorCodeOf(() => encodeWsq({ width: 10, height: 10, data: new Uint8Array(100) }))).toBe('IMAGE_TOO_SMALL');
    expect(errorCodeOf(() => encodeWsq({ width: 100, height: 100, data: new Uint8Array(99) }))).toBe('IMAGE_CORRUPT');
    expect(errorCodeOf(() => encodeWsq(print, { bitRate: 0 }))).toBe('WSQ_OPTIONS_INVALID');
    expect(errorCodeOf(() => encodeWsq(print, { bitRate: Number.NaN }))).toBe('WSQ_OPTIONS_INVALID');
    expect(errorCodeOf(() => encodeWsq(print, { ppi: 0 }))).toBe('WSQ_OPTIONS_INVALID');
  });

  it('lays the file out as the reference encoder does, with the FBI 9/7 filters in the DTT table', () => {
    const bytes = encodeWsq(print);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xa0]);
    const sequence = markerSequence(bytes);
    expect(sequence.map((s) => s.marker)).toEqual([
      Marker.COM, Marker.DTT, Marker.DQT, Marker.SOF, Marker.DHT, Marker.SOB, Marker.DHT, Marker.SOB, Marker.SOB, Marker.EOI,
    ]);
    // Fixed segment lengths of the specification: DTT 58, DQT 389, SOF 17, SOB 3.
    expect(sequence.filter((s) => s.marker !== Marker.COM && s.marker !== Marker.DHT && s.marker !== Marker.EOI).map((s) => s.length)).toEqual([
      58, 389, 17, 3, 3, 3,
    ]);
    const dttAt = 2 + 2 + sequence[0].length + 2;
    const reader = new ByteReader(bytes, dttAt);
    const bank = readTransformTable(reader.segment(Marker.DTT));
    bank.low.forEach((tap, i) => expect(tap).toBeCloseTo(FBI_9_7.low[i], 9));
    bank.high.forEach((tap, i) => expect(tap).toBeCloseTo(FBI_9_7.high[i], 9));
  });

  it('writes the NISTCOM comment (size, depth, PPI, rate) and reads PPI back, unknown as undefined', () => {
    const bytes = encodeWsq(print, { ppi: 1000 });
    const text = new TextDecoder().decode(bytes.subarray(6, 6 + markerSequence(bytes)[0].length - 2));
    expect(text.split('\n')).toEqual([
      'NIST_COM 9', `PIX_WIDTH ${print.width}`, `PIX_HEIGHT ${print.height}`, 'PIX_DEPTH 8', 'PPI 1000', 'LOSSY 1', 'COLORSPACE GRAY', 'COMPRESSION WSQ', 'WSQ_BITRATE 0.750000',
    ]);
    expect(decodeWsq(bytes).ppi).toBe(1000);
    expect(decodeWsq(encodeWsq(print, { ppi: undefined })).ppi).toBeUndefined();
  });

  it('never gives a Huffman code of all 1 bits (block padding must not decode as a symbol)', () => {
    const skewed = new Uint32Array(256);
    for (let s = 1; s < 255; s++) skewed[s] = s % 7 === 0 ? 1 : 2 ** (s % 20);
    for (const frequencies of [skewed, Uint32Array.from({ length: 256 }, () => 1), new Uint32Array(256)]) {
      const table = buildHuffmanTable(frequencies);
      let code = 0;
      let longest = 0;
      for (let length = 1; length <= 16; length++) {
        code = (code + table.counts[length - 1]) << 1;
        if (table.counts[length - 1] > 0) longest = length;
      }
      const lastCode = (code >> (17 - longest)) - 1;
      expect(lastCode).toBeLessThan(2 ** longest - 1);
      expect(table.counts.reduce((a, b) => a + b, 0)).toBe(table.symbols.length);
    }
  });
});
