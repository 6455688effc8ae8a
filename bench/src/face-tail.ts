/**
 * Fits the impostor-score tail a face model ships with (packages/biometrics/src/face/calibration.ts,
 * `impostorTail`), and checks it on people the fit never saw.
 *
 *   npm run bench:face-tail -- --dataset DIR [--seed S] [--exceedance P] [--check DIR2]
 *
 * The fit uses only the *fit* third of the identities of the face 1:N benchmark's split (seed S,
 * face-gallery/split.ts): every cross-identity pair among their images, a generalized Pareto over
 * the top fraction P of those scores (impostor-tail.ts). bench:face-gallery with the same seed then
 * reports on the other two thirds (leave-people-out). The check prints, at scores down to FMR 10⁻⁶,
 * the tail's FMR beside the FMR counted over every impostor pair of the held-out people (and of
 * --check's set, another population, when given).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Calibration, fitImpostorTail, tailFmr, tailThreshold, type ImpostorTail } from '@siap/biometrics/face';
import { embedDataset, type LabelledEmbedding } from './face-gallery/embeddings.ts';
import { normalised } from './face-gallery/distractors.ts';
import { splitIdentities } from './face-gallery/split.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    seed: { type: 'string', default: '1' },
    exceedance: { type: 'string', default: '0.01' },
    check: { type: 'string' },
  },
});
if (!values.dataset) throw new Error('Uso: npm run bench:face-tail -- --dataset DIR [--seed S] [--exceedance P] [--check DIR2]');
const seed = Number(values.seed);
const exceedance = Number(values.exceedance);

const set = await embedDataset(values.dataset);
const groups = splitIdentities(set.items, seed);
const heldOut = [...[...groups.enrolled.values()].flat(), ...groups.outsiders];
const fitScores = impostorScores(groups.fit);
const sorted = Float64Array.from(fitScores).sort();
const start = sorted[Math.floor((1 - exceedance) * sorted.length)];
const tail = fitImpostorTail(fitScores, start, fitScores.length);
const name = path.basename(path.resolve(values.dataset));
console.log(`${name} (${set.model}): fit on the fit third (seed ${seed}): ${groups.fitIdentities} people, ${groups.fit.length} images, ${fitScores.length} impostor pairs`);
console.log(
  `GPD tail above u = ${tail.start.toFixed(4)} (top ${(exceedance * 100).toFixed(2)} %, ${tail.exceedances} exceedances): ` +
    `shape ξ = ${tail.shape.toFixed(4)}, scale σ = ${tail.scale.toFixed(5)}, p_u = ${tail.exceedance.toExponential(4)}` +
    (tail.shape < 0 ? `; endpoint ${(tail.start - tail.scale / tail.shape).toFixed(4)}` : ''),
);
console.log(`calibration.ts literal: { start: ${tail.start.toFixed(4)}, exceedance: ${tail.exceedance.toPrecision(4)}, shape: ${tail.shape.toFixed(4)}, scale: ${tail.scale.toPrecision(4)} }`);

const oneToOne = Calibration[set.model]?.threshold;
const points = [...(oneToOne === undefined ? [] : [oneToOne]), ...[1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8].map((f) => tailThreshold(tail, f))];
report(`fit people (${fitScores.length} pairs)`, fitScores, tail, points);
const heldScores = impostorScores(heldOut);
report(`held-out people of ${name} (${groups.enrolled.size + new Set(groups.outsiders.map((o) => o.identity)).size} people, ${heldOut.length} images, ${heldScores.length} pairs)`, heldScores, tail, points);
if (values.check) {
  const other = await embedDataset(values.check);
  const otherScores = impostorScores(other.items);
  report(`${path.basename(path.resolve(values.check))} (${other.items.length} images, ${otherScores.length} pairs)`, otherScores, tail, points);
}

/** Cosine of every pair of images of different people. */
function impostorScores(items: readonly LabelledEmbedding[]): Float32Array {
  const unit = items.map((i) => normalised(i.embedding));
  const out: number[] = [];
  for (let a = 0; a < unit.length; a++) {
    for (let b = a + 1; b < unit.length; b++) {
      if (items[a].identity === items[b].identity) continue;
      let s = 0;
      const u = unit[a], v = unit[b];
      for (let i = 0; i < u.length; i++) s += u[i] * v[i];
      out.push(s);
    }
  }
  return Float32Array.from(out);
}

function report(label: string, scores: Float32Array, model: ImpostorTail, thresholds: number[]): void {
  console.log(`${label}: FMR counted vs FMR of the tail`);
  for (const t of thresholds) {
    let count = 0;
    for (const s of scores) if (s >= t) count++;
    console.log(`  t=${t.toFixed(4)}  counted ${(count / scores.length).toExponential(2)} (${count})  tail ${tailFmr(model, t).toExponential(2)}`);
  }
}
