/**
 * Test images made from photos shipped inside npm packages (@vladmandic/face-api's demo
 * samples: group photos of different people), cut and degraded with sharp. Nothing is
 * downloaded; nothing from the benchmark datasets is used.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { paths } from './runtime/human.ts';

const demo = (file: string) => path.join(path.dirname(paths.faceApiModels), 'demo', file);

/**
 * Faces in the demo photos, [x, y, w, h] as the engine's detector boxes them (px of the file),
 * chosen with no other face within 30 % of the box. A is frontal and passes every quality check.
 */
export const People = {
  A: { file: 'sample5.jpg', box: [273, 849, 371, 371] },
  B: { file: 'sample1.jpg', box: [332, 314, 357, 357] },
  C: { file: 'sample2.jpg', box: [798, 188, 360, 360] },
  D: { file: 'sample1.jpg', box: [1433, 188, 279, 279] },
} as const;
export type Person = keyof typeof People;

export function groupPhoto(file = 'sample6.jpg'): Promise<Buffer> {
  return readFile(demo(file));
}

/** A portrait of one person: the face box grown by `margin` on every side, clipped to the photo. */
export async function portrait(person: Person, margin = 0.3): Promise<Buffer> {
  const { file, box } = People[person];
  const img = sharp(demo(file));
  const { width = 0, height = 0 } = await img.metadata();
  const [x, y, w, h] = box;
  const left = Math.max(0, Math.round(x - w * margin));
  const top = Math.max(0, Math.round(y - h * margin));
  const right = Math.min(width, Math.round(x + w * (1 + margin)));
  const bottom = Math.min(height, Math.round(y + h * (1 + margin)));
  return img.extract({ left, top, width: right - left, height: bottom - top }).jpeg({ quality: 92 }).toBuffer();
}

/** The same photo as a second capture: wider framing, rotated, smaller, darker, recompressed. */
export async function recapture(person: Person): Promise<Buffer> {
  const wide = await portrait(person, 0.45);
  const { width = 0 } = await sharp(wide).metadata();
  return sharp(wide)
    .rotate(8, { background: '#808080' })
    .resize(Math.round(width * 0.6))
    .modulate({ brightness: 0.85 })
    .jpeg({ quality: 60 })
    .toBuffer();
}

export async function blurred(person: Person, sigma = 8): Promise<Buffer> {
  return sharp(await portrait(person)).blur(sigma).jpeg().toBuffer();
}

export async function darkened(person: Person, gain = 0.12): Promise<Buffer> {
  return sharp(await portrait(person)).linear(gain, 0).jpeg({ quality: 95 }).toBuffer();
}

/** The portrait cut so that the left part of the face is outside the frame. */
export async function cutByFrame(person: Person, keep = 0.7): Promise<Buffer> {
  const { file, box } = People[person];
  const [x, y, w, h] = box;
  const img = sharp(demo(file));
  const { width = 0, height = 0 } = await img.metadata();
  const left = Math.round(x + w * (1 - keep));
  const top = Math.max(0, Math.round(y - h * 0.3));
  return img
    .extract({ left, top, width: Math.min(width - left, Math.round(w * (keep + 0.3))), height: Math.min(height - top, Math.round(h * 1.6)) })
    .jpeg()
    .toBuffer();
}

/** Two portraits side by side on one canvas. */
export async function sideBySide(a: Person, b: Person): Promise<Buffer> {
  const [pa, pb] = await Promise.all([portrait(a), portrait(b)]);
  const ha = await sharp(pa).resize({ height: 600 }).toBuffer();
  const hb = await sharp(pb).resize({ height: 600 }).toBuffer();
  const wa = (await sharp(ha).metadata()).width ?? 0;
  const wb = (await sharp(hb).metadata()).width ?? 0;
  return sharp({ create: { width: wa + wb, height: 600, channels: 3, background: '#808080' } })
    .composite([{ input: ha, left: 0, top: 0 }, { input: hb, left: wa, top: 0 }])
    .jpeg()
    .toBuffer();
}

export function mirrored(image: Buffer): Promise<Buffer> {
  return sharp(image).flop().jpeg({ quality: 95 }).toBuffer();
}

/** No face: a smooth colour gradient, and a background patch (wall) cut from a demo photo. */
export async function noFaceImages(): Promise<Buffer[]> {
  const w = 480, h = 360;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * 3;
    raw[i] = (x * 255) / w; raw[i + 1] = (y * 255) / h; raw[i + 2] = 128;
  }
  const gradient = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
  const wall = await sharp(demo('sample4.jpg')).extract({ left: 1450, top: 0, width: 470, height: 500 }).jpeg().toBuffer();
  return [gradient, wall];
}
