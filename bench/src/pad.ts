/**
 * Presentation-attack detection benchmark (ISO/IEC 30107-3 rates): every image of a set through
 * the face engine's passive PAD (decode, detection, PAD crops, features, classifier).
 *
 *   npm run bench:pad -- --dataset DIR [--dataset DIR2] --out DIR [--folds K] [--workers N]
 *        [--features-cache FILE]   (one per --dataset, in order; see pad/extract.ts)
 *
 * DIR is `DIR/{live,spoof}/<subject>/<image>`. Scores are the shipped model's, or with
 * `--folds K` subject-wise cross-validated: subjects dealt into K folds, each fold scored by a
 * model trained on the other K−1 (the features are the engine's; only the classifier is
 * retrained). A set with neither live/ nor spoof/ (e.g. LFW, `DIR/<identity>/<image>`) is read as
 * bona fide photos only and scored by the shipped model: the line then gives the share the PAD
 * calls live.
 * Writes `scores.csv` (file,label,score; empty score when no face was found) and `det.svg` to
 * `--out/<set>/`. Rates count images with a face; `no_face` counts the others.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FacePool } from '@siap/biometrics/face';
import { scorePresentation, shippedPadModel } from '../../packages/biometrics/src/face/pad/passive.ts';
import { computeErrorRates, fmrAtFnmr, fnmrAtFmr, operatingPoints, percent, percentile, renderDetSvg, thresholdAtFnmr } from './lib/index.ts';
import { crossValidatedScores } from './pad/cross-validate.ts';
import { listPadDataset } from './pad/dataset.ts';
import { extractCached } from './pad/extract.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', multiple: true },
    out: { type: 'string' },
    folds: { type: 'string' },
    workers: { type: 'string' },
    'features-cache': { type: 'string', multiple: true },
  },
});
if (!values.dataset?.length || !values.out) {
  console.error('usage: npm run bench:pad -- --dataset DIR --out DIR [--folds K] [--workers N]');
  process.exit(2);
}
const folds = values.folds ? Number(values.folds) : null;
const model = shippedPadModel();
let started: Promise<FacePool> | null = null;
const pool = () => (started ??= FacePool.start({ workers: values.workers ? Number(values.workers) : undefined }));
console.log(`passive PAD: model=${model.id} features=${model.featureSet} threshold=${model.threshold.toFixed(4)}` +
  (folds ? `; scores: subject-wise ${folds}-fold cross-validation` : '; scores: shipped model'));

for (const [setIndex, dataset] of values.dataset.entries()) {
  const name = path.basename(path.resolve(dataset));
  const { items, liveOnly } = listPadDataset(dataset);
  const outDir = path.join(values.out, name);
  mkdirSync(outDir, { recursive: true });
  const wall0 = performance.now();
  const extracted = await extractCached(pool, dataset, items, `${name} images`, values['features-cache']?.[setIndex]);
  const wallS = (performance.now() - wall0) / 1000;
  const load = loadavg()[0];
  // Bona fide-only sets are always scored by the shipped model (there is nothing to train on).
  const cv = folds !== null && !liveOnly;
  const scores = cv
    ? crossValidatedScores(items, extracted.map((e) => e.features), folds)
    : extracted.map((e) => (e.features ? scorePresentation(e.features, model).score : null));

  const csv = ['file,label,score', ...items.map((it, i) => `${it.file},${it.label},${scores[i] ?? ''}`)];
  writeFileSync(path.join(outDir, 'scores.csv'), csv.join('\n') + '\n');
  const noFace = scores.filter((s) => s === null).length;
  const ms = extracted.flatMap((e) => (e.ms === null ? [] : [e.ms]));
  const live = items.flatMap((it, i) => (it.label === 'live' && scores[i] !== null ? [scores[i]!] : []));
  const spoof = items.flatMap((it, i) => (it.label === 'spoof' && scores[i] !== null ? [scores[i]!] : []));
  const subjects = new Set(items.map((i) => i.subject)).size;
  const count = (label: string) => items.filter((i) => i.label === label).length;
  console.log(`${name}: ${items.length} images (${count('live')} live, ${count('spoof')} spoof), ${subjects} subjects; wall ${wallS.toFixed(0)} s; ` +
    `ms_per_image_p90=${percentile(ms, 90).toFixed(0)}; load average ${load.toFixed(1)} on ${availableParallelism()} cores`);

  if (liveOnly) {
    const called = live.filter((s) => s >= model.threshold).length;
    console.log(`${name}: live_share=${percent(called / Math.max(1, live.length))} (${called} of ${live.length} photos with a face called live at threshold ${model.threshold.toFixed(4)}) ` +
      `no_face=${noFace} ms_per_image_p50=${percentile(ms, 50).toFixed(0)}`);
    continue;
  }
  // Live presentations are the "genuine" side, attacks the "impostor" side: FMR = APCER, FNMR = BPCER.
  const points = operatingPoints(live, spoof);
  const rates = computeErrorRates(live, spoof);
  writeFileSync(path.join(outDir, 'det.svg'), renderDetSvg(`${name} — PAD ${model.id}${cv ? ` (${folds}-fold subject-wise CV)` : ''}`,
    [{ label: cv ? `${model.featureSet}, ${folds}-fold CV` : model.id, points }], { x: 'APCER (ataques aceptados)', y: 'BPCER (personas vivas rechazadas)' }));
  const threshold = cv ? thresholdAtFnmr(points, model.operatingPoint.bpcerTarget) : model.threshold;
  const apcer = spoof.filter((s) => s >= threshold).length / spoof.length;
  const bpcer = live.filter((s) => s < threshold).length / live.length;
  console.log(`${name}: at ${cv ? `the cross-validated BPCER ${percent(model.operatingPoint.bpcerTarget)} threshold` : 'the shipped threshold'} ${threshold.toFixed(4)}: APCER=${percent(apcer)} BPCER=${percent(bpcer)}`);
  console.log(`${name}: APCER@BPCER1%=${percent(fmrAtFnmr(points, 0.01))} APCER@BPCER5%=${percent(fmrAtFnmr(points, 0.05))} ` +
    `BPCER@APCER1%=${percent(fnmrAtFmr(points, 0.01))} EER=${percent(rates.eer)} no_face=${noFace} ms_per_image_p50=${percentile(ms, 50).toFixed(0)}`);
  console.log(`${name}: wrote ${path.join(outDir, 'scores.csv')}, det.svg`);
}
await (started as Promise<FacePool> | null)?.then((p) => p.close());
