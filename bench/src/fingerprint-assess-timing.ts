/**
 * What a capture costs the server (readers/processing.ts `processFinger` after decoding): the
 * separate calls it used to make (likeness check for enrolment, extraction, quality from the
 * image) against the one-pass `extractAndAssessFingerprint`, which reuses extraction's stages.
 * Decodes every `<finger>_<impression>` image of a folder once, warms up, then per image and
 * round runs both, alternating which goes first, and prints the median process CPU time of each
 * path (per image: median over rounds; then the median and mean over images) and how many
 * outcomes (template, quality, likeness, or the error) differ between the two.
 *
 *   tsx bench/src/fingerprint-assess-timing.ts <folder> [--dpi N] [--limit N] [--rounds N] [--verification]
 *
 * `--verification` times the probe path (no likeness check) instead of enrolment.
 */
import { parseArgs } from 'node:util';
import { decodeImpressions } from './fingerprint/impressions.ts';
import {
  assertFingerprintLike,
  assessFingerprintQuality,
  extractAndAssessFingerprint,
  extractTemplate,
  type GrayImage,
} from '../../packages/biometrics/src/fingerprint/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dpi: { type: 'string', default: '500' },
    limit: { type: 'string', default: '80' },
    rounds: { type: 'string', default: '5' },
    verification: { type: 'boolean', default: false },
  },
});
const folder = positionals[0];
if (!folder) {
  console.error('uso: tsx bench/src/fingerprint-assess-timing.ts <carpeta> [--dpi N] [--limit N] [--rounds N] [--verification]');
  process.exit(2);
}
const requireFingerprintLike = !values.verification;
const images: GrayImage[] = (await decodeImpressions(folder, Number(values.dpi), Number(values.limit))).map((i) => i.image);

function outcome(run: () => unknown): string {
  try {
    return JSON.stringify(run());
  } catch (error) {
    const e = error as { code?: string; message: string; details?: unknown };
    return JSON.stringify({ error: e.code, message: e.message, details: e.details });
  }
}
const paths = {
  separate: (image: GrayImage) =>
    outcome(() => {
      const likeness = requireFingerprintLike ? assertFingerprintLike(image) : null;
      const template = extractTemplate(image);
      return { template, quality: assessFingerprintQuality(image, template), likeness };
    }),
  onePass: (image: GrayImage) => outcome(() => extractAndAssessFingerprint(image, { requireFingerprintLike })),
};
type Path = keyof typeof paths;

for (const image of images.slice(0, 5)) for (const run of Object.values(paths)) run(image);

const cpu: Record<Path, number[][]> = { separate: images.map(() => []), onePass: images.map(() => []) };
let differing = 0;
for (let round = 0; round < Number(values.rounds); round++) {
  for (let n = 0; n < images.length; n++) {
    const order: Path[] = (n + round) % 2 === 0 ? ['separate', 'onePass'] : ['onePass', 'separate'];
    const results: Partial<Record<Path, string>> = {};
    for (const path of order) {
      const start = process.cpuUsage();
      results[path] = paths[path](images[n]);
      const used = process.cpuUsage(start);
      cpu[path][n].push((used.user + used.system) / 1000);
    }
    if (results.separate !== results.onePass) differing++;
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const perImage = { separate: cpu.separate.map(median), onePass: cpu.onePass.map(median) };
const ratios = perImage.onePass.map((x, i) => x / perImage.separate[i]);
console.log(`${folder}: ${images.length} imágenes × ${values.rounds} rondas, ${requireFingerprintLike ? 'enrolamiento (con verificación de huella)' : 'verificación (sin ella)'}`);
for (const path of ['separate', 'onePass'] as Path[]) {
  console.log(`  ${path}: CPU p50 ${median(perImage[path]).toFixed(1)} ms, media ${mean(perImage[path]).toFixed(1)} ms`);
}
console.log(`  razón onePass/separate por imagen: p50 ${median(ratios).toFixed(3)}, media ${mean(ratios).toFixed(3)}`);
console.log(`  resultados distintos: ${differing}/${images.length * Number(values.rounds)}`);
