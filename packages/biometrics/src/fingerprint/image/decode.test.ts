import { encode as encodeBmp } from 'bmp-ts';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { asyncErrorCodeOf, errorCodeOf } from '../../testing/error-code.ts';
import { decodeFingerprintImage, grayImageFromRaw } from './decode.ts';

const WIDTH = 160;
const HEIGHT = 120;

/** A gradient with a bright square: any channel/row mix-up in decoding shows in the samples. */
function testPixels(): Uint8Array {
  const data = new Uint8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) data[y * WIDTH + x] = x >= 20 && x < 60 && y >= 30 && y < 70 ? 240 : Math.round((x * 200) / WIDTH);
  }
  return data;
}

function raw(): Sharp {
  return sharp(Buffer.from(testPixels()), { raw: { width: WIDTH, height: HEIGHT, channels: 1 } });
}

describe('decodeFingerprintImage', () => {
  it.each([
    ['PNG', () => raw().png().toBuffer(), 0],
    ['TIFF', () => raw().tiff({ compression: 'lzw' }).toBuffer(), 0],
    ['JPEG', () => raw().jpeg({ quality: 95 }).toBuffer(), 6],
  ])('decodes %s to the same gray pixels', async (_name, make, tolerance) => {
    const image = await decodeFingerprintImage(await make());
    expect(image.width).toBe(WIDTH);
    expect(image.height).toBe(HEIGHT);
    const expected = testPixels();
    for (const i of [0, 40 * WIDTH + 40, 100 * WIDTH + 150, HEIGHT * WIDTH - 1]) {
      expect(Math.abs(image.data[i] - expected[i])).toBeLessThanOrEqual(tolerance);
    }
  });

  it('decodes a 24-bit BMP (which sharp cannot read)', async () => {
    const pixels = testPixels();
    const abgr = Buffer.alloc(WIDTH * HEIGHT * 4);
    for (let i = 0; i < pixels.length; i++) abgr.fill(pixels[i], i * 4 + 1, i * 4 + 4);
    const bmp = encodeBmp({ width: WIDTH, height: HEIGHT, data: abgr, bitPP: 24 }).data;
    const image = await decodeFingerprintImage(bmp);
    expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
    expect(Array.from(image.data.subarray(40 * WIDTH, 40 * WIDTH + 80))).toEqual(Array.from(pixels.subarray(40 * WIDTH, 40 * WIDTH + 80)));
  });

  it('rescales a declared 1000 dpi image to half size at 500 dpi', async () => {
    const image = await decodeFingerprintImage(await raw().resize(WIDTH * 2, HEIGHT * 2).png().toBuffer(), { dpi: 1000 });
    expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
  });

  it('reads a scanner-like resolution tag but ignores implausible ones such as 72 dpi', async () => {
    const big = raw().resize(Math.round(WIDTH * 1.138), Math.round(HEIGHT * 1.138));
    const tagged = await decodeFingerprintImage(await big.clone().withMetadata({ density: 569 }).png().toBuffer());
    expect([tagged.width, tagged.height]).toEqual([WIDTH, HEIGHT]);
    const untrusted = await decodeFingerprintImage(await big.clone().withMetadata({ density: 72 }).png().toBuffer());
    expect([untrusted.width, untrusted.height]).toEqual([Math.round(WIDTH * 1.138), Math.round(HEIGHT * 1.138)]);
  });

  it('applies the size limit after rescaling: 1,200 px declared at 250 dpi is 2,400 px at 500 dpi (issue 19)', async () => {
    const file = await sharp(Buffer.alloc(1200 * 1200, 128), { raw: { width: 1200, height: 1200, channels: 1 } }).png().toBuffer();
    expect(await asyncErrorCodeOf(decodeFingerprintImage(file, { dpi: 250 }))).toBe('IMAGE_TOO_LARGE');
    expect(errorCodeOf(() => grayImageFromRaw(new Uint8Array(1200 * 1200), 1200, 1200, 250))).toBe('IMAGE_TOO_LARGE');
    expect((await decodeFingerprintImage(file, { dpi: 500 })).width).toBe(1200);
  });

  it('rejects bad inputs with stable codes', async () => {
    const png = await raw().png().toBuffer();
    expect(await asyncErrorCodeOf(decodeFingerprintImage(new Uint8Array(0)))).toBe('IMAGE_EMPTY');
    expect(await asyncErrorCodeOf(decodeFingerprintImage(new TextEncoder().encode('esto no es una imagen de huella')))).toBe('IMAGE_CORRUPT');
    expect(await asyncErrorCodeOf(decodeFingerprintImage(png.subarray(0, png.length >> 1)))).toBe('IMAGE_CORRUPT');
    const bmpHeaderOnly = Buffer.alloc(60);
    bmpHeaderOnly.write('BM', 0);
    expect(await asyncErrorCodeOf(decodeFingerprintImage(bmpHeaderOnly))).toBe('IMAGE_CORRUPT');
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png().toBuffer();
    expect(await asyncErrorCodeOf(decodeFingerprintImage(tiny))).toBe('IMAGE_TOO_SMALL');
    // A mostly empty 3000×3000 PNG is small on disk; it must be refused from its header alone.
    const huge = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#ffffff' } }).png().toBuffer();
    expect(await asyncErrorCodeOf(decodeFingerprintImage(huge))).toBe('IMAGE_TOO_LARGE');
    expect(await asyncErrorCodeOf(decodeFingerprintImage(new Uint8Array(17 * 1024 * 1024)))).toBe('IMAGE_TOO_LARGE');
    expect(await asyncErrorCodeOf(decodeFingerprintImage(png, { dpi: 10 }))).toBe('IMAGE_DPI_INVALID');
  });
});

describe('grayImageFromRaw', () => {
  it('wraps raw pixels unchanged at 500 dpi', () => {
    const data = testPixels();
    const image = grayImageFromRaw(data, WIDTH, HEIGHT);
    expect(image.data).toEqual(data);
  });

  it('rescales from the declared resolution with area averaging', () => {
    const data = testPixels();
    const image = grayImageFromRaw(data, WIDTH, HEIGHT, 250);
    expect([image.width, image.height]).toEqual([WIDTH * 2, HEIGHT * 2]);
    const down = grayImageFromRaw(image.data, image.width, image.height, 1000);
    expect([down.width, down.height]).toEqual([WIDTH, HEIGHT]);
    // Inside the flat square the round trip keeps the gray level.
    expect(down.data[50 * WIDTH + 40]).toBe(240);
  });

  it('rejects bad raw inputs with stable codes', () => {
    expect(errorCodeOf(() => grayImageFromRaw(new Uint8Array(0), 0, 0))).toBe('IMAGE_EMPTY');
    expect(errorCodeOf(() => grayImageFromRaw(new Uint8Array(100), 20, 20))).toBe('IMAGE_CORRUPT');
    expect(errorCodeOf(() => grayImageFromRaw(new Uint8Array(1), 1, 1))).toBe('IMAGE_TOO_SMALL');
    expect(errorCodeOf(() => grayImageFromRaw(new Uint8Array(2500 * 100), 2500, 100))).toBe('IMAGE_TOO_LARGE');
  });
});
