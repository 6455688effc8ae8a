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

/**
 * A print attack made from a portrait: the photo printed (each RGB channel screened into
 * halftone dots on rotated grids, ink spread, ink and paper of limited range on a slightly
 * yellow paper with fibre noise), then photographed again (a smaller capture that aliases the
 * halftone into moiré, sensor noise, JPEG). What a printed-photo attack puts before a camera.
 * The default capture scale (0.35: a ~700 px portrait seen ~250 px wide, like a webcam at arm's
 * length) does not resolve the dots; at 0.8 the dots are resolved, and the passive PAD is
 * fooled (PAD.md, "What it does not catch").
 */
export async function reprinted(person: Person, options: { dotPeriodPx?: number; captureScale?: number } = {}): Promise<Buffer> {
  const { data, info } = await sharp(await portrait(person)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const period = options.dotPeriodPx ?? 5;
  // Screen angles of offset printing (C 15°, M 75°, Y 0°), one per channel here.
  const angles = [15, 75, 0].map((a) => (a * Math.PI) / 180);
  const paper = [246, 240, 222];
  const ink = [38, 36, 44];
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296 - 0.5;
  };
  const printed = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const fibre = 6 * noise();
      for (let c = 0; c < 3; c++) {
        const a = angles[c];
        const u = (x * Math.cos(a) + y * Math.sin(a)) * (2 * Math.PI / period);
        const v = (-x * Math.sin(a) + y * Math.cos(a)) * (2 * Math.PI / period);
        const screen = 0.5 + 0.25 * (Math.cos(u) + Math.cos(v));
        const tone = data[(y * width + x) * 3 + c] / 255;
        const inked = tone < screen ? 1 : 0;
        const level = inked ? ink[c] : paper[c];
        printed[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(level + fibre)));
      }
    }
  }
  const scale = options.captureScale ?? 0.35;
  const shot = await sharp(printed, { raw: { width, height, channels: 3 } })
    .blur(0.8)
    .resize(Math.round(width * scale))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const px = shot.data;
  for (let i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, Math.round(px[i] + 8 * noise())));
  return sharp(px, { raw: { width: shot.info.width, height: shot.info.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/**
 * The portrait as a flat print seen turned by `degrees` about its vertical axis (a pinhole view
 * of a plane: foreshortened, one side nearer), for the planar-motion check. Grey outside it.
 */
export async function tiltedPrint(person: Person, degrees: number): Promise<Buffer> {
  const { data, info } = await sharp(await portrait(person)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const f = 1.2 * w;
  const t = (degrees * Math.PI) / 180;
  const out = Buffer.alloc(w * h * 3, 128);
  const cx = w / 2, cy = h / 2;
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      // Ray through pixel (u, v) meets the plane turned by t about the vertical axis through
      // the centre, at distance f: solve for the plane's own coordinates (x, y).
      const px = u - cx, py = v - cy;
      const denom = f * Math.cos(t) - px * Math.sin(t);
      const x = (f * px) / denom;
      const y = (py * (f + x * Math.sin(t))) / f;
      const sx = x + cx, sy = y + cy;
      if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) continue;
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      const x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
      for (let c = 0; c < 3; c++) {
        const top = data[(y0 * w + x0) * 3 + c] * (1 - fx) + data[(y0 * w + x1) * 3 + c] * fx;
        const bottom = data[(y1 * w + x0) * 3 + c] * (1 - fx) + data[(y1 * w + x1) * 3 + c] * fx;
        out[(v * w + u) * 3 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return sharp(out, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}
