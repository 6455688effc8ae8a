/**
 * Extraction speed on one core: decodes every `<finger>_<impression>` image of a folder, warms up,
 * then times `extractTemplate` alone (wall clock and process CPU time, which is steadier on a
 * shared machine) and prints the medians and the mean minutia count.
 *
 *   tsx bench/src/fingerprint-extract-timing.ts <folder> [--dpi N] [--limit N]
 */
import { parseArgs } from 'node:util';
import { decodeImpressions } from './fingerprint/impressions.ts';
import { extractTemplate, type GrayImage } from '../../packages/biometrics/src/fingerprint/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dpi: { type: 'string', default: '500' }, limit: { type: 'string', default: '80' } },
});
const folder = positionals[0];
if (!folder) {
  console.error('uso: tsx bench/src/fingerprint-extract-timing.ts <carpeta> [--dpi N] [--limit N]');
  process.exit(2);
}
const images: GrayImage[] = (await decodeImpressions(folder, Number(values.dpi), Number(values.limit))).map((i) => i.image);
for (const image of images.slice(0, 5)) extractTemplate(image);

const wall: number[] = [];
const cpu: number[] = [];
let minutiae = 0;
for (const image of images) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  minutiae += extractTemplate(image).minutiae.length;
  wall.push(performance.now() - start);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(
  `${folder}: ${images.length} imágenes, extracción p50 ${median(wall).toFixed(1)} ms (CPU ${median(cpu).toFixed(1)} ms), ` +
    `${(minutiae / images.length).toFixed(1)} minucias en promedio`,
);
