/**
 * Synthetic face embeddings for a large 1:N gallery, drawn from a multivariate normal fitted to
 * real embeddings (mean and full covariance of L2-normalised embeddings of a labelled set).
 *
 * Why a fitted normal and not uniform random vectors: uniform directions in 128-d are nearly
 * orthogonal to everything (cosine ≈ 0 ± 0.09), while real face embeddings crowd in a cone
 * (impostor cosines of the face-api ResNet around 0.4–0.8), so uniform distractors would never
 * compete with a mate and would flatter rank-1 and FPIR. And not jittered copies of real
 * embeddings: a copy of a real person is that person, so it would be a mate, not a distractor.
 * The fit keeps the cone's direction and spread along every axis; the benchmark prints the
 * impostor scores of distractors beside those of real impostor pairs so the difference is seen.
 *
 * Rows are produced in chunks from per-chunk seeds, so any chunk can be regenerated (the exact
 * reference scan re-draws them instead of holding a second copy of 1 M rows).
 */
import { seededRandom } from '../face/dataset.ts';

export interface FittedNormal {
  dims: number;
  mean: Float64Array;
  /** Lower-triangular Cholesky factor of the covariance, row-major dims × dims. */
  chol: Float64Array;
  /** How many vectors the fit saw. */
  samples: number;
}

export const CHUNK_ROWS = 4096;

export function fitNormal(vectors: readonly Float32Array[]): FittedNormal {
  const dims = vectors[0].length;
  const mean = new Float64Array(dims);
  const unit = vectors.map(normalised);
  for (const v of unit) for (let i = 0; i < dims; i++) mean[i] += v[i] / unit.length;
  const cov = new Float64Array(dims * dims);
  for (const v of unit) {
    for (let i = 0; i < dims; i++) {
      const di = v[i] - mean[i];
      for (let j = 0; j <= i; j++) cov[i * dims + j] += (di * (v[j] - mean[j])) / (unit.length - 1);
    }
  }
  // A small ridge keeps the factorisation defined when the sample is barely larger than dims.
  let trace = 0;
  for (let i = 0; i < dims; i++) trace += cov[i * dims + i];
  const ridge = (1e-6 * trace) / dims;
  for (let i = 0; i < dims; i++) cov[i * dims + i] += ridge;
  return { dims, mean, chol: cholesky(cov, dims), samples: unit.length };
}

/** Rows [chunk × CHUNK_ROWS, …) of the distractor stream (not normalised), `rows` of them. */
export function distractorChunk(model: FittedNormal, seed: number, chunk: number, rows: number): Float32Array {
  const { dims, mean, chol } = model;
  const rnd = seededRandom((seed * 1_000_003 + chunk * 7919) >>> 0);
  const out = new Float32Array(rows * dims);
  const z = new Float64Array(dims);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < dims; i += 2) {
      // Box–Muller: two standard normals per pair of uniforms.
      const u = 1 - rnd(), v = rnd();
      const m = Math.sqrt(-2 * Math.log(u));
      z[i] = m * Math.cos(2 * Math.PI * v);
      if (i + 1 < dims) z[i + 1] = m * Math.sin(2 * Math.PI * v);
    }
    const base = r * dims;
    for (let i = 0; i < dims; i++) {
      let x = mean[i];
      const row = i * dims;
      for (let j = 0; j <= i; j++) x += chol[row + j] * z[j];
      out[base + i] = x;
    }
  }
  return out;
}

export function normalised(v: ArrayLike<number>): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  const k = 1 / Math.sqrt(n);
  return Float32Array.from(v, (x) => x * k);
}

function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('covariance is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  return l;
}
