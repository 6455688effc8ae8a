import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFingerprintImage, type GrayImage } from '../../../packages/biometrics/src/fingerprint/index.ts';

/** The `<finger>_<impression>` image files of an FVC-layout folder, sorted, at most `limit`. */
export function impressionFiles(folder: string, limit = Number.POSITIVE_INFINITY): string[] {
  return readdirSync(folder)
    .filter((f) => /^\d+_\d+\.(tif|tiff|png|bmp|jpg|jpeg|wsq)$/i.test(f))
    .sort()
    .slice(0, limit)
    .map((f) => join(folder, f));
}

/** Those files decoded at `dpi` (resampled to 500 dpi as the engine does). */
export async function decodeImpressions(folder: string, dpi: number, limit?: number): Promise<Array<{ file: string; image: GrayImage }>> {
  const out: Array<{ file: string; image: GrayImage }> = [];
  for (const file of impressionFiles(folder, limit)) out.push({ file, image: await decodeFingerprintImage(readFileSync(file), { dpi }) });
  return out;
}
