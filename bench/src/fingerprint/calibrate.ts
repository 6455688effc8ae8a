/**
 * Refits the score calibration (packages/biometrics/src/fingerprint/matcher/calibration.ts) from a
 * benchmark run:
 *
 *   npm run bench:fingerprint -- --dataset ../shared/datasets/fingerprints --protocol both --out RUN
 *   npx tsx bench/src/fingerprint/calibrate.ts --run RUN
 *
 * Reads every RUN/<set>/all/scores.csv (protocol all: every cross-finger pair), pools the impostor
 * scores, turns them back into raw similarities with the calibration the run was made with, and
 * prints the raw knots at which exactly ⌊FMR · impostors⌋ impostors score higher, for FMR 10 %,
 * 1 %, 0.1 % and 0.01 % (scores 10, 20, 30, 40). Paste them into RAW_KNOTS; the mapping is
 * monotonic, so rankings and EERs do not change, only where the fixed threshold sits.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CALIBRATION_KNOTS, rawFromScore } from '@siap/biometrics/fingerprint';

const TARGET_FMR = [0.1, 0.01, 0.001, 0.0001];

/** Raw similarities of the impostor rows of one scores.csv. */
export function impostorRaws(csv: string): number[] {
  const raws: number[] = [];
  for (const line of csv.split('\n').slice(1)) {
    if (!line) continue;
    const fields = line.split(',');
    if (fields[fields.length - 2] === '0') raws.push(rawFromScore(Number(fields[fields.length - 1])));
  }
  return raws;
}

/**
 * The raw knot for a false-match rate over impostor raws sorted from highest: halfway between the
 * n-th and (n+1)-th highest, n = ⌊fmr · count⌋, lowered to fewer than n above when ties straddle.
 */
export function knotAt(sortedDescending: number[], fmr: number): { knot: number; above: number } {
  const n = Math.floor(fmr * sortedDescending.length);
  const below = sortedDescending[n];
  let m = n;
  while (m > 0 && sortedDescending[m - 1] === below) m--;
  const upper = m > 0 ? sortedDescending[m - 1] : below + 2;
  const knot = below === Number.NEGATIVE_INFINITY ? upper - 1 : (upper + below) / 2;
  return { knot, above: m };
}

function main(): void {
  const { values } = parseArgs({ options: { run: { type: 'string' } } });
  if (!values.run) throw new Error('Uso: npx tsx bench/src/fingerprint/calibrate.ts --run DIR');
  const pooled: number[] = [];
  for (const set of readdirSync(values.run).sort()) {
    const file = join(values.run, set, 'all', 'scores.csv');
    if (!existsSync(file)) continue;
    const raws = impostorRaws(readFileSync(file, 'utf8'));
    console.log(`${set}: ${raws.length} impostors`);
    pooled.push(...raws);
  }
  if (pooled.length === 0) throw new Error(`No hay ${values.run}/<set>/all/scores.csv`);
  pooled.sort((a, b) => b - a);
  const knots = TARGET_FMR.map((fmr) => knotAt(pooled, fmr));
  for (const [k, fmr] of TARGET_FMR.entries()) {
    const { knot, above } = knots[k];
    console.log(`FMR ${fmr}: raw ${knot.toFixed(4)}, ${above} of ${pooled.length} impostors above (${((100 * above) / pooled.length).toFixed(4)} %)`);
  }
  // The zero knot has no FMR of its own: one decade below the 10 % knot, at the same spacing.
  const zero = 2 * knots[0].knot - knots[1].knot;
  const raw = [zero, ...knots.map((k) => k.knot)].map((v) => Number(v.toFixed(4)));
  console.log(`was RAW_KNOTS = [${CALIBRATION_KNOTS.raw.join(', ')}]`);
  console.log(`RAW_KNOTS = [${raw.join(', ')}]`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
