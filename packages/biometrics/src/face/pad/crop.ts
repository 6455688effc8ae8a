import { alignFace } from '../align.ts';
import type { RgbImage } from '../decode.ts';
import { fivePoints, type DetectedFace } from '../detect.ts';
import { PadParameters } from './parameters.ts';

/** A square RGB crop, interleaved floats 0..255, side `size`. */
export interface PadCrop {
  size: number;
  rgb: Float32Array;
}

/**
 * The crops the passive PAD reads, both cut by the same five-point similarity as the embedding
 * (so in-plane rotation and scale are removed and every face is measured at one scale):
 * `face` — the face and a little forehead and chin; `context` — twice as wide, with what
 * surrounds the head (a print's edge, the hand holding it, the background).
 */
export function padCrops(image: RgbImage, face: Pick<DetectedFace, 'mesh'>): { face: PadCrop; context: PadCrop } {
  const pts = fivePoints(face);
  const { cropSize, faceZoom, contextZoom } = PadParameters.crop;
  return {
    face: { size: cropSize, rgb: alignFace(image, pts, cropSize, faceZoom) },
    context: { size: cropSize, rgb: alignFace(image, pts, cropSize, contextZoom) },
  };
}
