/**
 * Decode speed on one core, apart from extraction: reads every `<finger>_<impression>` image of a
 * folder (TIFF in the FVC sets), re-encodes the same pixels as PNG (sharp) and WSQ (the
 * project's encoder, 0.75 bpp), then times `decodeFingerprintImage` (decode + rescale to 500 dpi)
 * on each format in turn, alternating formats per image, and prints median wall clock and process
 * CPU time. sharp decodes on libuv/libvips threads, so its CPU time is the whole process's.
 *
 *   tsx bench/src/fingerprint-decode-timing.ts <folder> [--dpi N] [--limit N] [--rounds N]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { impressionFiles } from './fingerprint/impressions.ts';
import sharp from 'sharp';
import { decodeFingerprintImage } from '../../packages/biometrics/src/fingerprint/index.ts';
import { encodeWsq } from '../../packages/biometrics/src/wsq/encode.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dpi: { type: 'string', default: '500' }, limit: { type: 'string', default: '40' }, rounds: { type: 'string', default: '3' } },
});
const folder = positionals[0];
if (!folder) {
  console.error('uso: tsx bench/src/fingerprint-decode-timing.ts <carpeta> [--dpi N] [--limit N] [--rounds N]');
  process.exit(2);
}
const dpi = Number(values.dpi);
const files = impressionFiles(folder, Number(values.limit));
const encoded: Record<'original' | 'png' | 'wsq', Uint8Array[]> = { original: [], png: [], wsq: [] };
for (const f of files) {
  const bytes = readFileSync(f);
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  const gray = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
  encoded.original.push(bytes);
  encoded.png.push(await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).png().toBuffer());
  encoded.wsq.push(encodeWsq(gray));
}
const formats = Object.keys(encoded) as (keyof typeof encoded)[];
for (const format of formats) for (const bytes of encoded[format].slice(0, 3)) await decodeFingerprintImage(bytes, { dpi });
const wall: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
for (const format of formats) [wall[format], cpu[format]] = [[], []];
for (let round = 0; round < Number(values.rounds); round++) {
  for (let n = 0; n < files.length; n++) {
    for (let k = 0; k < formats.length; k++) {
      const format = formats[(k + n + round) % formats.length];
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await decodeFingerprintImage(encoded[format][n], { dpi });
      wall[format].push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu[format].push((used.user + used.system) / 1000);
    }
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const kb = (xs: Uint8Array[]): string => (xs.reduce((s, b) => s + b.length, 0) / xs.length / 1024).toFixed(0);
for (const format of formats) {
  const label = format === 'original' ? `${files[0]?.split('.').pop() ?? '?'} (original)` : format;
  console.log(
    `${folder}: ${label}, ${kb(encoded[format])} KiB en promedio, decodificación p50 ${median(wall[format]).toFixed(2)} ms (CPU ${median(cpu[format]).toFixed(2)} ms)`,
  );
}
