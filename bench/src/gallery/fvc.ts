/**
 * The FVC-style sets mixed into the gallery as real mated and non-mated searches. Templates come
 * from the fingerprint benchmark's extraction (same decoder, extractor and /tmp cache keyed by the
 * extractor's sources).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { startProgress } from '../lib/index.ts';
import { discoverDatasets } from '../fingerprint/dataset.ts';
import { TemplateSource } from '../fingerprint/extraction.ts';
import { CACHE_DIR } from './pool.ts';

export interface FvcFinger {
  /** `<set>/<finger>`, unique across sets. */
  id: string;
  /** Impression number (1..8) → template; impressions the extractor rejected are absent. */
  impressions: Map<number, FingerprintTemplate>;
}

export async function loadFvcFingers(dir: string): Promise<FvcFinger[]> {
  const sets = discoverDatasets(dir, 500, false);
  // A single set folder: its dpi is in the parent's resolutions.csv (FVC2002_DB2_B is 569 dpi).
  if (sets.length === 1 && sets[0].dir === dir) sets[0].dpi = dpiFromParent(dir) ?? sets[0].dpi;
  const source = new TemplateSource(join(CACHE_DIR, 'fvc'));
  const total = sets.reduce((n, s) => n + s.images.length, 0);
  const progress = startProgress('FVC templates (extract or cache)', total);
  const fingers = new Map<string, FvcFinger>();
  for (const set of sets) {
    for (const image of set.images) {
      const id = `${set.name}/${image.finger}`;
      let finger = fingers.get(id);
      if (!finger) fingers.set(id, (finger = { id, impressions: new Map() }));
      try {
        finger.impressions.set(image.impression, (await source.extract(set.name, image.file, image.path, set.dpi)).template);
      } catch {
        // Counted as a failure to enrol or to acquire: the finger simply lacks that impression.
      }
      progress.tick();
    }
  }
  progress.stop();
  return [...fingers.values()];
}

function dpiFromParent(dir: string): number | undefined {
  const csv = join(dirname(dir), 'resolutions.csv');
  if (!existsSync(csv)) return undefined;
  for (const line of readFileSync(csv, 'utf8').split(/\r?\n/)) {
    const [set, dpi] = line.split(',');
    if (set?.trim() === basename(dir) && Number(dpi) > 0) return Number(dpi);
  }
  return undefined;
}
