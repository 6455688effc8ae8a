/**
 * Extraction speed, old code against new, in one process: `--baseline` is a copy of an older
 * `packages/biometrics/src` (e.g. `git archive <commit> packages/biometrics/src | tar -x -C DIR`,
 * then DIR/packages/biometrics/src). Per image the two take turns (who goes first alternates by
 * image and round), timed by process CPU time, which a shared machine disturbs less than wall
 * time; per image the median of the rounds, then the median over the images of the per-image
 * new/old ratios. The templates are compared as JSON (count differing, digest of all of them).
 *
 *   tsx bench/src/fingerprint-extract-ab.ts --baseline DIR <folder> [--dpi N] [--limit 80] [--rounds 3]
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeImpressions } from './fingerprint/impressions.ts';
import { extractTemplate, type FingerprintTemplate, type GrayImage } from '../../packages/biometrics/src/fingerprint/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    baseline: { type: 'string' },
    dpi: { type: 'string', default: '500' },
    limit: { type: 'string', default: '80' },
    rounds: { type: 'string', default: '3' },
  },
});
const folder = positionals[0];
if (!folder || !values.baseline) {
  console.error('uso: tsx bench/src/fingerprint-extract-ab.ts --baseline DIR <carpeta> [--dpi N] [--limit N] [--rounds N]');
  process.exit(2);
}
const baselineModule = pathToFileURL(join(resolve(values.baseline), 'fingerprint/extractor/extract.ts')).href;
const { extractTemplate: extractOld } = (await import(baselineModule)) as { extractTemplate: (image: GrayImage) => FingerprintTemplate };

const images = (await decodeImpressions(folder, Number(values.dpi), Number(values.limit))).map((i) => i.image);
const rounds = Number(values.rounds);
const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
// Warm-up: both versions optimised by the JIT before anything is timed.
for (let pass = 0; pass < 2; pass++) {
  for (const image of images.slice(0, 20)) {
    extractOld(image);
    extractTemplate(image);
  }
}
const oldTimes: number[][] = images.map(() => []);
const newTimes: number[][] = images.map(() => []);
const oldDigest = createHash('sha256');
const newDigest = createHash('sha256');
let differing = 0;
for (let round = 0; round < rounds; round++) {
  images.forEach((image, k) => {
    let oldJson = '';
    let newJson = '';
    for (const isNew of (k + round) % 2 === 0 ? [false, true] : [true, false]) {
      const start = cpuMs();
      const template = isNew ? extractTemplate(image) : extractOld(image);
      const elapsed = cpuMs() - start;
      if (isNew) {
        newTimes[k].push(elapsed);
        newJson = JSON.stringify(template);
      } else {
        oldTimes[k].push(elapsed);
        oldJson = JSON.stringify(template);
      }
    }
    if (round === 0) {
      if (oldJson !== newJson) differing++;
      oldDigest.update(oldJson);
      newDigest.update(newJson);
    }
  });
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const oldMedians = oldTimes.map(median);
const newMedians = newTimes.map(median);
const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
console.log(
  `${folder}: old ${median(oldMedians).toFixed(2)} ms, new ${median(newMedians).toFixed(2)} ms CPU (p50), ` +
    `ratio p50 ${median(oldMedians.map((o, k) => newMedians[k] / o)).toFixed(3)}, ratio of totals ${(total(newMedians) / total(oldMedians)).toFixed(3)}, ` +
    `templates differing ${differing}/${images.length}, digest old ${oldDigest.digest('hex').slice(0, 12)} new ${newDigest.digest('hex').slice(0, 12)}`,
);
