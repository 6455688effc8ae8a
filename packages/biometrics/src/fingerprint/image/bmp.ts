import { decode as decodeBmpPixels } from 'bmp-ts';
import { BiometricError } from '../../errors.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import { checkSourceDimensions } from './validation.ts';

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

const FILE_HEADER_BYTES = 14;
const INFO_HEADER_MIN_BYTES = 40;

/**
 * Decodes a BMP (sharp/libvips cannot) with `bmp-ts`. The size fields are read from the header
 * first so an absurd declared size is rejected before the decoder allocates anything.
 */
export function decodeBmp(bytes: Uint8Array): { image: GrayImage; dpi: number | undefined } {
  if (bytes.length < FILE_HEADER_BYTES + INFO_HEADER_MIN_BYTES) {
    throw new BiometricError('IMAGE_CORRUPT', 'La imagen BMP está incompleta o dañada.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getInt32(18, true);
  const height = Math.abs(view.getInt32(22, true));
  checkSourceDimensions(width, height);
  const pixelsPerMeter = view.getInt32(38, true);
  let rgba: Uint8Array;
  try {
    const decoded = decodeBmpPixels(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { toRGBA: true });
    if (decoded.width !== width || Math.abs(decoded.height) !== height || decoded.data.length < width * height * 4) {
      throw new Error('size mismatch');
    }
    rgba = decoded.data;
  } catch (cause) {
    throw new BiometricError('IMAGE_CORRUPT', 'La imagen BMP está incompleta o dañada.', { cause: String(cause) });
  }
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    // ITU-R BT.601 luma, the same weights libvips uses for its b-w conversion.
    data[i] = Math.round(0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2]);
  }
  const dpi = pixelsPerMeter > 0 ? pixelsPerMeter * 0.0254 : undefined;
  return { image: { width, height, data }, dpi };
}
