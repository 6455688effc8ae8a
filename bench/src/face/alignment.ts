/**
 * Alignment / test-time-augmentation experiments for the face-api ResNet descriptor: detection and
 * the 478-point mesh run once per image (cached in --cache, outside the repository), then every
 * variant builds its crops from the same landmarks and the same model embeds them.
 *
 *   npx tsx bench/src/face/alignment.ts --dataset DIR [--limit-per-identity 4] [--max-identities 250]
 *        [--seed 1] [--complement] [--only a,b] [--cache /tmp/face-mesh-cache] [--dump N]
 *        [--scores --cohort N] [--fusion A+B --cohort N] [--ensemble A+B]
 *
 * --complement evaluates the identities the subset leaves out (a disjoint check); --scores adds
 * euclidean and cohort-centred cosine scoring; --fusion z-normalised score fusion of two
 * variants; --ensemble averages the normalised descriptors of several variants.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { alignFace, dlibChipPoint, estimateSimilarity, warpSimilarity, type Point } from '../../../packages/biometrics/src/face/align.ts';
import { decodeImage, type RgbImage } from '../../../packages/biometrics/src/face/decode.ts';
import { FaceDetector, MeshForIbug, fivePoints, type DetectedFace } from '../../../packages/biometrics/src/face/detect.ts';
import { EmbeddingModel, EmbeddingSpecs, normalise } from '../../../packages/biometrics/src/face/embed.ts';
import { brightenIfDark } from '../../../packages/biometrics/src/face/photometric.ts';
import { computeErrorRates, percent, percentile } from '../lib/index.ts';
import { limitPerIdentity, listDataset, makePairs, seededRandom } from './dataset.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    'limit-per-identity': { type: 'string', default: '4' },
    'max-identities': { type: 'string', default: '250' },
    'max-impostors': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    cache: { type: 'string', default: '/tmp/face-mesh-cache' },
    /** Print the N lowest-scoring genuine pairs of each variant (with the detection pass). */
    dump: { type: 'string', default: '0' },
    /** Also score with other functions (euclidean on raw descriptors, centred cosine). */
    scores: { type: 'boolean', default: false },
    /** Held-out images (identities outside the subset) to estimate the mean descriptor from. */
    cohort: { type: 'string', default: '0' },
    complement: { type: 'boolean', default: false },
    /** Score-level fusion of two variant ids joined by '+'. */
    fusion: { type: 'string' },
    ensemble: { type: 'string' },
  },
});
if (!values.dataset) throw new Error('--dataset DIR is required');
const seed = Number(values.seed);
let items = limitPerIdentity(listDataset(values.dataset), Number(values['limit-per-identity']), seed);
const ids = [...new Set(items.map((i) => i.identity))];
const rnd = seededRandom(seed + 7);
let keep = new Set(ids.map((id) => ({ id, r: rnd() })).sort((a, b) => a.r - b.r).slice(0, Number(values['max-identities'])).map((x) => x.id));
// --complement: the identities the subset above leaves out (a disjoint check set).
if (values.complement) keep = new Set(ids.filter((id) => !keep.has(id)));
items = items.filter((i) => keep.has(i.identity));

// ---- detection cache -------------------------------------------------------------------------
type Cached = { mesh: [number, number][]; pass: DetectedFace['pass'] } | null;
mkdirSync(values.cache, { recursive: true });
const cacheFile = path.join(values.cache, `${path.basename(path.resolve(values.dataset))}.json`);
const cache: Record<string, Cached> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
const detector = await FaceDetector.create({ passiveLiveness: false });
let fresh = 0;
for (const it of items) {
  if (it.file in cache) continue;
  const { image } = await decodeImage(await readFile(path.join(values.dataset, it.file)));
  const faces = await detector.detect(image);
  const face = faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
  cache[it.file] = face ? { mesh: face.mesh.map(([x, y]) => [x, y]), pass: face.pass } : null;
  if (++fresh % 200 === 0) writeFileSync(cacheFile, JSON.stringify(cache));
}
if (fresh) writeFileSync(cacheFile, JSON.stringify(cache));

// ---- landmark sets ---------------------------------------------------------------------------
/** MediaPipe FaceMesh index for each iBUG point 17..67: the engine's table (27..67, detect.ts)
 *  plus the brows (17..26, upper brow line), which the engine leaves out. */
const MESH_FOR_IBUG: Record<number, number> = {
  17: 70, 18: 63, 19: 105, 20: 66, 21: 107, 22: 336, 23: 296, 24: 334, 25: 293, 26: 300,
  ...Object.fromEntries(MeshForIbug),
};
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const SETS: Record<string, number[]> = {
  all51: range(17, 67),
  noBrows: range(27, 67),
  noBrowsNoInnerLip: range(27, 59),
  eyesNose: range(27, 47),
  eyesNoseMouthCorners: [...range(27, 47), 48, 54],
  five: [36, 39, 42, 45, 33],
};

function dlibCrop(image: RgbImage, mesh: [number, number][], set: number[], size: number, padding: number, shift: Point = [0, 0], scale = 1): Float32Array {
  const src: Point[] = set.map((i) => mesh[MESH_FOR_IBUG[i]]);
  const c = size / 2;
  const dst: Point[] = set.map((i) => {
    const [x, y] = dlibChipPoint(i, size, padding);
    return [c + (x - c) * scale + shift[0] * size, c + (y - c) * scale + shift[1] * size];
  });
  return warpSimilarity(image, estimateSimilarity(src, dst), size);
}

function mirror(crop: Float32Array, size: number): Float32Array {
  const out = new Float32Array(crop.length);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 3, j = (y * size + (size - 1 - x)) * 3;
    out[i] = crop[j]; out[i + 1] = crop[j + 1]; out[i + 2] = crop[j + 2];
  }
  return out;
}

// ---- variants --------------------------------------------------------------------------------
const spec = { ...EmbeddingSpecs['faceapi-resnet'], flip: false };
const SIZE = spec.inputSize;
type Variant = { id: string; crops: (image: RgbImage, mesh: [number, number][]) => Float32Array[]; model?: 'faceres' };
const withMirror = (crops: Float32Array[]) => [...crops, ...crops.map((c) => mirror(c, SIZE))];
const variants: Variant[] = [
  { id: 'faceapi-window flip', crops: (im, m) => withMirror([alignFace(im, fivePoints({ mesh: m.map(([x, y]) => [x, y, 0]) } as DetectedFace), SIZE, spec.zoom)]) },
  { id: 'faceapi-window', crops: (im, m) => [alignFace(im, fivePoints({ mesh: m.map(([x, y]) => [x, y, 0]) } as DetectedFace), SIZE, spec.zoom)] },
];
for (const [name, set] of Object.entries(SETS)) {
  variants.push({ id: `dlib ${name} pad0.25`, crops: (im, m) => [dlibCrop(im, m, set, SIZE, 0.25)] });
  variants.push({ id: `dlib ${name} pad0.25 flip`, crops: (im, m) => withMirror([dlibCrop(im, m, set, SIZE, 0.25)]) });
}
for (const pad of [0.2, 0.3]) variants.push({ id: `dlib noBrows pad${pad} flip`, crops: (im, m) => withMirror([dlibCrop(im, m, SETS.noBrows, SIZE, pad)]) });
// Jitter TTA: small shifts and scales of the dlib chip, averaged with their mirrors.
const J = 0.02;
variants.push({
  id: 'dlib noBrows jitter5 flip',
  crops: (im, m) => withMirror([[0, 0], [J, 0], [-J, 0], [0, J], [0, -J]].map((s) => dlibCrop(im, m, SETS.noBrows, SIZE, 0.25, s as Point))),
});
variants.push({
  id: 'dlib noBrows scale3 flip',
  crops: (im, m) => withMirror([1, 0.95, 1.05].map((k) => dlibCrop(im, m, SETS.noBrows, SIZE, 0.25, [0, 0], k))),
});
const faceresSpec = EmbeddingSpecs.faceres;
const five = (m: [number, number][]) => fivePoints({ mesh: m.map(([x, y]) => [x, y, 0]) } as DetectedFace);
variants.push({ id: 'faceres zoom0.8', model: 'faceres', crops: (im, m) => [alignFace(im, five(m), faceresSpec.inputSize, faceresSpec.zoom)] });
variants.push({ id: 'faceres zoom0.8 flip', model: 'faceres', crops: (im, m) => { const c = alignFace(im, five(m), faceresSpec.inputSize, faceresSpec.zoom); return [c, mirror(c, faceresSpec.inputSize)]; } });
const parts = values.only?.split(',') ?? [];
const chosen = parts.length ? variants.filter((v) => parts.some((p) => v.id.includes(p))) : variants;

const fte = items.filter((it) => cache[it.file] === null).length;
const { pairs } = makePairs(items, Number(values['max-impostors']), seed);
console.log(`dataset=${path.basename(values.dataset)} images=${items.length} identities=${keep.size} FTE=${fte} genuine=${pairs.filter((p) => p.genuine).length} impostor=${pairs.filter((p) => !p.genuine).length}`);

const model = await EmbeddingModel.load(detector.tf, spec);
let faceres: EmbeddingModel | undefined;
const images = new Map<string, RgbImage>();
const image = async (file: string): Promise<RgbImage> => {
  let im = images.get(file);
  if (!im) { im = (await decodeImage(await readFile(path.join(values.dataset!, file)))).image; images.set(file, im); }
  return im;
};

/** Raw (unnormalised) descriptor of each crop of a variant, per file; cached on disk by variant id. */
async function rawEmbeddings(v: Variant, files: string[]): Promise<{ map: Map<string, Float32Array[] | null>; ms: number[] }> {
  const dir = path.join(values.cache, 'emb', path.basename(path.resolve(values.dataset!)));
  mkdirSync(dir, { recursive: true });
  const f = path.join(dir, `${v.id.replace(/[^A-Za-z0-9.=-]+/g, '_')}.json`);
  const stored: Record<string, number[][] | null> = existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {};
  const ms: number[] = [];
  let added = 0;
  for (const file of files) {
    if (file in stored) continue;
    const c = cache[file];
    if (!c) { stored[file] = null; continue; }
    const im = await image(file);
    const t0 = performance.now();
    const crops = v.crops(im, c.mesh);
    const m = v.model === 'faceres' ? (faceres ??= await EmbeddingModel.load(detector.tf, faceresSpec)) : model;
    for (const crop of crops) brightenIfDark(crop, m.spec.inputSize);
    stored[file] = m.embed(crops, { raw: true }).map((e) => Array.from(e));
    ms.push(performance.now() - t0);
    added++;
  }
  if (added) writeFileSync(f, JSON.stringify(stored));
  const map = new Map<string, Float32Array[] | null>();
  for (const file of files) map.set(file, stored[file] ? stored[file]!.map((e) => Float32Array.from(e)) : null);
  return { map, ms };
}

const dot = (a: Float32Array, b: Float32Array) => { let s = 0; for (let k = 0; k < a.length; k++) s += a[k] * b[k]; return s; };
const dist = (a: Float32Array, b: Float32Array) => { let s = 0; for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2; return Math.sqrt(s); };
/** Sum of the crops' descriptors, each normalised first (`norm`) or raw. */
function pool(e: Float32Array[], norm: boolean): Float32Array {
  const sum = new Float32Array(e[0].length);
  for (const d of e) { const x = norm ? normalise(Float32Array.from(d)) : d; for (let k = 0; k < x.length; k++) sum[k] += x[k] / e.length; }
  return sum;
}

function report(id: string, score: (a: number, b: number) => number, ms: number[] = []) {
  const gen: number[] = [], imp: number[] = [];
  for (const pr of pairs) (pr.genuine ? gen : imp).push(score(pr.a, pr.b));
  const r = computeErrorRates(gen, imp);
  const nDump = Number(values.dump);
  if (nDump > 0) {
    const genPairs = pairs.filter((p) => p.genuine).map((p, i) => ({ p, s: gen[i] })).sort((a, b) => a.s - b.s).slice(0, nDump);
    for (const { p, s } of genPairs) console.log(`  ${s.toFixed(4)} ${items[p.a].file} (${cache[items[p.a].file]?.pass}) ${items[p.b].file} (${cache[items[p.b].file]?.pass})`);
  }
  console.log(`${id.padEnd(48)} EER=${percent(r.eer)} TAR@FAR1%=${percent(1 - r.fmr100)} TAR@FAR0.1%=${percent(1 - r.fmr1000)}${ms.length ? ` ms_p50=${percentile(ms, 50).toFixed(0)}` : ''}`);
}

// Images of identities outside the subset: a held-out cohort (for the mean descriptor).
const cohortFiles = values.cohort === '0' ? [] : listDataset(values.dataset).filter((it) => !keep.has(it.identity)).map((it) => it.file)
  .map((f) => ({ f, r: rnd() })).sort((a, b) => a.r - b.r).slice(0, Number(values.cohort)).map((x) => x.f);
if (cohortFiles.length) {
  for (const f of cohortFiles) if (!(f in cache)) {
    const faces = await detector.detect(await image(f));
    const face = faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
    cache[f] = face ? { mesh: face.mesh.map(([x, y]) => [x, y]), pass: face.pass } : null;
  }
  writeFileSync(cacheFile, JSON.stringify(cache));
}

for (const v of chosen) {
  const files = items.map((it) => it.file);
  const { map, ms } = await rawEmbeddings(v, files);
  const raw = files.map((f) => map.get(f) ?? null);
  const cosN = raw.map((e) => (e ? normalise(pool(e, false)) : null));
  report(`${v.id}`, (a, b) => (cosN[a] && cosN[b] ? dot(cosN[a]!, cosN[b]!) : -1), ms);
  if (values.scores) {
    const avgRaw = raw.map((e) => (e ? pool(e, false) : null));
    report(`${v.id} [-euclid raw]`, (a, b) => (avgRaw[a] && avgRaw[b] ? -dist(avgRaw[a]!, avgRaw[b]!) : -99));
    const poolN = raw.map((e) => (e ? normalise(pool(e, true)) : null));
    report(`${v.id} [cos of normalised-crop mean]`, (a, b) => (poolN[a] && poolN[b] ? dot(poolN[a]!, poolN[b]!) : -1));
    if (cohortFiles.length) {
      const { map: cm } = await rawEmbeddings(v, cohortFiles);
      const cvecs = [...cm.values()].filter((e): e is Float32Array[] => e !== null).map((e) => normalise(pool(e, false)));
      const mean = new Float32Array(cvecs[0].length);
      for (const c of cvecs) for (let k = 0; k < c.length; k++) mean[k] += c[k] / cvecs.length;
      const centred = cosN.map((e) => (e ? normalise(e.map((x, k) => x - mean[k])) : null));
      report(`${v.id} [centred cos, cohort ${cvecs.length}]`, (a, b) => (centred[a] && centred[b] ? dot(centred[a]!, centred[b]!) : -1));
    }
  }
}

// Score-level fusion of two variants: each cosine z-normalised by the impostor statistics of the
// held-out cohort (pairs among cohort images of different... any two cohort images: mostly
// different people), then a weighted sum.
if (values.fusion) {
  const [ia, ib] = values.fusion.split('+');
  const va = variants.find((v) => v.id === ia), vb = variants.find((v) => v.id === ib);
  if (!va || !vb) throw new Error(`--fusion A+B: unknown variant (${ia} / ${ib})`);
  const files = items.map((it) => it.file);
  const vecs = async (v: Variant, fs: string[]) => { const { map } = await rawEmbeddings(v, fs); return fs.map((f) => { const e = map.get(f); return e ? normalise(pool(e, false)) : null; }); };
  const A = await vecs(va, files), B = await vecs(vb, files);
  const stats = async (v: Variant) => {
    const c = (await vecs(v, cohortFiles)).filter((e): e is Float32Array => e !== null);
    const xs: number[] = [];
    for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) xs.push(dot(c[i], c[j]));
    const mu = xs.reduce((p, x) => p + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((p, x) => p + (x - mu) ** 2, 0) / xs.length);
    return { mu, sd };
  };
  if (!cohortFiles.length) throw new Error('--fusion needs --cohort N');
  const sa = await stats(va), sb = await stats(vb);
  console.log(`cohort impostor stats: ${ia} mu=${sa.mu.toFixed(4)} sd=${sa.sd.toFixed(4)}; ${ib} mu=${sb.mu.toFixed(4)} sd=${sb.sd.toFixed(4)}`);
  for (const w of [1, 0.9, 0.8, 0.7, 0.6, 0.5]) {
    report(`fusion w=${w} ${ia} + ${ib}`, (a, b) => {
      if (!A[a] || !A[b] || !B[a] || !B[b]) return -99;
      return w * (dot(A[a]!, A[b]!) - sa.mu) / sa.sd + (1 - w) * (dot(B[a]!, B[b]!) - sb.mu) / sb.sd;
    });
  }
}

// Test-time ensemble: the normalised descriptors of several variants (ids joined by '+') averaged.
if (values.ensemble) {
  const ids = values.ensemble.split('+');
  const vs = ids.map((id) => variants.find((v) => v.id === id) ?? (() => { throw new Error(`--ensemble: unknown variant ${id}`); })());
  const files = items.map((it) => it.file);
  const all = await Promise.all(vs.map(async (v) => { const { map } = await rawEmbeddings(v, files); return files.map((f) => { const e = map.get(f); return e ? normalise(pool(e, false)) : null; }); }));
  const E = files.map((_, i) => {
    if (all.some((a) => !a[i])) return null;
    const s = new Float32Array(all[0][i]!.length);
    for (const a of all) for (let k = 0; k < s.length; k++) s[k] += a[i]![k];
    return normalise(s);
  });
  report(`ensemble ${values.ensemble}`, (a, b) => (E[a] && E[b] ? dot(E[a]!, E[b]!) : -1));
}
