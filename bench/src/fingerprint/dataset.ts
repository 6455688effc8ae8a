import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One image of an FVC-style folder: `<finger>_<impression>.<ext>`. */
export interface DatasetImage {
  file: string;
  path: string;
  finger: string;
  impression: number;
}

export interface Dataset {
  name: string;
  dir: string;
  dpi: number;
  images: DatasetImage[];
}

export type Protocol = 'fvc' | 'all';

export interface Comparison {
  probe: number;
  candidate: number;
  genuine: boolean;
}

const IMAGE_NAME = /^(.+)_(\d+)\.(tif|tiff|png|bmp|jpg|jpeg|pgm|wsq)$/i;

function listImages(dir: string): DatasetImage[] {
  const images: DatasetImage[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = IMAGE_NAME.exec(file);
    if (!match) continue;
    images.push({ file, path: join(dir, file), finger: match[1], impression: Number(match[2]) });
  }
  images.sort((a, b) => (a.finger < b.finger ? -1 : a.finger > b.finger ? 1 : a.impression - b.impression));
  return images;
}

function readResolutions(parent: string): Map<string, number> {
  const path = join(parent, 'resolutions.csv');
  const map = new Map<string, number>();
  if (!existsSync(path)) return map;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/).slice(1)) {
    const [set, dpi] = line.split(',');
    if (set && Number(dpi) > 0) map.set(set.trim(), Number(dpi));
  }
  return map;
}

/**
 * The sets behind `--dataset`: the folder itself when it holds images, otherwise every subfolder
 * that does (each with its dpi from the parent's resolutions.csv, else the default).
 */
export function discoverDatasets(dir: string, defaultDpi: number, explicitDpi: boolean): Dataset[] {
  const own = listImages(dir);
  if (own.length > 0) return [{ name: basename(dir), dir, dpi: defaultDpi, images: own }];
  const resolutions = readResolutions(dir);
  const sets: Dataset[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const sub = join(dir, entry);
    if (!statSync(sub).isDirectory()) continue;
    const images = listImages(sub);
    if (images.length === 0) continue;
    const dpi = explicitDpi ? defaultDpi : (resolutions.get(entry) ?? defaultDpi);
    sets.push({ name: entry, dir: sub, dpi, images });
  }
  return sets;
}

/**
 * The comparisons of a protocol (see ../shared/datasets/README.md). fvc: every pair of
 * impressions of a finger, and the first impression of each finger against the first of every
 * other finger. all: every unordered pair of images.
 */
export function comparisons(images: readonly DatasetImage[], protocol: Protocol): Comparison[] {
  const list: Comparison[] = [];
  if (protocol === 'all') {
    for (let i = 0; i < images.length; i++) {
      for (let j = i + 1; j < images.length; j++) {
        list.push({ probe: i, candidate: j, genuine: images[i].finger === images[j].finger });
      }
    }
    return list;
  }
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      if (images[i].finger === images[j].finger) list.push({ probe: i, candidate: j, genuine: true });
    }
  }
  const firsts: number[] = [];
  const seen = new Set<string>();
  images.forEach((image, index) => {
    if (!seen.has(image.finger)) {
      seen.add(image.finger);
      firsts.push(index);
    }
  });
  for (let a = 0; a < firsts.length; a++) {
    for (let b = a + 1; b < firsts.length; b++) list.push({ probe: firsts[a], candidate: firsts[b], genuine: false });
  }
  return list;
}
