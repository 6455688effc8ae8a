/**
 * Writes synthetic fingerprint impressions as PNG, for a person to look at and as a small
 * FVC-style data set (`<finger>_<impression>.png`, both 1-based) the fingerprint benchmark can read.
 *
 *   npx tsx bench/src/synth-preview.ts --out DIR [--fingers 4] [--impressions 4] [--seed 1]
 *
 * Also writes DIR/preview.png (fingers as rows, impressions as columns) and prints the class and
 * the generation time of every finger.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { generateImpression, generateMasterPrint, impressionSeed } from '@siap/biometrics/synth';
import type { GrayImage } from '@siap/biometrics/fingerprint';

const USAGE = 'Uso: npx tsx bench/src/synth-preview.ts --out DIR [--fingers N] [--impressions N] [--seed N]';

function png(img: GrayImage): ReturnType<typeof sharp> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 1 },
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      fingers: { type: 'string', default: '4' },
      impressions: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (!values.out) throw new Error(USAGE);
  const fingers = Number(values.fingers);
  const impressions = Number(values.impressions);
  const firstSeed = Number(values.seed);
  if (!(fingers >= 1 && impressions >= 1 && Number.isInteger(firstSeed))) throw new Error(USAGE);
  mkdirSync(values.out, { recursive: true });

  const tiles: { input: Buffer; left: number; top: number }[] = [];
  let width = 0;
  let height = 0;
  for (let f = 0; f < fingers; f++) {
    const seed = firstSeed + f;
    const t0 = performance.now();
    const master = generateMasterPrint(seed);
    const t1 = performance.now();
    for (let i = 0; i < impressions; i++) {
      const img = generateImpression(master, impressionSeed(seed, i));
      width = img.width;
      height = img.height;
      await png(img).png().toFile(join(values.out, `${f + 1}_${i + 1}.png`));
      if (f < 6 && i < 8) tiles.push({ input: await png(img).png().toBuffer(), left: i * (img.width + 4), top: f * (img.height + 4) });
    }
    const t2 = performance.now();
    console.log(
      `dedo ${f + 1} (semilla ${seed}): ${master.fingerClass}, maestra ${(t1 - t0).toFixed(0)} ms, ` +
        `${impressions} impresiones ${((t2 - t1) / impressions).toFixed(0)} ms c/u (incluye PNG)`,
    );
  }
  const cols = Math.min(impressions, 8);
  const rows = Math.min(fingers, 6);
  await sharp({
    create: { width: cols * (width + 4) - 4, height: rows * (height + 4) - 4, channels: 3, background: '#c00000' },
  })
    .composite(tiles)
    .png()
    .toFile(join(values.out, 'preview.png'));
  console.log(`Escrito en ${values.out} (vista general: preview.png)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
