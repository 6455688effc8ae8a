import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BiometricError, PAD_FEATURE_SET, type FacePool, type PresentationRecord } from '@siap/biometrics/face';
import { startProgress } from '../lib/index.ts';
import type { PadImage } from './dataset.ts';

/** One presentation through the engine: the shipped model's score and the feature vector, or no face. */
export interface Extracted {
  score: number | null;
  features: Float32Array | null;
  /** Worker time for decode + detection + PAD, ms (null when the image failed). */
  ms: number | null;
  error: string | null;
}

/**
 * Every image through `FacePool.presentation` (decode, detect, PAD crops, features, shipped
 * model). FACE_NOT_FOUND (and other refusals of the image) give a null score.
 */
export async function extractAll(pool: FacePool, root: string, items: readonly PadImage[], label: string): Promise<Extracted[]> {
  const out: Extracted[] = new Array(items.length);
  const progress = startProgress(label, items.length);
  await Promise.all(items.map(async (item, i) => {
    const bytes = await readFile(path.join(root, item.file));
    try {
      const { result, ms } = await pool.call('presentation', bytes, {});
      const rec = result as PresentationRecord;
      out[i] = { score: rec.score, features: Float32Array.from(rec.features), ms, error: null };
    } catch (err) {
      if (!(err instanceof BiometricError)) throw err;
      out[i] = { score: null, features: null, ms: null, error: err.code };
    } finally {
      progress.tick();
    }
  }));
  progress.stop();
  return out;
}

/**
 * `extractAll` through an optional cache file (`--features-cache FILE`): the engine's features
 * of a set take minutes on a shared machine, and training and the cross-validated benchmark
 * read the same ones. The cache is used only when its feature set and file list match.
 */
export async function extractCached(pool: () => Promise<FacePool>, root: string, items: readonly PadImage[], label: string, cache?: string): Promise<Extracted[]> {
  const files = items.map((i) => i.file);
  if (cache && existsSync(cache)) {
    const stored = JSON.parse(readFileSync(cache, 'utf8')) as { featureSet: string; files: string[]; rows: { score: number | null; features: number[] | null; ms: number | null; error: string | null }[] };
    if (stored.featureSet === PAD_FEATURE_SET && stored.files.length === files.length && stored.files.every((f, i) => f === files[i])) {
      console.log(`${label}: features from ${cache}`);
      return stored.rows.map((r) => ({ ...r, features: r.features ? Float32Array.from(r.features) : null }));
    }
  }
  const extracted = await extractAll(await pool(), root, items, label);
  if (cache) {
    const rows = extracted.map((e) => ({ ...e, features: e.features ? Array.from(e.features) : null }));
    writeFileSync(cache, JSON.stringify({ featureSet: PAD_FEATURE_SET, files, rows }));
  }
  return extracted;
}
