/**
 * Where the time of one image goes, stage by stage, on one thread in-process — plus the CPU time
 * of the whole pipeline (process.cpuUsage: with no worker threads this is the one inference
 * thread, plus a little GC), which stays meaningful when other jobs share the cores.
 *
 *   npx tsx bench/src/face/stages.ts --dataset DIR [--images 100] [--seed 1]
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeImage } from '../../../packages/biometrics/src/face/decode.ts';
import { FaceDetector, fivePoints } from '../../../packages/biometrics/src/face/detect.ts';
import { EmbeddingModel, EmbeddingSpecs, embeddingCrops } from '../../../packages/biometrics/src/face/embed.ts';
import { DEFAULT_MODEL } from '../../../packages/biometrics/src/face/engine.ts';
import { brightenIfDark } from '../../../packages/biometrics/src/face/photometric.ts';
import { assessQuality } from '../../../packages/biometrics/src/face/quality.ts';
import { percentile } from '../lib/index.ts';
import { listDataset, seededRandom } from './dataset.ts';

const { values } = parseArgs({
  options: { dataset: { type: 'string' }, images: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' } },
});
if (!values.dataset) throw new Error('--dataset DIR is required');
const all = listDataset(values.dataset);
const rnd = seededRandom(Number(values.seed));
const items = all.map((it) => ({ it, r: rnd() })).sort((a, b) => a.r - b.r).slice(0, Number(values.images)).map((x) => x.it);

const detector = await FaceDetector.create({ passiveLiveness: true });
const spec = EmbeddingSpecs[DEFAULT_MODEL];
const embedder = await EmbeddingModel.load(detector.tf, spec);
const t: Record<'decode' | 'detect' | 'embed' | 'quality' | 'total' | 'cpu', number[]> = { decode: [], detect: [], embed: [], quality: [], total: [], cpu: [] };
let warm = 3;
for (const it of items) {
  const bytes = await readFile(path.join(values.dataset, it.file));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { image } = await decodeImage(bytes);
  const t1 = performance.now();
  const faces = await detector.detect(image);
  const t2 = performance.now();
  let t3 = t2, t4 = t2;
  if (faces[0]) {
    const pts = fivePoints(faces[0]);
    const crops = embeddingCrops(image, faces[0], spec);
    for (const crop of crops) brightenIfDark(crop, spec.inputSize);
    embedder.embedFace(crops);
    t3 = performance.now();
    assessQuality(image, faces[0], pts);
    t4 = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  if (warm-- > 0) continue; // first calls compile wasm kernels
  t.decode.push(t1 - t0); t.detect.push(t2 - t1); t.embed.push(t3 - t2); t.quality.push(t4 - t3); t.total.push(t4 - t0);
  t.cpu.push((cpu.user + cpu.system) / 1000);
}
const p = (k: keyof typeof t) => percentile(t[k], 50).toFixed(0);
console.log(`${path.basename(values.dataset)}: ${t.total.length} images, one thread; p50 ms: decode=${p('decode')} detect+landmarks+liveness=${p('detect')} ` +
  `align+embed=${p('embed')} quality=${p('quality')} total=${p('total')} cpu_ms_per_image_p50=${p('cpu')} (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
