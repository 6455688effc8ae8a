import sharp, { type Metadata } from 'sharp';
import { faceError } from './codes.ts';
import { Parameters } from './parameters.ts';

/** 8-bit RGB pixels, row-major, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A decoded upload: the copy inference runs on and its scale relative to the original. */
export interface DecodedImage {
  image: RgbImage;
  /** Multiply coordinates in `image` by this to get coordinates in the uploaded file. */
  toOriginal: number;
  original: { width: number; height: number; format: string };
}

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);

/**
 * Decodes JPEG / PNG / WebP to RGB, honouring EXIF orientation (phones store portraits rotated)
 * and flattening transparency onto white. Size limits are checked on the bytes first and on the
 * header's dimensions before any pixel is decoded.
 */
export async function decodeImage(input: Uint8Array): Promise<DecodedImage> {
  if (!input || input.byteLength === 0) throw faceError('FACE_IMAGE_EMPTY');
  if (input.byteLength > Parameters.image.maxBytes) {
    throw faceError('FACE_IMAGE_TOO_LARGE', { bytes: input.byteLength, maxBytes: Parameters.image.maxBytes });
  }
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw faceError('FACE_IMAGE_CORRUPT');
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
    throw faceError('FACE_IMAGE_CORRUPT', { reason: 'unsupported-format', format: meta.format ?? null });
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width * height > Parameters.image.maxPixels) {
    throw faceError('FACE_IMAGE_TOO_LARGE', { width, height, maxPixels: Parameters.image.maxPixels });
  }
  if (width < Parameters.image.minSide || height < Parameters.image.minSide) {
    throw faceError('FACE_NOT_FOUND', { reason: 'image-too-small', width, height });
  }
  const longer = Math.max(width, height);
  const scale = Math.min(1, Parameters.image.maxInferenceSide / longer);
  try {
    let pipeline = sharp(input, { limitInputPixels: Parameters.image.maxPixels, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
    if (scale < 1) pipeline = pipeline.resize(Math.round(width * scale), Math.round(height * scale), { kernel: 'lanczos3' });
    const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return {
      image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) },
      toOriginal: width / info.width,
      original: { width, height, format: meta.format },
    };
  } catch {
    // A valid header over truncated or damaged pixel data fails here.
    throw faceError('FACE_IMAGE_CORRUPT', { reason: 'undecodable-pixels' });
  }
}

/** Mean of all samples of an image, 0–255. */
export function meanLevel(image: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < image.data.length; i++) sum += image.data[i];
  return sum / Math.max(1, image.data.length);
}

/**
 * Copy padded with replicated edge pixels, for the detector retries (see Parameters.detection):
 * optionally brightened with a gamma that brings a dark image's mean to mid-grey, and/or
 * contrast-equalised (CLAHE).
 */
export async function padWithEdges(image: RgbImage, pad: number, options: { brighten?: boolean; equalise?: boolean } = {}): Promise<RgbImage> {
  const padded = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, extendWith: 'copy' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const data = new Uint8Array(padded.data.buffer, padded.data.byteOffset, padded.data.byteLength);
  if (options.brighten) {
    const mean = meanLevel(image);
    const target = Parameters.detection.brightenTargetMean;
    if (mean > 0.5 && mean < target) {
      const gamma = Math.log(target / 255) / Math.log(mean / 255);
      const lut = new Uint8Array(256);
      for (let v = 0; v < 256; v++) lut[v] = Math.round(255 * Math.pow(v / 255, gamma));
      for (let i = 0; i < data.length; i++) data[i] = lut[data[i]];
    }
  }
  let result: RgbImage = { width: padded.info.width, height: padded.info.height, data };
  if (options.equalise) {
    const eq = await sharp(result.data, { raw: { width: result.width, height: result.height, channels: 3 } })
      .clahe({ width: Parameters.detection.claheTile, height: Parameters.detection.claheTile, maxSlope: Parameters.detection.claheMaxSlope })
      .raw()
      .toBuffer({ resolveWithObject: true });
    result = { width: eq.info.width, height: eq.info.height, data: new Uint8Array(eq.data.buffer, eq.data.byteOffset, eq.data.byteLength) };
  }
  return result;
}
