/**
 * L2-regularised logistic regression on standardised features: small, linear, and its weights
 * fit in a JSON file the package ships (pad/model.json). Training is Newton's method (IRLS) with
 * a Cholesky solve: exact and fast for a few hundred features and a few thousand samples.
 */
export interface LogisticModel {
  /** Per-feature mean and standard deviation of the training set (standardisation). */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface TrainOptions {
  /** L2 penalty on the weights (not the bias), relative to the number of samples. */
  l2: number;
  /** Weight the classes so that each contributes half the loss (default true). */
  balance?: boolean;
  iterations?: number;
}

/** Decision value (logit): > 0 leans to label 1. */
export function logit(model: LogisticModel, x: ArrayLike<number>): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += model.weights[j] * ((x[j] - model.mean[j]) / model.scale[j]);
  return z;
}

/** Probability of label 1. */
export function probability(model: LogisticModel, x: ArrayLike<number>): number {
  return 1 / (1 + Math.exp(-logit(model, x)));
}

/** Cholesky solve of the symmetric positive definite system A x = b (A is d×d, row-major). */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * d + j];
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * y[k];
    y[i] = s / l[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < d; k++) s -= l[k * d + i] * x[k];
    x[i] = s / l[i * d + i];
  }
  return x;
}

/** Fits the model to rows `x` with labels `y` (1 = positive class). */
export function trainLogistic(x: readonly ArrayLike<number>[], y: readonly number[], options: TrainOptions): LogisticModel {
  const n = x.length;
  const d = x[0].length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) mean[j] += row[j] / n;
  for (const row of x) for (let j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]) || 1;
  // Standardised design matrix with a trailing 1 for the bias.
  const D = d + 1;
  const z = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[i * D + j] = (x[i][j] - mean[j]) / scale[j];
    z[i * D + d] = 1;
  }
  const positives = y.reduce((a, b) => a + b, 0);
  const sampleWeight = y.map((label) => (options.balance ?? true)
    ? n / (2 * (label === 1 ? positives : n - positives))
    : 1);
  const lambda = options.l2 * n;
  const w = new Float64Array(D);
  for (let it = 0; it < (options.iterations ?? 25); it++) {
    const grad = new Float64Array(D);
    const hess = new Float64Array(D * D);
    for (let i = 0; i < n; i++) {
      const row = z.subarray(i * D, i * D + D);
      let t = 0;
      for (let j = 0; j < D; j++) t += w[j] * row[j];
      const p = 1 / (1 + Math.exp(-t));
      const g = sampleWeight[i] * (p - y[i]);
      const h = sampleWeight[i] * Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < D; j++) {
        grad[j] += g * row[j];
        const hr = h * row[j];
        for (let k = 0; k <= j; k++) hess[j * D + k] += hr * row[k];
      }
    }
    for (let j = 0; j < D; j++) for (let k = 0; k < j; k++) hess[k * D + j] = hess[j * D + k];
    for (let j = 0; j < d; j++) { grad[j] += lambda * w[j]; hess[j * D + j] += lambda; }
    hess[d * D + d] += 1e-6;
    const step = choleskySolve(hess, grad, D);
    let change = 0;
    for (let j = 0; j < D; j++) { w[j] -= step[j]; change = Math.max(change, Math.abs(step[j])); }
    if (change < 1e-6) break;
  }
  return { mean, scale, weights: Array.from(w.subarray(0, d)), bias: w[d] };
}
