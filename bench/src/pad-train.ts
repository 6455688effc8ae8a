/**
 * Trains the passive PAD and writes the model the package ships
 * (packages/biometrics/src/face/pad/model.json):
 *
 *   npm run train:pad -- --dataset DIR [--folds K] [--workers N] [--out FILE] [--features-cache FILE]
 *
 * DIR is `DIR/{live,spoof}/<subject>/<image>` (nuaa_dev). Features come from the engine
 * (`FacePool.presentation`). Subject-wise cross-validation (default: leave one subject out)
 * gives out-of-fold scores; the decision threshold is the one that reaches the BPCER target
 * (PadParameters.decision) on them, and its APCER / BPCER are recorded with the model. The
 * shipped classifier is then trained on every subject.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FacePool } from '@siap/biometrics/face';
import { PadParameters } from '../../packages/biometrics/src/face/pad/parameters.ts';
import { PAD_FEATURE_SET, type PadModel } from '../../packages/biometrics/src/face/pad/passive.ts';
import { trainPadClassifier } from '../../packages/biometrics/src/face/pad/train.ts';
import { fmrAtFnmr, operatingPoints, percent, thresholdAtFnmr } from './lib/index.ts';
import { crossValidatedScores } from './pad/cross-validate.ts';
import { listPadDataset } from './pad/dataset.ts';
import { extractCached } from './pad/extract.ts';

const { values } = parseArgs({
  options: { dataset: { type: 'string' }, folds: { type: 'string' }, workers: { type: 'string' }, out: { type: 'string' }, 'features-cache': { type: 'string' } },
});
if (!values.dataset) {
  console.error('usage: npm run train:pad -- --dataset DIR [--folds K] [--workers N] [--out FILE]');
  process.exit(2);
}
const dataset = values.dataset;
const out = values.out ?? fileURLToPath(new URL('../../packages/biometrics/src/face/pad/model.json', import.meta.url));
const { items, liveOnly } = listPadDataset(dataset);
if (liveOnly) throw new Error('training needs live/ and spoof/ presentations');
const subjects = [...new Set(items.map((i) => i.subject))];
const folds = values.folds ? Number(values.folds) : subjects.length;

let started: Promise<FacePool> | null = null;
const pool = () => (started ??= FacePool.start({ workers: values.workers ? Number(values.workers) : undefined }));
const extracted = await extractCached(pool, dataset, items, 'features', values['features-cache']);
await (started as Promise<FacePool> | null)?.then((p) => p.close());

const scores = crossValidatedScores(items, extracted.map((e) => e.features), folds);
const live = items.flatMap((it, i) => (it.label === 'live' && scores[i] !== null ? [scores[i]!] : []));
const spoof = items.flatMap((it, i) => (it.label === 'spoof' && scores[i] !== null ? [scores[i]!] : []));
const points = operatingPoints(live, spoof);
const target = PadParameters.decision.bpcerTarget;
const threshold = thresholdAtFnmr(points, target);
const apcer = spoof.filter((s) => s >= threshold).length / spoof.length;
const bpcer = live.filter((s) => s < threshold).length / live.length;

const withFace = items.map((_, i) => i).filter((i) => extracted[i].features);
const classifier = trainPadClassifier(withFace.map((i) => extracted[i].features!), withFace.map((i) => items[i].label === 'live'));
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const setName = path.basename(path.resolve(dataset));
const nLive = withFace.filter((i) => items[i].label === 'live').length;
const model: PadModel = {
  id: `pad-${PAD_FEATURE_SET.split('@')[0]}-${setName}`,
  featureSet: PAD_FEATURE_SET,
  dims: classifier.weights.length,
  threshold: round(threshold),
  operatingPoint: {
    bpcerTarget: target,
    bpcer: round(bpcer),
    apcer: round(apcer),
    measuredOn: `${setName}: ${folds}-fold subject-wise cross-validation over ${subjects.length} subjects (out-of-fold scores of ${live.length} live and ${spoof.length} attack images)`,
  },
  trainedOn: `${setName}: all ${subjects.length} subjects, ${nLive} live and ${withFace.length - nLive} attack images with a face (l2 ${PadParameters.classifier.l2})`,
  classifier: {
    mean: classifier.mean.map(round),
    scale: classifier.scale.map(round),
    weights: classifier.weights.map(round),
    bias: round(classifier.bias),
  },
};
writeFileSync(out, JSON.stringify(model, null, 1) + '\n');
console.log(`${setName}: ${folds}-fold subject-wise CV: APCER@BPCER${percent(target)}=${percent(fmrAtFnmr(points, target))}; threshold ${threshold.toFixed(4)}: APCER=${percent(apcer)} BPCER=${percent(bpcer)}`);
console.log(`wrote ${out} (${model.dims} features, trained on ${withFace.length} images)`);
