import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export type PadLabel = 'live' | 'spoof';

export interface PadImage {
  /** Path relative to the dataset root: what scores.csv names. */
  file: string;
  label: PadLabel;
  subject: string;
}

const IMAGE_EXT = /\.(jpe?g|png|webp)$/i;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Presentations of a PAD set laid out as `DIR/{live,spoof}/<subject>/<image>`. A folder with
 * neither `live/` nor `spoof/` (e.g. a face-recognition set `DIR/<identity>/<image>`) is read as
 * bona fide photos only, each identity a subject: what a live-share (bias) report needs.
 * Sorted by path for determinism.
 */
export function listPadDataset(root: string): { items: PadImage[]; liveOnly: boolean } {
  const items: PadImage[] = [];
  const liveOnly = !isDir(path.join(root, 'live')) && !isDir(path.join(root, 'spoof'));
  const add = (dir: string, label: PadLabel, subject: string, prefix: string) => {
    for (const f of readdirSync(dir)) if (IMAGE_EXT.test(f)) items.push({ file: `${prefix}${subject}/${f}`, label, subject });
  };
  if (liveOnly) {
    for (const subject of readdirSync(root)) if (isDir(path.join(root, subject))) add(path.join(root, subject), 'live', subject, '');
  } else {
    for (const label of ['live', 'spoof'] as const) {
      const dir = path.join(root, label);
      if (!isDir(dir)) continue;
      for (const subject of readdirSync(dir)) if (isDir(path.join(dir, subject))) add(path.join(dir, subject), label, subject, `${label}/`);
    }
  }
  return { items: items.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), liveOnly };
}

/**
 * Subject-wise folds: subjects sorted by name and dealt round-robin into `k` folds, so no
 * subject's frames are ever split between training and scoring. Returns subject → fold.
 */
export function subjectFolds(items: readonly PadImage[], k: number): Map<string, number> {
  const subjects = [...new Set(items.map((i) => i.subject))].sort();
  if (k < 2 || k > subjects.length) throw new Error(`--folds must be between 2 and the number of subjects (${subjects.length})`);
  return new Map(subjects.map((s, i) => [s, i % k]));
}
