/**
 * The pool of real synthetic prints the distractors are derived from: `masters` synthetic fingers
 * (the project's generator), each with two impressions run through the project's extractor. This
 * costs about two CPU-seconds per finger, so it runs in a worker pool and is cached under /tmp
 * (never in the repository) keyed by its size.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { extractorVersion } from '../fingerprint/extraction.ts';
import { startProgress } from '../lib/index.ts';
import type { PoolJob } from './pool-worker.ts';

export const CACHE_DIR = '/tmp/siap-bench-gallery';
export const POOL_IMPRESSIONS = 2;
/** Seeds of the pool start here, far from the small seeds tests use. */
const POOL_SEED_BASE = 7_000_000;

export interface PoolFinger {
  seed: number;
  /** Impressions 0 and 1 (null where the extractor rejected the image). */
  templates: (FingerprintTemplate | null)[];
}

export async function loadPool(masters: number, threads = availableParallelism()): Promise<PoolFinger[]> {
  mkdirSync(CACHE_DIR, { recursive: true });
  // Keyed by what made the templates, so a changed generator or extractor never reuses old ones.
  const file = join(CACHE_DIR, `pool-${masters}-${poolVersion()}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PoolFinger[];
  const pool = await generatePool(masters, threads);
  writeFileSync(file, JSON.stringify(pool));
  return pool;
}

/** Hash of the extractor's sources and of the synthetic generator's. */
function poolVersion(): string {
  const hash = createHash('sha256').update(extractorVersion());
  const synthDir = fileURLToPath(new URL('../../../packages/biometrics/src/synth/', import.meta.url));
  for (const name of readdirSync(synthDir).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(name).update(readFileSync(join(synthDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function generatePool(masters: number, threads: number): Promise<PoolFinger[]> {
  const progress = startProgress('synthetic pool (generate + extract)', masters);
  const results: PoolFinger[] = [];
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
        workerData: { entry: new URL('./pool-worker.ts', import.meta.url).href },
        execArgv: [],
      });
      const feed = () => {
        if (next >= masters) return worker.postMessage(null);
        worker.postMessage({ seed: POOL_SEED_BASE + next++, impressions: POOL_IMPRESSIONS } satisfies PoolJob);
      };
      worker.on('message', (finger: PoolFinger) => {
        results.push(finger);
        progress.tick();
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', () => resolve());
      feed();
    });
  await Promise.all(Array.from({ length: Math.max(1, threads) }, runWorker));
  progress.stop();
  return results.sort((a, b) => a.seed - b.seed);
}
