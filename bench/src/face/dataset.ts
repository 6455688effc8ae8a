import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '@siap/biometrics/synth';

export interface LabelledImage {
  /** Path relative to the dataset root: what scores.csv names. */
  file: string;
  identity: string;
}

const IMAGE_EXT = /\.(jpe?g|png|webp)$/i;

/**
 * Images and identities of a dataset: from `labels.csv` (`file,identity`) at the root when it
 * exists, else from the folder layout `DIR/<identity>/<image>`. Sorted by path for determinism.
 */
export function listDataset(root: string): LabelledImage[] {
  const labels = path.join(root, 'labels.csv');
  const items: LabelledImage[] = [];
  if (existsSync(labels)) {
    const lines = readFileSync(labels, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
    const start = /^file\s*,\s*identity$/i.test(lines[0]?.trim() ?? '') ? 1 : 0;
    for (const line of lines.slice(start)) {
      const comma = line.lastIndexOf(',');
      if (comma < 0) throw new Error(`labels.csv: bad line "${line}"`);
      items.push({ file: line.slice(0, comma).trim().replace(/^"|"$/g, ''), identity: line.slice(comma + 1).trim().replace(/^"|"$/g, '') });
    }
  } else {
    for (const identity of readdirSync(root)) {
      const dir = path.join(root, identity);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir)) if (IMAGE_EXT.test(f)) items.push({ file: `${identity}/${f}`, identity });
    }
  }
  return items.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Seeded, so subsets and impostor samples repeat run to run. */
export const seededRandom = mulberry32;

/**
 * At most `limit` images per identity (a seeded choice), keeping only identities with two or
 * more images: an identity with one image gives no genuine pair.
 */
export function limitPerIdentity(items: readonly LabelledImage[], limit: number | null, seed: number): LabelledImage[] {
  const byId = new Map<string, LabelledImage[]>();
  for (const it of items) {
    const list = byId.get(it.identity) ?? [];
    list.push(it);
    byId.set(it.identity, list);
  }
  const rnd = seededRandom(seed);
  const out: LabelledImage[] = [];
  for (const list of byId.values()) {
    let chosen = list;
    if (limit !== null && list.length > limit) {
      const shuffled = [...list];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      chosen = shuffled.slice(0, limit);
    }
    if (chosen.length >= 2) out.push(...chosen);
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface Pair {
  a: number;
  b: number;
  genuine: boolean;
}

/**
 * Genuine = every same-identity pair. Impostor = every cross-identity pair, or a seeded uniform
 * sample of `maxImpostors` of them when there are more (reported as `sampled`).
 */
export function makePairs(items: readonly LabelledImage[], maxImpostors: number, seed: number): { pairs: Pair[]; impostorTotal: number; sampled: boolean } {
  const pairs: Pair[] = [];
  const n = items.length;
  let impostorTotal = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (items[i].identity === items[j].identity) pairs.push({ a: i, b: j, genuine: true });
      else impostorTotal++;
    }
  }
  if (impostorTotal <= maxImpostors) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (items[i].identity !== items[j].identity) pairs.push({ a: i, b: j, genuine: false });
    return { pairs, impostorTotal, sampled: false };
  }
  const rnd = seededRandom(seed ^ 0x9e3779b9);
  const seen = new Set<number>();
  while (seen.size < maxImpostors) {
    const i = Math.floor(rnd() * n);
    const j = Math.floor(rnd() * n);
    if (i === j || items[i].identity === items[j].identity) continue;
    const a = Math.min(i, j), b = Math.max(i, j);
    const key = a * n + b;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ a, b, genuine: false });
  }
  return { pairs, impostorTotal, sampled: true };
}
