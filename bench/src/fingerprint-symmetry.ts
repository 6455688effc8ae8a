/**
 * Is the matcher's score the same seen from either side? For every pair of impressions of the
 * given FVC-layout folders (all genuine pairs, all impostor pairs) it scores matchScore(a, b) and
 * matchScore(b, a) and prints how far apart they are and the FMR / FNMR each order gives at a few
 * thresholds. The server's 1:1 comparison puts the enrolled template first (its edge hash is
 * cached, extraction-worker.ts); the thresholds were calibrated with the probe first.
 *
 *   tsx bench/src/fingerprint-symmetry.ts <folder>[:dpi] [<folder>[:dpi] …]
 */
import { basename } from 'node:path';
import { decodeImpressions } from './fingerprint/impressions.ts';
import { extractTemplate, matchScore, prepareTemplate, FINGERPRINT_MATCH_THRESHOLD } from '../../packages/biometrics/src/fingerprint/index.ts';

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error('uso: tsx bench/src/fingerprint-symmetry.ts <carpeta>[:dpi] …');
  process.exit(2);
}
type Pair = [forward: number, backward: number];
const genuine: Pair[] = [];
const impostor: Pair[] = [];
for (const folder of folders) {
  const [dir, dpi = '500'] = folder.split(':') as [string, string?];
  const templates = (await decodeImpressions(dir, Number(dpi))).map(({ file, image }) => ({ finger: basename(file).split('_')[0], prepared: prepareTemplate(extractTemplate(image)) }));
  for (let i = 0; i < templates.length; i++) {
    for (let j = i + 1; j < templates.length; j++) {
      const a = templates[i]!;
      const b = templates[j]!;
      (a.finger === b.finger ? genuine : impostor).push([matchScore(a.prepared, b.prepared), matchScore(b.prepared, a.prepared)]);
    }
  }
}
const describe = (name: string, pairs: Pair[]) => {
  const gaps = pairs.map(([x, y]) => Math.abs(x - y));
  const mean = gaps.reduce((s, v) => s + v, 0) / gaps.length;
  const equal = gaps.filter((g) => g === 0).length / gaps.length;
  console.log(`${name}: pairs=${pairs.length} mean_abs_diff=${mean.toFixed(3)} equal=${(equal * 100).toFixed(1)}% max_abs_diff=${Math.max(...gaps).toFixed(2)}`);
};
describe('genuine', genuine);
describe('impostor', impostor);
const share = (pairs: Pair[], side: 0 | 1, test: (score: number) => boolean) => ((pairs.filter((p) => test(p[side])).length / pairs.length) * 100).toFixed(3);
for (const threshold of [30, FINGERPRINT_MATCH_THRESHOLD, 50]) {
  console.log(
    `threshold=${threshold} FMR a,b=${share(impostor, 0, (s) => s >= threshold)}% b,a=${share(impostor, 1, (s) => s >= threshold)}% ` +
      `FNMR a,b=${share(genuine, 0, (s) => s < threshold)}% b,a=${share(genuine, 1, (s) => s < threshold)}%`,
  );
}
