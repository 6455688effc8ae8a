/**
 * Are the synthetic prints as different from each other as real fingers are? Prints the impostor
 * score distribution of the project's generator (+ extractor + matcher) beside that of the FVC-style
 * sets, as the FMR at the 1:1 threshold and at the calibration's other knots, and their ratio.
 *
 *   npm run bench:synth -- [--fingers N] [--fvc DIR] [--cache DIR] [--threads T]
 *
 * Synthetic: N generated fingers (the gallery benchmark's pool, two impressions each, cached under
 * /tmp/siap-bench-gallery keyed by the generator's and extractor's sources); impostors are every
 * pair of templates of different fingers, genuine pairs the two impressions of each finger. Real:
 * protocol `all` of every set under --fvc (every cross-finger pair of each set; each set's dpi from
 * its resolutions.csv), templates cached under --cache as bench:fingerprint does. It prints the
 * minutiae per template of both (mean and spread), then the impostor tails. The last line is
 * the summary:
 *   synth_fmr@40=x.xxxx% real_fmr@40=x.xxxx% ratio=r synth_tar@40=x.xx% real_tar@40=x.xx%
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { FINGERPRINT_MATCH_THRESHOLD, matchScore, prepareProbe, prepareTemplate, type PreparedTemplate } from '@siap/biometrics/fingerprint';
import { comparisons, discoverDatasets } from './fingerprint/dataset.ts';
import { TemplateSource } from './fingerprint/extraction.ts';
import { extractSet } from './fingerprint/run-set.ts';
import { loadPool } from './gallery/pool.ts';
import { startProgress } from './lib/index.ts';

const USAGE = 'Uso: npm run bench:synth -- [--fingers N] [--fvc DIR] [--cache DIR] [--threads T]';
/** The calibration's knots: score s is 1:1 FMR 10^(−s/10) on the real sets' impostors. */
const THRESHOLDS = [10, 20, 30, FINGERPRINT_MATCH_THRESHOLD];

interface Scores {
  impostor: Float64Array;
  genuine: Float64Array;
  /** Minutiae per template: the gallery's memory and each full match's cost grow with it. */
  minutiae: number[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fingers: { type: 'string', default: '300' },
      fvc: { type: 'string' },
      cache: { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const fingers = Number(values.fingers);
  if (!Number.isInteger(fingers) || fingers < 2) throw new Error(USAGE);
  const threads = values.threads ? Number(values.threads) : availableParallelism();

  const synthetic = await syntheticScores(fingers, threads);
  console.log(`synthetic: ${fingers} generated fingers × 2 impressions, ${synthetic.impostor.length} impostor pairs, ${synthetic.genuine.length} genuine pairs`);
  const real = values.fvc ? await realScores(values.fvc, values.cache ?? null) : null;
  if (real) console.log(`real: ${values.fvc} (protocol all), ${real.impostor.length} impostor pairs, ${real.genuine.length} genuine pairs`);

  console.log(`minutiae per template: synthetic ${spread(synthetic.minutiae)}` + (real ? ` · real ${spread(real.minutiae)}` : ''));
  for (const t of THRESHOLDS) {
    const s = tail(synthetic.impostor, t);
    const r = real ? tail(real.impostor, t) : null;
    console.log(
      `score ≥ ${t} (calibrated 1:1 FMR ${(100 * 10 ** (-t / 10)).toPrecision(2)}%): impostors synthetic ${rate(s, synthetic.impostor.length)}` +
        (r !== null && real ? ` · real ${rate(r, real.impostor.length)} · ratio ${ratio(s / synthetic.impostor.length, r / real.impostor.length)}` : ''),
    );
  }
  const t = FINGERPRINT_MATCH_THRESHOLD;
  const sFmr = tail(synthetic.impostor, t) / synthetic.impostor.length;
  const sTar = tail(synthetic.genuine, t) / synthetic.genuine.length;
  const rFmr = real ? tail(real.impostor, t) / real.impostor.length : Number.NaN;
  const rTar = real ? tail(real.genuine, t) / real.genuine.length : Number.NaN;
  console.log(
    `synth_fmr@${t}=${pct(sFmr, 4)} real_fmr@${t}=${pct(rFmr, 4)} ratio=${ratio(sFmr, rFmr)} synth_tar@${t}=${pct(sTar, 2)} real_tar@${t}=${pct(rTar, 2)}`,
  );
}

async function syntheticScores(fingers: number, threads: number): Promise<Scores> {
  const pool = await loadPool(fingers, threads);
  const templates: { finger: number; prepared: PreparedTemplate }[] = [];
  const minutiae: number[] = [];
  pool.forEach((f, finger) => {
    for (const t of f.templates) {
      if (!t) continue;
      templates.push({ finger, prepared: prepareProbe(prepareTemplate(t)) });
      minutiae.push(t.minutiae.length);
    }
  });
  const impostor: number[] = [];
  const genuine: number[] = [];
  const progress = startProgress('synthetic comparisons', (templates.length * (templates.length - 1)) / 2);
  for (let i = 0; i < templates.length; i++) {
    for (let j = i + 1; j < templates.length; j++) {
      const score = matchScore(templates[i].prepared, templates[j].prepared);
      (templates[i].finger === templates[j].finger ? genuine : impostor).push(score);
    }
    progress.tick(templates.length - i - 1);
  }
  progress.stop();
  return { impostor: Float64Array.from(impostor), genuine: Float64Array.from(genuine), minutiae };
}

async function realScores(dir: string, cache: string | null): Promise<Scores> {
  const source = new TemplateSource(cache);
  const impostor: number[] = [];
  const genuine: number[] = [];
  const minutiae: number[] = [];
  for (const dataset of discoverDatasets(dir, 500, false)) {
    const { prepared, minutiaCounts } = await extractSet(dataset, source);
    minutiae.push(...minutiaCounts);
    for (const c of comparisons(dataset.images, 'all')) {
      (c.genuine ? genuine : impostor).push(matchScore(prepared[c.probe], prepared[c.candidate]));
    }
  }
  return { impostor: Float64Array.from(impostor), genuine: Float64Array.from(genuine), minutiae };
}

/** Mean and the 10th / 50th / 90th percentiles. */
function spread(counts: readonly number[]): string {
  const sorted = [...counts].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((sum, n) => sum + n, 0) / sorted.length;
  return `mean ${mean.toFixed(1)}, p10/p50/p90 ${at(0.1)}/${at(0.5)}/${at(0.9)} (${sorted.length} templates)`;
}

function tail(scores: Float64Array, threshold: number): number {
  let n = 0;
  for (const s of scores) if (s >= threshold) n++;
  return n;
}

function rate(count: number, total: number): string {
  return `${pct(count / total, 4)} (${count}/${total})`;
}

function pct(x: number, digits: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : 'n/a';
}

function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 'n/a';
  if (b === 0) return a === 0 ? '1.00' : '∞';
  return (a / b).toFixed(2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
