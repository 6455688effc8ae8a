/**
 * Extraction stages, old code against new, in one process: `--baseline` is a copy of an older
 * `packages/biometrics/src` (as for fingerprint-extract-ab.ts). Each image's stage inputs are
 * taken once from the old extraction's transparency sink; then per stage the old and the new
 * function run on the same inputs, taking turns (who goes first alternates by image), each
 * `--rounds` times, timed by process CPU time. Per stage: mean over the images of the per-image
 * medians, the ratio of those totals, and how many images' outputs differ (compared value by
 * value, -0 and NaN included).
 *
 *   tsx bench/src/fingerprint-stage-ab.ts --baseline DIR <folder> [--dpi N] [--limit 30] [--rounds 5]
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeImpressions } from './fingerprint/impressions.ts';
import * as P from '../../packages/biometrics/src/fingerprint/extraction-parameters.ts';
import { enhancementSettings, frequencySettings } from '../../packages/biometrics/src/fingerprint/extractor/extract.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    baseline: { type: 'string' },
    dpi: { type: 'string', default: '500' },
    limit: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '5' },
  },
});
const folder = positionals[0];
if (!folder || !values.baseline) {
  console.error('uso: tsx bench/src/fingerprint-stage-ab.ts --baseline DIR <carpeta> [--dpi N] [--limit N] [--rounds N]');
  process.exit(2);
}

/** The stage functions under test, as both trees export them. */
interface StageModules {
  extractTemplate: (image: unknown, options: { transparency: (key: string, data: unknown) => void }) => unknown;
  blockGradients: (image: Float32Array, width: number, height: number, blockSize: number) => { xx: Float32Array; yy: Float32Array; xy: Float32Array };
  ridgePeriods: (image: Float32Array, width: number, height: number, orientation: unknown, mask: unknown, settings: unknown) => { period: Float32Array; reliable: Uint8Array };
  pixelOrientationBins: (field: unknown, width: number, height: number, bins: number, cell: undefined, scratch: undefined, within: Uint8Array) => Uint8Array;
  enhancementFootprint: (mask: unknown, settings: unknown) => Uint8Array;
  enhanceRidges: (image: Float32Array, width: number, height: number, bins: Uint8Array, periods: unknown, mask: unknown, settings: unknown) => Float32Array;
  binarize: (enhanced: Float32Array, width: number, height: number, mask: unknown, maxSpeckArea: number) => Uint8Array;
  thin: (binary: Uint8Array, width: number) => Uint8Array;
  traceSkeleton: (skeleton: Uint8Array, width: number) => SkeletonGraphLike;
  integralImages: (image: unknown) => unknown;
  normalizeContrast: (integral: unknown, image: unknown, radius: number, minDeviation: number) => Float32Array;
  smoothOverMask: (values: Float32Array, grid: unknown, mask: Uint8Array, sigma: number) => Float32Array;
}

interface SkeletonGraphLike {
  nodes: { x: number; y: number; degree: number }[];
  edges: { from: number; to: number; path: Int32Array; length: number }[];
}

/** A traced graph as number arrays, for the value-by-value comparison. */
function graphValues(graph: SkeletonGraphLike): ArrayLike<number>[] {
  return [
    graph.nodes.flatMap((n) => [n.x, n.y, n.degree]),
    graph.edges.flatMap((e) => [e.from, e.to, e.length, e.path.length]),
    graph.edges.flatMap((e) => [...e.path]),
  ];
}

async function stageModules(root: string): Promise<StageModules> {
  const at = (file: string): string => pathToFileURL(join(resolve(root), 'fingerprint/extractor', file)).href;
  return {
    ...(await import(at('extract.ts'))),
    ...(await import(at('block-gradients.ts'))),
    ...(await import(at('frequency.ts'))),
    ...(await import(at('orientation.ts'))),
    ...(await import(at('enhancement.ts'))),
    ...(await import(at('binarization.ts'))),
    ...(await import(at('thinning.ts'))),
    ...(await import(at('block-map.ts'))),
    ...(await import(at('contrast.ts'))),
    ...(await import(at('skeleton-graph.ts'))),
  } as StageModules;
}


const oldStages = await stageModules(values.baseline);
const newStages = await stageModules('packages/biometrics/src');
const images = (await decodeImpressions(folder, Number(values.dpi), Number(values.limit))).map((i) => i.image);
const rounds = Number(values.rounds);
const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// A traced graph is timed as returned and turned into number arrays after the clock stops.
type Stage = (m: StageModules) => ArrayLike<number>[] | SkeletonGraphLike;
const results = new Map<string, { old: number[]; new: number[]; differing: number }>();

function compare(name: string, stage: Stage, imageIndex: number): void {
  const entry = results.get(name) ?? { old: [], new: [], differing: 0 };
  results.set(name, entry);
  const raw: (ArrayLike<number>[] | SkeletonGraphLike)[] = [[], []];
  const times: number[][] = [[], []];
  for (let round = 0; round < rounds; round++) {
    for (const side of (imageIndex + round) % 2 === 0 ? [0, 1] : [1, 0]) {
      const start = cpuMs();
      raw[side] = stage(side === 0 ? oldStages : newStages);
      times[side].push(cpuMs() - start);
    }
  }
  entry.old.push(median(times[0]));
  entry.new.push(median(times[1]));
  const outputs = raw.map((o) => (Array.isArray(o) ? o : graphValues(o as SkeletonGraphLike)));
  const same = outputs[0].every((a, k) => {
    const b = outputs[1][k];
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  });
  if (!same) entry.differing++;
}

// Warm-up: every stage of both trees optimised before anything is timed (one pass, not counted).
for (const [pass, list] of [images.slice(0, 5), images].entries()) {
  list.forEach((image, k) => {
    const captured = new Map<string, unknown>();
    oldStages.extractTemplate(image, { transparency: (key, data) => captured.set(key, data) });
    const { width, height } = image;
    const normalized = (captured.get('normalized') as { data: Float32Array }).data;
    const mask = captured.get('mask') as { data: Uint8Array };
    const orientation = captured.get('orientation') as { cos2: Float32Array; sin2: Float32Array };
    const periods = captured.get('frequency');
    const enhanced = (captured.get('enhanced') as { data: Float32Array }).data;
    const binary = (captured.get('binarized') as { data: Uint8Array }).data;
    const skeleton = (captured.get('skeleton') as { data: Uint8Array }).data;
    const footprint = oldStages.enhancementFootprint(mask, enhancementSettings);
    const bins = oldStages.pixelOrientationBins(orientation, width, height, P.ORIENTATION_BINS, undefined, undefined, footprint);
    const integral = oldStages.integralImages(image);
    const stages: [string, Stage][] = [
      ['contrast normalisation', (m) => [m.normalizeContrast(integral, image, P.NORMALIZATION_RADIUS, P.MIN_NORMALIZATION_DEVIATION)]],
      ['block gradients', (m) => Object.values(m.blockGradients(normalized, width, height, P.BLOCK_SIZE)).filter((v) => v instanceof Float32Array)],
      ['block-map smoothing (orientation σ, ×2 per image)', (m) => [m.smoothOverMask(orientation.cos2, mask, mask.data, P.ORIENTATION_SMOOTHING_SIGMA_BLOCKS), m.smoothOverMask(orientation.sin2, mask, mask.data, P.ORIENTATION_SMOOTHING_SIGMA_BLOCKS)]],
      ['pixel orientation bins', (m) => [m.pixelOrientationBins(orientation, width, height, P.ORIENTATION_BINS, undefined, undefined, m.enhancementFootprint(mask, enhancementSettings))]],
      ['ridge periods', (m) => Object.values(m.ridgePeriods(normalized, width, height, orientation, mask, frequencySettings)).filter(ArrayBuffer.isView) as ArrayLike<number>[]],
      ['enhancement (along + across)', (m) => [m.enhanceRidges(normalized, width, height, bins, periods, mask, enhancementSettings)]],
      ['binarization', (m) => [m.binarize(enhanced, width, height, mask, P.MAX_BINARY_SPECK_AREA)]],
      ['thinning', (m) => [m.thin(binary, width)]],
      ['skeleton tracing', (m) => m.traceSkeleton(skeleton, width)],
    ];
    for (const [name, stage] of stages) {
      if (pass === 0) {
        stage(oldStages);
        stage(newStages);
      } else compare(name, stage, k);
    }
  });
}

const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
for (const [name, { old, new: now, differing }] of results) {
  console.log(
    `${folder} ${name}: old ${(total(old) / old.length).toFixed(3)} ms, new ${(total(now) / now.length).toFixed(3)} ms CPU (mean of per-image medians), ` +
      `ratio ${(total(now) / total(old)).toFixed(3)}, outputs differing ${differing}/${old.length}`,
  );
}
