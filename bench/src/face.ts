/**
 * Face benchmark: every image of a dataset through the full pipeline (decode, detect, landmarks,
 * align, embed, quality, passive liveness) on the worker pool, then cosine scores of genuine
 * and impostor pairs.
 *
 *   npm run bench:face -- --dataset DIR [--dataset DIR2] --out DIR
 *        [--limit-per-identity N] [--max-impostors N] [--seed S] [--workers N] [--model NAME]
 *
 * Identities come from `labels.csv` (file,identity) at the dataset root, else from folder names.
 * An image where no face is found is a failure to enrol (FTE): all its pairs get the lowest
 * possible score (−1), so it counts against accuracy as in PEERS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BiometricError, FacePool, EmbeddingSpecs, type EmbeddingModelName, type FaceRecord } from '@siap/biometrics/face';
import { computeErrorRates, operatingPoints, percent, percentile, renderDetSvg, ScoresCsvWriter, startProgress, thresholdAtFmr } from './lib/index.ts';
import { limitPerIdentity, listDataset, makePairs } from './face/dataset.ts';

const LOWEST_SCORE = -1;

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', multiple: true },
    out: { type: 'string' },
    'limit-per-identity': { type: 'string' },
    'max-impostors': { type: 'string', default: '300000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string' },
    model: { type: 'string' },
  },
});
if (!values.dataset?.length || !values.out) {
  console.error('usage: npm run bench:face -- --dataset DIR --out DIR [--limit-per-identity N] [--max-impostors N] [--seed S] [--workers N] [--model NAME]');
  process.exit(2);
}
if (values.model && !(values.model in EmbeddingSpecs)) throw new Error(`unknown model ${values.model}; one of ${Object.keys(EmbeddingSpecs).join(', ')}`);

const seed = Number(values.seed);
const limit = values['limit-per-identity'] ? Number(values['limit-per-identity']) : null;
const maxImpostors = Number(values['max-impostors']);
const pool = await FacePool.start({
  workers: values.workers ? Number(values.workers) : undefined,
  model: values.model as EmbeddingModelName | undefined,
});
console.log(`face engine: model=${pool.model} workers=${pool.size} (tfjs wasm, one thread each)`);

for (const dataset of values.dataset) {
  const name = path.basename(path.resolve(dataset));
  const items = limitPerIdentity(listDataset(dataset), limit, seed);
  const identities = new Set(items.map((i) => i.identity)).size;
  const outDir = path.join(values.out, name);
  mkdirSync(outDir, { recursive: true });

  const embeddings: (Float32Array | null)[] = new Array(items.length).fill(null);
  const ms: number[] = [];
  const passes: Record<string, number> = {};
  const failures: string[] = [];
  const progress = startProgress(`${name} images`, items.length);
  const wall0 = performance.now();
  await Promise.all(items.map(async (item, i) => {
    const bytes = await readFile(path.join(dataset, item.file));
    try {
      const { result, ms: took } = await pool.call('probe', bytes, {});
      const rec = result as FaceRecord;
      embeddings[i] = rec.embedding;
      ms.push(took);
      passes[rec.detection.pass] = (passes[rec.detection.pass] ?? 0) + 1;
    } catch (err) {
      if (!(err instanceof BiometricError)) throw err;
      failures.push(`${item.file} ${err.code}`);
    } finally {
      progress.tick();
    }
  }));
  progress.stop();
  const wallS = (performance.now() - wall0) / 1000;
  // Timings are wall-clock inside the worker; on a shared machine they include waiting for a core.
  const load = loadavg()[0];

  const { pairs, impostorTotal, sampled } = makePairs(items, maxImpostors, seed);
  const writer = new ScoresCsvWriter(path.join(outDir, 'scores.csv'));
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (const p of pairs) {
    const a = embeddings[p.a], b = embeddings[p.b];
    let score = LOWEST_SCORE;
    if (a && b) {
      score = 0;
      for (let k = 0; k < a.length; k++) score += a[k] * b[k];
    }
    (p.genuine ? genuine : impostor).push(score);
    await writer.write({ probe: items[p.a].file, candidate: items[p.b].file, genuine: p.genuine, score });
  }
  await writer.close();

  const rates = computeErrorRates(genuine, impostor);
  const points = operatingPoints(genuine, impostor);
  writeFileSync(path.join(outDir, 'det.svg'), renderDetSvg(`${name} — ${pool.model}`, [{ label: pool.model, points }]));
  writeFileSync(path.join(outDir, 'fte.txt'), failures.sort().join('\n') + (failures.length ? '\n' : ''));

  const fte = failures.length / items.length;
  console.log(`${name}: ${items.length} images, ${identities} identities${limit ? ` (≤ ${limit} per identity, seed ${seed})` : ''}; ` +
    `genuine ${genuine.length}, impostor ${impostor.length}${sampled ? ` sampled (seed ${seed}) from ${impostorTotal}` : ' (every pair)'}`);
  console.log(`${name}: detection passes ${JSON.stringify(passes)}; FTE ${failures.length}; threshold@FAR0.1%=${thresholdAtFmr(points, 0.001).toFixed(4)} ` +
    `threshold@FAR1%=${thresholdAtFmr(points, 0.01).toFixed(4)}; wall ${wallS.toFixed(0)} s; ms_per_image_p90=${percentile(ms, 90).toFixed(0)}; load average ${load.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`${name}: EER=${percent(rates.eer)} TAR@FAR1%=${percent(1 - rates.fmr100)} TAR@FAR0.1%=${percent(1 - rates.fmr1000)} FTE=${percent(fte)} ms_per_image_p50=${percentile(ms, 50).toFixed(0)}`);
  console.log(`${name}: wrote ${path.join(outDir, 'scores.csv')}, det.svg, fte.txt`);
}
await pool.close();
