/**
 * What a gallery candidate costs in 1:N search (gallery/shard-index.ts `search`): decoding its
 * compact template, preparing it for the matcher (prepareTemplate) and scoring it against a
 * prepared probe (matchScore), in µs per candidate on one core. Synthetic templates (deterministic,
 * synthetic-minutiae.ts, at several minutia counts) and, with --dataset, the templates the
 * extractor gives on FVC-layout folders (cached with --cache like bench:fingerprint).
 *
 *   npm run bench:prepare -- [--dataset DIR] [--cache DIR] [--dpi N] [--rounds N] [--count N] [--check]
 *
 * Each figure is the median over --rounds rounds of the mean over all templates; the three stages
 * run in turn within every round so that load from other processes falls on all of them alike.
 * "prepare" drops each prepared template at once, as search does; "prepare kept" keeps every one
 * (the garbage collector then works harder, as when a caller caches prepared templates); "score"
 * compares the probe with each kept template (filling the candidate stars it reads, which
 * prepareTemplate leaves to the first comparison); "decode+prepare+score" is one survivor of a
 * search, start to end: the figure that matters for 1:N.
 * --check compares the prepared fields and matchScore of every probe × candidate pair with the
 * reference preparation (matcher/testing/reference-prepare.ts), bit for bit, and fails otherwise.
 */
import { parseArgs } from 'node:util';
import { discoverDatasets } from './fingerprint/dataset.ts';
import { TemplateSource } from './fingerprint/extraction.ts';
import { decodeTemplate, encodeTemplate } from '../../packages/biometrics/src/formats/index.ts';
import { matchScore, prepareProbe, prepareTemplate, type PreparedTemplate } from '../../packages/biometrics/src/fingerprint/matcher/index.ts';
import { fillAllStars } from '../../packages/biometrics/src/fingerprint/matcher/prepared-template.ts';
import { impression, randomFinger, seededRandom } from '../../packages/biometrics/src/fingerprint/matcher/synthetic-minutiae.ts';
import { referencePrepareTemplate } from '../../packages/biometrics/src/fingerprint/matcher/testing/reference-prepare.ts';
import type { FingerprintTemplate } from '../../packages/biometrics/src/fingerprint/types.ts';

const USAGE = 'Uso: npm run bench:prepare -- [--dataset DIR] [--cache DIR] [--dpi N] [--rounds N] [--count N] [--check]';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    cache: { type: 'string' },
    dpi: { type: 'string' },
    rounds: { type: 'string', default: '9' },
    count: { type: 'string', default: '1000' },
    check: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const syntheticCount = Number(values.count);
if (!(rounds >= 1) || !(syntheticCount >= 2)) throw new Error(USAGE);

/** Compact-codec bytes of each template, as a shard stores them (codec rounding included). */
function encodeAll(templates: FingerprintTemplate[]): Uint8Array[] {
  return templates.map((t) => {
    const bytes = encodeTemplate(t);
    if (!bytes) throw new Error('plantilla no codificable');
    return bytes;
  });
}

/** Synthetic impressions with about `minutiae` minutiae each, cut to their image like an extractor's. */
function syntheticSet(minutiae: number, count: number): FingerprintTemplate[] {
  const random = seededRandom(7 + minutiae);
  return Array.from({ length: count }, () => {
    const t = impression(randomFinger(random, { count: minutiae }), random);
    return { ...t, minutiae: t.minutiae.filter((m) => m.x >= 0 && m.y >= 0 && m.x < t.width && m.y < t.height) };
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

interface Timing {
  decode: number;
  prepare: number;
  prepareKept: number;
  score: number;
  search: number;
}

/** The process's CPU time in ms (user + system): other processes' load does not count in it. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * µs per template of each stage, CPU time and wall clock (medians over rounds); the probe is the
 * first template. The machine is shared, so CPU time is the figure to compare: wall clock also
 * counts the time the process waited for a core.
 */
function time(encoded: Uint8Array[]): { cpu: Timing; wall: Timing } {
  const templates = encoded.map((b) => decodeTemplate(b));
  const probe = prepareProbe(prepareTemplate(templates[0]));
  const n = templates.length;
  const stages = ['decode', 'prepare', 'prepareKept', 'score', 'search'] as const;
  const cpu: Record<keyof Timing, number[]> = { decode: [], prepare: [], prepareKept: [], score: [], search: [] };
  const wall: Record<keyof Timing, number[]> = { decode: [], prepare: [], prepareKept: [], score: [], search: [] };
  let sink = 0;
  let kept: PreparedTemplate[] = [];
  const run: Record<keyof Timing, () => void> = {
    decode: () => {
      for (let i = 0; i < n; i++) sink += decodeTemplate(encoded[i]).minutiae.length;
    },
    prepare: () => {
      for (let i = 0; i < n; i++) sink += prepareTemplate(templates[i]).rootEdgeCount;
    },
    prepareKept: () => {
      kept = [];
      for (let i = 0; i < n; i++) kept.push(prepareTemplate(templates[i]));
    },
    score: () => {
      for (let i = 0; i < n; i++) sink += matchScore(probe, kept[i]);
    },
    // What search does with each survivor: decode, prepare, score, drop.
    search: () => {
      for (let i = 0; i < n; i++) sink += matchScore(probe, prepareTemplate(decodeTemplate(encoded[i])));
    },
  };
  // One round first to warm up the JIT, not counted.
  for (let round = -1; round < rounds; round++) {
    for (const stage of stages) {
      const cpuStart = cpuMs();
      const wallStart = performance.now();
      run[stage]();
      const wallTime = performance.now() - wallStart;
      const cpuTime = cpuMs() - cpuStart;
      if (round < 0) continue;
      cpu[stage].push((cpuTime / n) * 1000);
      wall[stage].push((wallTime / n) * 1000);
    }
  }
  if (Number.isNaN(sink)) console.log('');
  const medians = (r: Record<keyof Timing, number[]>): Timing => ({
    decode: median(r.decode),
    prepare: median(r.prepare),
    prepareKept: median(r.prepareKept),
    score: median(r.score),
    search: median(r.search),
  });
  return { cpu: medians(cpu), wall: medians(wall) };
}

/** Fields of a prepared template that the matcher reads, as bytes (typed arrays) or numbers. */
function fieldsOf(p: PreparedTemplate): Map<string, Uint8Array | number> {
  const fields = new Map<string, Uint8Array | number>();
  for (const [key, value] of Object.entries(p)) {
    if (key === 'edgeHash') continue;
    if (ArrayBuffer.isView(value)) fields.set(key, new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else if (key === 'hull') {
      const hull = value as PreparedTemplate['hull'];
      fields.set('hull.vertices', new Uint8Array(hull.vertices.buffer, hull.vertices.byteOffset, hull.vertices.byteLength));
      fields.set('hull.box', new Uint8Array(Float64Array.of(hull.minX, hull.minY, hull.maxX, hull.maxY).buffer));
    } else fields.set(key, value as number);
  }
  return fields;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Mismatching fields and scores between the fast and the reference preparation. */
function check(templates: FingerprintTemplate[], probes: number): { fields: number; pairs: number; scoreMismatches: number } {
  const reference = templates.map((t) => referencePrepareTemplate(t));
  let fields = 0;
  for (let i = 0; i < templates.length; i++) {
    // Every star filled, to compare them all; the scores below fill them on demand as search does.
    const a = fieldsOf(fillAllStars(prepareTemplate(templates[i])));
    const b = fieldsOf(reference[i]);
    for (const [key, value] of b) {
      const other = a.get(key);
      const same = typeof value === 'number' ? Object.is(value, other) : other instanceof Uint8Array && sameBytes(value, other);
      if (!same) {
        fields++;
        console.log(`  campo distinto: plantilla ${i}, ${key}`);
      }
    }
  }
  let pairs = 0;
  let scoreMismatches = 0;
  for (let p = 0; p < Math.min(probes, templates.length); p++) {
    const probe = prepareTemplate(templates[p]);
    for (let c = 0; c < templates.length; c++) {
      pairs++;
      const s1 = matchScore(probe, prepareTemplate(templates[c]));
      const s2 = matchScore(reference[p], reference[c]);
      if (!Object.is(s1, s2)) scoreMismatches++;
    }
  }
  return { fields, pairs, scoreMismatches };
}

/** `probes`: how many templates (the first ones) are scored against every template by --check. */
function report(label: string, templates: FingerprintTemplate[], probes: number): void {
  const encoded = encodeAll(templates);
  const decoded = encoded.map((b) => decodeTemplate(b));
  const mean = decoded.reduce((s, t) => s + t.minutiae.length, 0) / decoded.length;
  const { cpu, wall } = time(encoded);
  const line = (t: Timing) =>
    `decodificar ${t.decode.toFixed(1)}, preparar ${t.prepare.toFixed(1)}, preparar conservando ${t.prepareKept.toFixed(1)}, ` +
    `comparar ${t.score.toFixed(1)}, decodificar+preparar+comparar ${t.search.toFixed(1)}`;
  console.log(`${label}: ${decoded.length} plantillas, ${mean.toFixed(1)} minucias en promedio; µs por plantilla, mediana de ${rounds} rondas`);
  console.log(`  CPU:   ${line(cpu)}`);
  console.log(`  reloj: ${line(wall)}`);
  if (values.check) {
    const r = check(decoded, probes);
    console.log(`  verificación contra la referencia: ${r.fields} campos distintos, ${r.scoreMismatches} de ${r.pairs} puntuaciones distintas`);
    if (r.fields > 0 || r.scoreMismatches > 0) process.exitCode = 1;
  }
}

for (const minutiae of [40, 60, 80]) report(`sintéticas ~${minutiae}`, syntheticSet(minutiae, syntheticCount), 40);

if (values.dataset) {
  const dpi = values.dpi ? Number(values.dpi) : 500;
  const source = new TemplateSource(values.cache ?? null);
  for (const dataset of discoverDatasets(values.dataset, dpi, values.dpi !== undefined)) {
    const templates: FingerprintTemplate[] = [];
    for (const image of dataset.images) templates.push((await source.extract(dataset.name, image.file, image.path, dataset.dpi)).template);
    report(dataset.name, templates, templates.length);
  }
}
