import { Parameters } from './parameters.ts';

/** Face region of a crop in the 112 px template (brow to chin, between the temples). */
const INNER = { x0: 28, x1: 84, y0: 36, y1: 100 };

/** Mean luma of the inner face of an aligned crop (interleaved RGB floats, side `size`). */
export function innerMeanLuma(crop: Float32Array, size: number): number {
  const k = size / 112;
  let sum = 0, n = 0;
  for (let y = Math.floor(INNER.y0 * k); y < Math.ceil(INNER.y1 * k); y++) {
    for (let x = Math.floor(INNER.x0 * k); x < Math.ceil(INNER.x1 * k); x++) {
      const i = (y * size + x) * 3;
      sum += 0.299 * crop[i] + 0.587 * crop[i + 1] + 0.114 * crop[i + 2];
      n++;
    }
  }
  return sum / n;
}

/**
 * Brightens an under-exposed face crop in place with a gamma that brings the inner-face mean
 * to mid-grey. Only applied below `Parameters.photometric.darkFaceMean`: recognition CNNs
 * trained on web photos see few faces this dark, and a gamma (unlike a gain) lifts the shadows
 * without clipping the lit side. Faces of normal exposure are left untouched.
 */
export function brightenIfDark(crop: Float32Array, size: number): number {
  const mean = innerMeanLuma(crop, size);
  const { darkFaceMean, targetMean } = Parameters.photometric;
  if (mean >= darkFaceMean || mean <= 0.5) return 1;
  const gamma = Math.log(targetMean / 255) / Math.log(mean / 255);
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = 255 * Math.pow(v / 255, gamma);
  for (let i = 0; i < crop.length; i++) {
    const v = Math.min(255, Math.max(0, crop[i]));
    const lo = Math.floor(v), f = v - lo;
    crop[i] = lo >= 255 ? lut[255] : lut[lo] + (lut[lo + 1] - lut[lo]) * f;
  }
  return gamma;
}
