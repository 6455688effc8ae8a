/**
 * Draws what the extractor saw: the 500 dpi image, the segmentation mask (tinted outside),
 * the skeleton (green), and the minutiae (red = ending, blue = bifurcation) with a tick along
 * each minutia's direction, so a person can check the extraction by eye.
 *
 *   tsx bench/src/fingerprint-overlay.ts <image> [--dpi N] [--stage skeleton|binarized|enhanced] --out file.svg|png
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodeFingerprintImage, extractTemplate } from '../../packages/biometrics/src/fingerprint/index.ts';
import type { Minutia } from '../../packages/biometrics/src/fingerprint/index.ts';

interface Raster {
  width: number;
  height: number;
  data: Uint8Array | Float32Array;
}
interface BlockMaskView {
  blocksX: number;
  blockSize: number;
  data: Uint8Array;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dpi: { type: 'string' }, out: { type: 'string' }, stage: { type: 'string', default: 'skeleton' }, scale: { type: 'string', default: '2' } },
});
const input = positionals[0];
if (!input || !values.out) {
  console.error('uso: tsx bench/src/fingerprint-overlay.ts <imagen> [--dpi N] [--stage skeleton|binarized|enhanced] --out archivo.svg|png');
  process.exit(2);
}
const scale = Number(values.scale);
const image = await decodeFingerprintImage(readFileSync(input), values.dpi ? { dpi: Number(values.dpi) } : {});
const captured = new Map<string, unknown>();
const template = extractTemplate(image, { transparency: (key, data) => captured.set(key, data) });

const { width, height } = image;
const rgba = Buffer.alloc(width * height * 4);
const mask = captured.get('mask') as BlockMaskView;
const stage = captured.get(values.stage as string) as Raster | undefined;
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    const i = y * width + x;
    const foreground = mask.data[((y / mask.blockSize) | 0) * mask.blocksX + ((x / mask.blockSize) | 0)] === 1;
    let v = image.data[i];
    if (values.stage === 'enhanced' && stage) v = Math.max(0, Math.min(255, 128 - 60 * stage.data[i]));
    if (values.stage === 'binarized' && stage) v = stage.data[i] ? 60 : 230;
    const p = i * 4;
    rgba[p] = foreground ? v : Math.round(v * 0.6 + 255 * 0.4);
    rgba[p + 1] = foreground ? v : Math.round(v * 0.6 + 120 * 0.4);
    rgba[p + 2] = foreground ? v : Math.round(v * 0.6 + 120 * 0.4);
    rgba[p + 3] = 255;
    if (values.stage === 'skeleton' && stage && stage.data[i]) {
      rgba[p] = 0;
      rgba[p + 1] = 200;
      rgba[p + 2] = 0;
    }
  }
}
const background = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();

function minutiaSvg(m: Minutia): string {
  const color = m.type === 'ending' ? '#e00' : '#06f';
  // Template angles are counterclockwise on screen: the screen vector is (cos θ, −sin θ).
  const tx = m.x + 12 * Math.cos(m.direction);
  const ty = m.y - 12 * Math.sin(m.direction);
  const opacity = (0.35 + 0.65 * (m.quality / 100)).toFixed(2);
  return `<g stroke="${color}" stroke-width="1.2" fill="none" opacity="${opacity}"><circle cx="${m.x}" cy="${m.y}" r="4"/><line x1="${m.x}" y1="${m.y}" x2="${tx.toFixed(1)}" y2="${ty.toFixed(1)}"/></g>`;
}

const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width * scale}" height="${height * scale}" viewBox="0 0 ${width} ${height}">`,
  `<image width="${width}" height="${height}" style="image-rendering:pixelated" xlink:href="data:image/png;base64,${background.toString('base64')}"/>`,
  ...template.minutiae.map(minutiaSvg),
  `<text x="4" y="12" font-family="sans-serif" font-size="10" fill="#c00">${template.minutiae.length} minucias</text>`,
  '</svg>',
].join('\n');

if (values.out.endsWith('.png')) {
  writeFileSync(values.out, await sharp(Buffer.from(svg)).png().toBuffer());
} else {
  writeFileSync(values.out, svg);
}
console.log(`${input}: ${template.minutiae.length} minucias → ${values.out}`);
