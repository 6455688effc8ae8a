/**
 * Refits the similarity weights of the fingerprint matcher (SIMILARITY_WEIGHTS in
 * packages/biometrics/src/fingerprint/matcher-parameters.ts) and reports what they are worth:
 *
 *   npx tsx bench/src/fingerprint/fit-weights.ts --dataset ../shared/datasets/fingerprints --cache DIR [--fit]
 *
 * Compares every pair of every set once (protocol all; the fvc comparisons are a subset of
 * them), keeps the evidence terms of each comparison's best pairing (matcher/scoring.ts), and
 * prints the EER of every set and protocol with the current weights. With --fit it fits the
 * weights by logistic regression (Newton steps; class-balanced within each set and every set
 * weighted equally, so Neurotech's 83,028 pairs do not drown the FVC sets' 3,160), prints them,
 * and checks they generalise: refit once per set without that set, score the set with the weights
 * of the others, and report the held-out mean EER next to the in-sample one.
 */
import { parseArgs } from 'node:util';
import { prepareProbe, prepareTemplate, type PreparedTemplate } from '@siap/biometrics/fingerprint';
import { SIMILARITY_TERMS, SIMILARITY_WEIGHTS } from '../../../packages/biometrics/src/fingerprint/matcher-parameters.ts';
import { matchEvidence } from '../../../packages/biometrics/src/fingerprint/matcher/match.ts';
import { computeErrorRates, percent } from '../lib/index.ts';
import { comparisons, discoverDatasets, type Comparison } from './dataset.ts';
import { TemplateSource } from './extraction.ts';

const TERMS = SIMILARITY_TERMS.length;
/** Ridge penalty on the weights (not the bias): only keeps Newton steps well-posed. */
const RIDGE = 1e-4;
const NEWTON_STEPS = 30;

interface SetEvidence {
  name: string;
  all: Comparison[];
  /** Indices into `all` of the fvc protocol's comparisons. */
  fvc: number[];
  /** TERMS values per comparison; NaN in the first when no root pair exists (score −∞). */
  terms: Float64Array;
}

async function collect(datasetDir: string, cache: string | null): Promise<SetEvidence[]> {
  const source = new TemplateSource(cache);
  const out: SetEvidence[] = [];
  for (const dataset of discoverDatasets(datasetDir, 500, false)) {
    const prepared: PreparedTemplate[] = [];
    for (const image of dataset.images) {
      const { template } = await source.extract(dataset.name, image.file, image.path, dataset.dpi);
      prepared.push(prepareProbe(prepareTemplate(template)));
    }
    const all = comparisons(dataset.images, 'all');
    const index = new Map(all.map((c, k) => [`${c.probe},${c.candidate}`, k]));
    const fvc = comparisons(dataset.images, 'fvc').map((c) => index.get(`${c.probe},${c.candidate}`)!);
    const terms = new Float64Array(all.length * TERMS);
    const row = new Float64Array(TERMS);
    all.forEach((c, k) => {
      if (matchEvidence(prepared[c.probe], prepared[c.candidate], row)) terms.set(row, k * TERMS);
      else terms[k * TERMS] = Number.NaN;
    });
    out.push({ name: dataset.name, all, fvc, terms });
    process.stderr.write(`${dataset.name}: ${all.length} comparisons\n`);
  }
  return out;
}

function raw(set: SetEvidence, k: number, w: Float64Array): number {
  const base = k * TERMS;
  if (Number.isNaN(set.terms[base])) return -1e9;
  let s = 0;
  for (let i = 0; i < TERMS; i++) s += w[i] * set.terms[base + i];
  return s;
}

function eer(set: SetEvidence, indices: Iterable<number>, w: Float64Array): number {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (const k of indices) (set.all[k].genuine ? genuine : impostor).push(raw(set, k, w));
  return computeErrorRates(genuine, impostor).eer;
}

/** Logistic regression by Newton's method over the given sets (see the header for the weighting). */
function fit(sets: SetEvidence[], start: Float64Array): Float64Array {
  const w = Float64Array.from(start);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const grad = new Float64Array(TERMS);
    const hess = new Float64Array(TERMS * TERMS);
    for (const set of sets) {
      let genuineCount = 0;
      let impostorCount = 0;
      for (const c of set.all) if (c.genuine) genuineCount++; else impostorCount++;
      for (let k = 0; k < set.all.length; k++) {
        const base = k * TERMS;
        if (Number.isNaN(set.terms[base])) continue;
        const y = set.all[k].genuine ? 1 : 0;
        const weight = 0.5 / (y === 1 ? genuineCount : impostorCount);
        const z = raw(set, k, w);
        const p = 1 / (1 + Math.exp(-z));
        const r = weight * p * (1 - p);
        for (let i = 0; i < TERMS; i++) {
          const xi = set.terms[base + i];
          grad[i] += weight * (p - y) * xi;
          for (let j = i; j < TERMS; j++) hess[i * TERMS + j] += r * xi * set.terms[base + j];
        }
      }
    }
    for (let i = 0; i < TERMS; i++) {
      for (let j = 0; j < i; j++) hess[i * TERMS + j] = hess[j * TERMS + i];
      if (i > 0) {
        grad[i] += RIDGE * w[i];
        hess[i * TERMS + i] += RIDGE;
      }
    }
    const delta = solve(hess, grad);
    // Halve the Newton step until the loss does not rise (far from the optimum, with terms on
    // very different scales, a full step can overshoot into saturation).
    const before = loss(sets, w);
    let scale = 1;
    let trial = w.map((v, i) => v - delta[i]);
    while (!(loss(sets, trial) <= before) && scale > 1e-6) {
      scale /= 2;
      trial = w.map((v, i) => v - scale * delta[i]);
    }
    let size = 0;
    for (let i = 0; i < TERMS; i++) size = Math.max(size, Math.abs(trial[i] - w[i]));
    w.set(trial);
    if (size < 1e-9) break;
  }
  return w;
}

/** The penalised, weighted logistic loss that fit() minimises. */
function loss(sets: SetEvidence[], w: Float64Array): number {
  let sum = 0;
  for (const set of sets) {
    let genuineCount = 0;
    for (const c of set.all) if (c.genuine) genuineCount++;
    const impostorCount = set.all.length - genuineCount;
    for (let k = 0; k < set.all.length; k++) {
      if (Number.isNaN(set.terms[k * TERMS])) continue;
      const genuine = set.all[k].genuine;
      const z = raw(set, k, w);
      // log(1 + e^(−z)) for genuine, log(1 + e^z) for impostors, computed without overflow.
      const m = genuine ? -z : z;
      sum += (0.5 / (genuine ? genuineCount : impostorCount)) * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
    }
  }
  for (let i = 1; i < TERMS; i++) sum += 0.5 * RIDGE * w[i] * w[i];
  return sum;
}

/** Solves a·x = b (a symmetric positive definite, TERMS × TERMS) by Gaussian elimination with pivoting. */
function solve(a: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[pivot * n + c])) pivot = r;
    if (pivot !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[pivot * n + k]] = [m[pivot * n + k], m[c * n + k]];
      [x[c], x[pivot]] = [x[pivot], x[c]];
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

function report(label: string, sets: SetEvidence[], weightsFor: (set: number) => Float64Array): number {
  let sum = 0;
  const parts: string[] = [];
  sets.forEach((set, s) => {
    const w = weightsFor(s);
    const fvc = eer(set, set.fvc, w);
    const all = eer(set, set.all.keys(), w);
    sum += fvc + all;
    parts.push(`  ${set.name.padEnd(22)} fvc ${percent(fvc).padStart(6)}  all ${percent(all).padStart(6)}`);
  });
  const mean = sum / (2 * sets.length);
  console.log(`${label}: mean EER ${percent(mean)} over ${2 * sets.length} lines`);
  console.log(parts.join('\n'));
  return mean;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dataset: { type: 'string' }, cache: { type: 'string' }, fit: { type: 'boolean', default: false } },
  });
  if (!values.dataset) {
    throw new Error('Uso: npx tsx bench/src/fingerprint/fit-weights.ts --dataset DIR [--cache DIR] [--fit]');
  }
  const sets = await collect(values.dataset, values.cache ?? null);
  const current = Float64Array.from(SIMILARITY_TERMS, (t) => SIMILARITY_WEIGHTS[t]);
  report('current weights', sets, () => current);
  if (!values.fit) return;
  const fitted = fit(sets, current);
  report('refit, in-sample', sets, () => fitted);
  const heldOut = sets.map((_, s) => fit(sets.filter((__, o) => o !== s), fitted));
  report('refit, each set held out', sets, (s) => heldOut[s]);
  console.log('SIMILARITY_WEIGHTS = {');
  SIMILARITY_TERMS.forEach((t, i) => console.log(`  ${t}: ${fitted[i].toFixed(4)},`));
  console.log('}');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
