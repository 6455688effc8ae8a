import sharp, { type Metadata } from 'sharp';
import { BiometricError } from '../../errors.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import { WORKING_DPI } from '../types.ts';
import {
  DEFAULT_SOURCE_DPI,
  MAX_IMAGE_SIDE_PX,
  MAX_TRUSTED_METADATA_DPI,
  MIN_TRUSTED_METADATA_DPI,
} from '../extraction-parameters.ts';
import { decodeWsq } from '../../wsq/decode.ts';
import { isWsq } from '../../wsq/markers.ts';
import { decodeBmp, isBmp } from './bmp.ts';
import { resampleGray, scaledSize } from './resample.ts';
import { checkDeclaredDpi, checkEncodedSize, checkSourceDimensions, checkWorkingDimensions } from './validation.ts';

export interface DecodeOptions {
  /** Source resolution. Default: the file's resolution tag if plausible for a scanner, else 500. */
  dpi?: number;
}

/**
 * Decodes PNG, JPEG, TIFF (incl. LZW and palette), BMP or WSQ (FBI) into 8-bit gray at the
 * 500 dpi working resolution. Size limits are enforced from the header before pixels are decoded.
 */
export async function decodeFingerprintImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<GrayImage> {
  checkEncodedSize(bytes.length);
  if (options.dpi !== undefined) checkDeclaredDpi(options.dpi);
  const { image, metadataDpi } = isBmp(bytes) ? bmpWithDpi(bytes) : isWsq(bytes) ? wsqWithDpi(bytes) : await decodeWithSharp(bytes);
  return toWorkingResolution(image, options.dpi ?? trustedDpi(metadataDpi));
}

/**
 * Wraps raw 8-bit gray pixels (row-major, 0 = black) and rescales them to 500 dpi. Synchronous:
 * uses the engine's own tent-filter resampler, the same one `decodeFingerprintImage` uses, so a
 * raw capture and its PNG give identical working images.
 */
export function grayImageFromRaw(data: Uint8Array, width: number, height: number, dpi: number = DEFAULT_SOURCE_DPI): GrayImage {
  checkEncodedSize(data.length);
  checkDeclaredDpi(dpi);
  checkSourceDimensions(width, height);
  if (data.length !== width * height) {
    throw new BiometricError(
      'IMAGE_CORRUPT',
      `Los datos de la imagen no corresponden a sus dimensiones (${data.length} bytes para ${width}×${height}).`,
      { byteLength: data.length, width, height },
    );
  }
  return toWorkingResolution({ width, height, data }, dpi);
}

function toWorkingResolution(image: GrayImage, dpi: number): GrayImage {
  const size = scaledSize(image.width, image.height, dpi, WORKING_DPI);
  checkWorkingDimensions(size.width, size.height);
  return resampleGray(image, size.width, size.height);
}

function trustedDpi(metadataDpi: number | undefined): number {
  if (metadataDpi !== undefined && metadataDpi >= MIN_TRUSTED_METADATA_DPI && metadataDpi <= MAX_TRUSTED_METADATA_DPI) {
    return metadataDpi;
  }
  return DEFAULT_SOURCE_DPI;
}

function bmpWithDpi(bytes: Uint8Array): { image: GrayImage; metadataDpi: number | undefined } {
  const { image, dpi } = decodeBmp(bytes);
  return { image, metadataDpi: dpi };
}

/** WSQ carries its resolution in the NISTCOM comment's PPI field; same trust rule as a DPI tag. */
function wsqWithDpi(bytes: Uint8Array): { image: GrayImage; metadataDpi: number | undefined } {
  const { width, height, data, ppi } = decodeWsq(bytes);
  return { image: { width, height, data }, metadataDpi: ppi };
}

async function decodeWithSharp(bytes: Uint8Array): Promise<{ image: GrayImage; metadataDpi: number | undefined }> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sharpOptions = { limitInputPixels: MAX_IMAGE_SIDE_PX * MAX_IMAGE_SIDE_PX, failOn: 'truncated' as const };
  let metadata: Metadata;
  try {
    // Header only: no pixel is decoded here, so no pixel limit is needed yet.
    metadata = await sharp(input, { failOn: 'truncated' }).metadata();
  } catch (cause) {
    throw corrupt(cause);
  }
  checkSourceDimensions(metadata.width ?? 0, metadata.height ?? 0);
  try {
    const { data, info } = await sharp(input, sharpOptions)
      .flatten({ background: '#ffffff' })
      .grayscale()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const gray = new Uint8Array(info.width * info.height);
    const channels = info.channels;
    for (let i = 0, p = 0; i < gray.length; i++, p += channels) gray[i] = data[p];
    return { image: { width: info.width, height: info.height, data: gray }, metadataDpi: metadata.density };
  } catch (cause) {
    throw corrupt(cause);
  }
}

function corrupt(cause: unknown): BiometricError {
  if (cause instanceof BiometricError) return cause;
  return new BiometricError(
    'IMAGE_CORRUPT',
    'No se pudo leer la imagen: el archivo está dañado, incompleto o no es una imagen (PNG, JPEG, TIFF, BMP o WSQ).',
    { cause: String(cause) },
  );
}
