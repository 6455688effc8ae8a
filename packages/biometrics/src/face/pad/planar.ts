import type { Point } from '../align.ts';

/**
 * Is the motion between two views of a face the motion of a plane? Every view of a flat print
 * (moved, tilted, rotated; bent a little) is related to every other by one homography, so the
 * landmarks of a frontal and a turned frame fit a homography almost exactly. A real head turning
 * moves its nose, eyes and cheeks at different depths: parallax no homography can absorb.
 * The residual of the best homography, over the inter-ocular distance, measures that parallax.
 */

/** 3×3 homography, row-major, h[8] = 1. */
export type Homography = Float64Array;

/** Solves the n×n system A x = b by Gaussian elimination with partial pivoting (A row-major). */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (Math.abs(m[p * n + c]) < 1e-12) return null;
    if (p !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < n; k++) s -= m[r * n + k] * x[k];
    x[r] = s / m[r * n + r];
  }
  return x;
}

/** Hartley normalisation: centroid to the origin, mean distance √2. Returns [scale, cx, cy]. */
function normaliser(points: readonly Point[]): [number, number, number] {
  let cx = 0, cy = 0;
  for (const [x, y] of points) { cx += x; cy += y; }
  cx /= points.length; cy /= points.length;
  let d = 0;
  for (const [x, y] of points) d += Math.hypot(x - cx, y - cy);
  d /= points.length;
  return [d > 0 ? Math.SQRT2 / d : 1, cx, cy];
}

function apply(h: ArrayLike<number>, [x, y]: Point): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/**
 * Least-squares homography mapping `from` onto `to` (≥ 4 pairs): the direct linear transform on
 * Hartley-normalised points with h33 = 1 (Hartley & Zisserman 2004, §4.4), normal equations.
 * Null when the points are degenerate.
 */
export function fitHomography(from: readonly Point[], to: readonly Point[]): Homography | null {
  if (from.length !== to.length || from.length < 4) return null;
  const [sa, ax, ay] = normaliser(from);
  const [sb, bx, by] = normaliser(to);
  const ata = new Float64Array(64);
  const atb = new Float64Array(8);
  const add = (row: number[], rhs: number) => {
    for (let i = 0; i < 8; i++) {
      atb[i] += row[i] * rhs;
      for (let j = 0; j < 8; j++) ata[i * 8 + j] += row[i] * row[j];
    }
  };
  for (let k = 0; k < from.length; k++) {
    const x = (from[k][0] - ax) * sa, y = (from[k][1] - ay) * sa;
    const u = (to[k][0] - bx) * sb, v = (to[k][1] - by) * sb;
    add([x, y, 1, 0, 0, 0, -u * x, -u * y], u);
    add([0, 0, 0, x, y, 1, -v * x, -v * y], v);
  }
  const h = solve(ata, atb, 8);
  if (!h) return null;
  const hn = [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1];
  // Undo the normalisations: H = Tb⁻¹ · Hn · Ta.
  const ta = [sa, 0, -sa * ax, 0, sa, -sa * ay, 0, 0, 1];
  const tbi = [1 / sb, 0, bx, 0, 1 / sb, by, 0, 0, 1];
  const mul = (p: number[], q: number[]) => Array.from({ length: 9 }, (_, i) => {
    const r = Math.floor(i / 3), c = i % 3;
    return p[r * 3] * q[c] + p[r * 3 + 1] * q[3 + c] + p[r * 3 + 2] * q[6 + c];
  });
  const full = mul(tbi, mul(hn, ta));
  return Float64Array.from(full.map((v) => v / full[8]));
}

/**
 * Root-mean-square distance between `to` and the homography image of `from`, divided by the
 * inter-ocular distance `scale` of `to` (so it does not depend on how close the face is).
 * Infinity when no homography fits.
 */
export function homographyResidual(from: readonly Point[], to: readonly Point[], scale: number): number {
  const h = fitHomography(from, to);
  if (!h) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let k = 0; k < from.length; k++) {
    const [x, y] = apply(h, from[k]);
    sum += (x - to[k][0]) ** 2 + (y - to[k][1]) ** 2;
  }
  return Math.sqrt(sum / from.length) / Math.max(1e-6, scale);
}
