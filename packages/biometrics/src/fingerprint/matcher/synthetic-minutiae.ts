import type { FingerprintTemplate, Minutia } from '../types.ts';
import { normalizeAngle } from './angles.ts';
import { mulberry32 } from '../../primitives/random.ts';

/**
 * Synthetic minutia sets for matcher tests (no images): a "finger" is a random set of minutiae
 * whose directions follow a smooth orientation field, as real ridges do, and an "impression" is
 * a copy seen through a rigid motion, elastic distortion, localisation noise, missed and
 * spurious minutiae and a cropped window. Deterministic for a given seed.
 */
export type Random = () => number;

/** Seeded, so test data repeats run to run. */
export const seededRandom: (seed: number) => Random = mulberry32;

function gaussian(random: Random): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface FingerOptions {
  width?: number;
  height?: number;
  count?: number;
}

/** A master finger: minutiae spread over an elliptic pad with at least 10 px between them. */
export function randomFinger(random: Random, options: FingerOptions = {}): FingerprintTemplate {
  const width = options.width ?? 320;
  const height = options.height ?? 400;
  const count = options.count ?? 45;
  // Orientation field: a few low-frequency waves, like the smooth flow of ridges.
  const a1 = random() * Math.PI;
  const f1 = 0.004 + random() * 0.006;
  const f2 = 0.004 + random() * 0.006;
  const p1 = random() * 6.28;
  const p2 = random() * 6.28;
  const orientation = (x: number, y: number) =>
    a1 + 0.9 * Math.sin(f1 * x + p1) + 0.9 * Math.cos(f2 * y + p2);
  const minutiae: Minutia[] = [];
  let attempts = 0;
  while (minutiae.length < count && attempts++ < 20000) {
    const x = width / 2 + (random() * 2 - 1) * width * 0.42;
    const y = height / 2 + (random() * 2 - 1) * height * 0.42;
    const ex = (x - width / 2) / (width * 0.42);
    const ey = (y - height / 2) / (height * 0.42);
    if (ex * ex + ey * ey > 1) continue;
    if (minutiae.some((m) => Math.hypot(m.x - x, m.y - y) < 10)) continue;
    const flip = random() < 0.5 ? 0 : Math.PI;
    minutiae.push({
      x,
      y,
      direction: normalizeAngle(orientation(x, y) + flip + gaussian(random) * 0.1),
      type: random() < 0.55 ? 'ending' : 'bifurcation',
      quality: 40 + Math.floor(random() * 60),
    });
  }
  return { width, height, minutiae };
}

export interface ImpressionOptions {
  /** Rotation in radians (default: uniform in ±30°). */
  rotation?: number;
  /** Translation in pixels (default: uniform in ±40 px each axis). */
  dx?: number;
  dy?: number;
  /** Peak elastic displacement in pixels (default 6). */
  distortion?: number;
  /** Localisation noise σ in pixels and in radians (defaults 1.5 px, 0.08 rad). */
  positionNoise?: number;
  directionNoise?: number;
  /** Share of true minutiae missed, and of spurious ones added (defaults 0.15, 0.15). */
  missing?: number;
  spurious?: number;
  /** Probability that a kept minutia's type is read wrong (default 0.1). */
  typeFlip?: number;
  /** Visible window as a fraction of the finger's width and height (default 1: whole finger). */
  window?: number;
}

/** One impression of a master finger. */
export function impression(finger: FingerprintTemplate, random: Random, options: ImpressionOptions = {}): FingerprintTemplate {
  const rotation = options.rotation ?? (random() * 2 - 1) * (Math.PI / 6);
  const dx = options.dx ?? (random() * 2 - 1) * 40;
  const dy = options.dy ?? (random() * 2 - 1) * 40;
  const distortion = options.distortion ?? 6;
  const positionNoise = options.positionNoise ?? 1.5;
  const directionNoise = options.directionNoise ?? 0.08;
  const missing = options.missing ?? 0.15;
  const spurious = options.spurious ?? 0.15;
  const typeFlip = options.typeFlip ?? 0.1;
  const window = options.window ?? 1;
  const { width, height } = finger;
  const cx = width / 2;
  const cy = height / 2;
  // Window placement: a random sub-rectangle of the finger when window < 1.
  const wx0 = random() * width * (1 - window);
  const wy0 = random() * height * (1 - window);
  const inWindow = (x: number, y: number) => x >= wx0 && x <= wx0 + width * window && y >= wy0 && y <= wy0 + height * window;
  // Elastic distortion: a smooth displacement field that grows away from the contact centre.
  const phx = random() * 6.28;
  const phy = random() * 6.28;
  const warp = (x: number, y: number): [number, number] => {
    const r = Math.min(1, Math.hypot(x - cx, y - cy) / (0.5 * Math.max(width, height)));
    return [
      x + distortion * r * Math.sin((y / height) * Math.PI * 1.5 + phx),
      y + distortion * r * Math.sin((x / width) * Math.PI * 1.5 + phy),
    ];
  };
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  // Rotation by +rotation counterclockwise on screen (y down): x' = cx + c·u + s·v, y' = cy − s·u + c·v.
  const move = (x: number, y: number): [number, number] => {
    const u = x - cx;
    const v = y - cy;
    return [cx + cos * u + sin * v + dx, cy - sin * u + cos * v + dy];
  };
  const minutiae: Minutia[] = [];
  for (const m of finger.minutiae) {
    if (!inWindow(m.x, m.y) || random() < missing) continue;
    const [wx, wy] = warp(m.x, m.y);
    const [x, y] = move(wx, wy);
    const flipped = random() < typeFlip;
    minutiae.push({
      x: x + gaussian(random) * positionNoise,
      y: y + gaussian(random) * positionNoise,
      direction: normalizeAngle(m.direction + rotation + gaussian(random) * directionNoise),
      type: flipped ? (m.type === 'ending' ? 'bifurcation' : 'ending') : m.type,
      quality: m.quality,
    });
  }
  const extra = Math.round(finger.minutiae.length * window * window * spurious);
  for (let k = 0; k < extra; k++) {
    const [x, y] = move(wx0 + random() * width * window, wy0 + random() * height * window);
    minutiae.push({
      x,
      y,
      direction: random() * 2 * Math.PI,
      type: random() < 0.5 ? 'ending' : 'bifurcation',
      quality: 20 + Math.floor(random() * 40),
    });
  }
  // Shuffle so that minutia order carries no information.
  for (let i = minutiae.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [minutiae[i], minutiae[j]] = [minutiae[j], minutiae[i]];
  }
  return { width: width + 80, height: height + 80, minutiae };
}
