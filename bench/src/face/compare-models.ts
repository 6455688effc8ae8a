/**
 * Compares the embedding models shipped in the npm packages on one dataset subset: detection and
 * landmarks run once per image, then every candidate (model × crop × input range) embeds the same
 * aligned faces. Prints one line per candidate. Used to choose the engine's default model.
 *
 *   npx tsx bench/src/face/compare-models.ts --dataset DIR [--limit-per-identity 4] [--max-identities 150] [--seed 1]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeImage } from '../../../packages/biometrics/src/face/decode.ts';
import { FaceDetector, type DetectedFace } from '../../../packages/biometrics/src/face/detect.ts';
import { EmbeddingModel, EmbeddingSpecs, embeddingCrops, type EmbeddingSpec, type InputRange } from '../../../packages/biometrics/src/face/embed.ts';
import { brightenIfDark } from '../../../packages/biometrics/src/face/photometric.ts';
import { computeErrorRates, percent, percentile } from '../lib/index.ts';
import { limitPerIdentity, listDataset, makePairs, seededRandom } from './dataset.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    'limit-per-identity': { type: 'string', default: '4' },
    'max-identities': { type: 'string', default: '150' },
    'max-impostors': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    /** Also score each candidate with dark crops brightened (photometric.ts). */
    brighten: { type: 'boolean', default: false },
  },
});
if (!values.dataset) throw new Error('--dataset DIR is required');
const seed = Number(values.seed);
let items = limitPerIdentity(listDataset(values.dataset), Number(values['limit-per-identity']), seed);
const ids = [...new Set(items.map((i) => i.identity))];
const rnd = seededRandom(seed + 7);
const keep = new Set(ids.map((id) => ({ id, r: rnd() })).sort((a, b) => a.r - b.r).slice(0, Number(values['max-identities'])).map((x) => x.id));
items = items.filter((i) => keep.has(i.identity));

const candidates: EmbeddingSpec[] = [];
const ranges: InputRange[] = ['unit', 'byte', 'symmetric'];
for (const base of Object.values(EmbeddingSpecs) as EmbeddingSpec[]) {
  if (base.folder === 'face-api') {
    // The legacy spec is the v2 one without the chip: generate the face-api candidates once.
    if (base.dlibChipPadding === undefined) continue;
    candidates.push({ ...base, id: `${base.id} default (window + dlib chip, flip)` });
    candidates.push({ ...base, flip: false, dlibChipPadding: undefined, id: `${base.id} dlib-window byte` });
    candidates.push({ ...base, flip: true, dlibChipPadding: undefined, id: `${base.id} dlib-window byte flip` });
    // Framing variants around face-api's window: side scaled, window moved down (+) or up (−).
    const [wx, wy, side] = base.zoom as readonly [number, number, number];
    for (const [k, dy] of [[0.92, 0], [1.08, 0], [1, -0.04], [1, 0.04]]) {
      const s2 = side * k;
      const win = [wx + (side - s2) / 2, wy + (side - s2) / 2 + dy * side, s2] as const;
      candidates.push({ ...base, flip: false, dlibChipPadding: undefined, zoom: win, id: `${base.id} window×${k} dy=${dy}` });
    }
    continue;
  }
  const zooms = base.inputSize === 112 ? [1, 0.8] : [0.6, 0.8, 0.9, 1];
  for (const zoom of zooms) for (const inputRange of ranges) candidates.push({ ...base, zoom, inputRange, id: `${base.id} zoom=${zoom} ${inputRange}` });
}
// --only a,b: candidates whose id contains any of the comma-separated parts.
const parts = values.only?.split(',') ?? [];
const filtered = parts.length ? candidates.filter((c) => parts.some((p) => c.id.includes(p))) : candidates;

const detector = await FaceDetector.create({ passiveLiveness: false });
const points: ({ image: Awaited<ReturnType<typeof decodeImage>>['image']; face: DetectedFace } | null)[] = [];
const detectMs: number[] = [];
for (const it of items) {
  const bytes = await readFile(path.join(values.dataset, it.file));
  const t0 = performance.now();
  const { image } = await decodeImage(bytes);
  const faces = await detector.detect(image);
  detectMs.push(performance.now() - t0);
  // The largest face: datasets of one person per image may still show bystanders.
  const face = faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
  points.push(face ? { image, face } : null);
}
const fte = points.filter((p) => p === null).length;
console.log(`dataset=${path.basename(values.dataset)} images=${items.length} identities=${keep.size} FTE=${fte} detect_ms_p50=${percentile(detectMs, 50).toFixed(0)}`);
const { pairs, sampled } = makePairs(items, Number(values['max-impostors']), seed);
console.log(`pairs genuine=${pairs.filter((p) => p.genuine).length} impostor=${pairs.filter((p) => !p.genuine).length}${sampled ? ' (sampled)' : ''}`);

const variants = values.brighten ? [false, true] : [false];
for (const base of filtered) for (const brighten of variants) {
  const spec = { ...base, id: base.id + (brighten ? ' +brighten' : '') };
  const model = await EmbeddingModel.load(detector.tf, spec);
  const embeddings: (Float32Array | null)[] = [];
  const ms: number[] = [];
  for (const p of points) {
    if (!p) { embeddings.push(null); continue; }
    const t0 = performance.now();
    const crops = embeddingCrops(p.image, p.face, spec);
    if (brighten) for (const crop of crops) brightenIfDark(crop, spec.inputSize);
    embeddings.push(model.embedFace(crops));
    ms.push(performance.now() - t0);
  }
  const gen: number[] = [], imp: number[] = [];
  for (const pr of pairs) {
    const ea = embeddings[pr.a], eb = embeddings[pr.b];
    let s = -1;
    if (ea && eb) { s = 0; for (let k = 0; k < ea.length; k++) s += ea[k] * eb[k]; }
    (pr.genuine ? gen : imp).push(s);
  }
  const r = computeErrorRates(gen, imp);
  console.log(`${spec.id.padEnd(44)} EER=${percent(r.eer)} TAR@FAR1%=${percent(1 - r.fmr100)} TAR@FAR0.1%=${percent(1 - r.fmr1000)} embed_ms_p50=${percentile(ms, 50).toFixed(1)}`);
}
