/**
 * Embeddings of a labelled face set, computed once with the production pipeline (FacePool.probe:
 * detect, align, embed) and cached under /tmp/siap-bench-face-gallery (never in the repo): the
 * 1:N benchmark then only needs vectors, and reruns at 100 k and 1 M cost seconds, not an hour.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BiometricError, FacePool, type FaceRecord } from '@siap/biometrics/face';
import { listDataset } from '../face/dataset.ts';
import { startProgress } from '../lib/index.ts';

export const CACHE_DIR = '/tmp/siap-bench-face-gallery';

export interface LabelledEmbedding {
  file: string;
  identity: string;
  embedding: Float32Array;
}

export interface EmbeddedSet {
  model: string;
  /** Images with a face found (the others are failures to enrol, listed in `failed`). */
  items: LabelledEmbedding[];
  failed: string[];
}

export async function embedDataset(dataset: string, workers?: number): Promise<EmbeddedSet> {
  const name = path.basename(path.resolve(dataset));
  const listed = listDataset(dataset);
  mkdirSync(CACHE_DIR, { recursive: true });
  const cacheFile = path.join(CACHE_DIR, `${name}-${listed.length}.json`);
  if (existsSync(cacheFile)) {
    const raw = JSON.parse(readFileSync(cacheFile, 'utf8')) as { model: string; items: Array<{ file: string; identity: string; embedding: number[] }>; failed: string[] };
    return { model: raw.model, failed: raw.failed, items: raw.items.map((i) => ({ ...i, embedding: Float32Array.from(i.embedding) })) };
  }
  const pool = await FacePool.start({ workers });
  const items: Array<LabelledEmbedding | null> = new Array(listed.length).fill(null);
  const failed: string[] = [];
  const progress = startProgress(`${name}: embeddings`, listed.length);
  try {
    await Promise.all(
      listed.map(async (item, i) => {
        const bytes = await readFile(path.join(dataset, item.file));
        try {
          const { result } = await pool.call('probe', bytes, {});
          items[i] = { ...item, embedding: (result as FaceRecord).embedding };
        } catch (error) {
          if (!(error instanceof BiometricError)) throw error;
          failed.push(`${item.file} ${error.code}`);
        } finally {
          progress.tick();
        }
      }),
    );
  } finally {
    progress.stop();
    await pool.close();
  }
  const set: EmbeddedSet = { model: pool.model, items: items.filter((i): i is LabelledEmbedding => i !== null), failed: failed.sort() };
  writeFileSync(cacheFile, JSON.stringify({ model: set.model, failed: set.failed, items: set.items.map((i) => ({ ...i, embedding: Array.from(i.embedding) })) }));
  return set;
}
