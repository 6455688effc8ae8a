import type { RgbImage } from './decode.ts';

export type Point = [number, number];

/**
 * The five-point template of ArcFace / InsightFace (Deng et al. 2019) for a 112×112 crop:
 * eye centres, nose tip, mouth corners, in image order (image-left first). Every embedding model
 * here receives faces warped onto these spots, so pose in the image plane and scale are removed.
 */
export const ARCFACE_TEMPLATE_112: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/**
 * dlib's mean face shape: points 17–67 of the iBUG 300-W 68-point layout (brows, nose, eyes,
 * lips; no jaw line) in a unit square, as dlib's `get_face_chip_details` uses it to cut the
 * 150 px chips its face-recognition ResNet (and so face-api's port) was trained on. Index i of
 * each array is iBUG point 17 + i.
 */
const DLIB_MEAN_X = [0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
  0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
  0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
  0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
  0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
  0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
  0.553364, 0.490127, 0.42689];
const DLIB_MEAN_Y = [0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
  0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
  0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
  0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
  0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
  0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
  0.784792, 0.824182, 0.831803, 0.824182];

/** Where iBUG point `ibug` (17..67) lands in a dlib chip of side `size` with `padding`. */
export function dlibChipPoint(ibug: number, size: number, padding: number): Point {
  const i = ibug - 17;
  if (!(i >= 0 && i < DLIB_MEAN_X.length)) throw new RangeError(`iBUG point ${ibug} is not in dlib's mean face (17..67)`);
  return [((padding + DLIB_MEAN_X[i]) / (2 * padding + 1)) * size, ((padding + DLIB_MEAN_Y[i]) / (2 * padding + 1)) * size];
}

/**
 * dlib-style face chip (`get_face_chip_details(shape, size, padding)`): the least-squares
 * similarity that puts the given iBUG points (`ibug[k]` is the index of `points[k]`) on dlib's
 * mean face, `padding` (share of the face's extent) added on every side. dlib's ResNet was
 * trained on chips of 150 px with padding 0.25.
 */
export function dlibChip(image: RgbImage, points: readonly Point[], ibug: readonly number[], size: number, padding: number): Float32Array {
  const dst = ibug.map((i) => dlibChipPoint(i, size, padding));
  return warpSimilarity(image, estimateSimilarity(points, dst), size);
}

/** Row-major 2×3 similarity matrix [a, -b, tx; b, a, ty] mapping source to destination. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Least-squares similarity (rotation, uniform scale, translation; no reflection): Umeyama 1991. */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  const n = src.length;
  let sx = 0, sy = 0, dx = 0, dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[i][0]; sy += src[i][1]; dx += dst[i][0]; dy += dst[i][1];
  }
  sx /= n; sy /= n; dx /= n; dy /= n;
  let num1 = 0, num2 = 0, den = 0;
  for (let i = 0; i < n; i++) {
    const px = src[i][0] - sx, py = src[i][1] - sy;
    const qx = dst[i][0] - dx, qy = dst[i][1] - dy;
    num1 += px * qx + py * qy;
    num2 += px * qy - py * qx;
    den += px * px + py * py;
  }
  const a = num1 / den;
  const b = num2 / den;
  return { a, b, tx: dx - (a * sx - b * sy), ty: dy - (b * sx + a * sy) };
}

export function applySimilarity(m: Similarity, p: Point): Point {
  return [m.a * p[0] - m.b * p[1] + m.tx, m.b * p[0] + m.a * p[1] + m.ty];
}

/** A square crop window in the coordinates of the 112 px template: [left, top, side]. */
export type TemplateWindow = readonly [number, number, number];

/** The centred window of side 112 / zoom: zoom < 1 shows more forehead and chin. */
export function zoomWindow(zoom: number): TemplateWindow {
  const side = 112 / zoom;
  return [56 - side / 2, 56 - side / 2, side];
}

/**
 * Crop of side `size` in which the five template spots receive `points`; `window` (template
 * units) selects how much around the face the crop shows (default: the ArcFace 112 framing).
 * Returns interleaved RGB floats in 0..255. Pixels outside the image repeat the nearest edge.
 */
export function alignFace(image: RgbImage, points: readonly Point[], size: number, window: TemplateWindow | number = 1): Float32Array {
  const [wx, wy, side] = typeof window === 'number' ? zoomWindow(window) : window;
  const k = size / side;
  const dst = ARCFACE_TEMPLATE_112.map(([x, y]) => [(x - wx) * k, (y - wy) * k] as Point);
  return warpSimilarity(image, estimateSimilarity(points, dst), size);
}

/**
 * Crop of side `size` sampled through the inverse of `m` (source image → crop pixels), bilinear,
 * interleaved RGB floats in 0..255. Pixels outside the image repeat the nearest edge.
 */
export function warpSimilarity(image: RgbImage, m: Similarity, size: number): Float32Array {
  // Invert the similarity to sample the source for each destination pixel.
  const det = m.a * m.a + m.b * m.b;
  const ia = m.a / det, ib = -m.b / det;
  const itx = -(ia * m.tx - ib * m.ty);
  const ity = -(ib * m.tx + ia * m.ty);
  const out = new Float32Array(size * size * 3);
  const { width, height, data } = image;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sxf = ia * x - ib * y + itx;
      const syf = ib * x + ia * y + ity;
      const x0f = Math.floor(sxf), y0f = Math.floor(syf);
      const fx = sxf - x0f, fy = syf - y0f;
      const x0 = Math.min(width - 1, Math.max(0, x0f)), x1 = Math.min(width - 1, Math.max(0, x0f + 1));
      const y0 = Math.min(height - 1, Math.max(0, y0f)), y1 = Math.min(height - 1, Math.max(0, y0f + 1));
      const i00 = (y0 * width + x0) * 3, i01 = (y0 * width + x1) * 3;
      const i10 = (y1 * width + x0) * 3, i11 = (y1 * width + x1) * 3;
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[i00 + c] + (data[i01 + c] - data[i00 + c]) * fx;
        const bottom = data[i10 + c] + (data[i11 + c] - data[i10 + c]) * fx;
        out[o + c] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

/** ITU-R BT.601 luma of an interleaved RGB float crop. */
export function toGrey(rgb: Float32Array): Float32Array {
  const n = rgb.length / 3;
  const grey = new Float32Array(n);
  for (let i = 0; i < n; i++) grey[i] = 0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2];
  return grey;
}
