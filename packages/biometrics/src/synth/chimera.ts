/**
 * Chimeras: many distinct, mutually non-mated fingerprint templates cut cheaply from a few real
 * synthetic ones, for 1:N tests and the gallery benchmark's distractors. A generated and extracted
 * finger costs about half a CPU-second, so a million of them would take weeks; instead the frame is
 * split into Voronoi cells around random points, each cell takes the minutiae the extractor found
 * in a different source print (turned by up to ±MAX_TURN_DEG, shifted and, half of the time,
 * mirrored — a mirrored print is another finger), then the whole is warped by a
 * random affine map and jittered. Locally every minutia neighbourhood is one the generator and the
 * extractor really produced; globally the ridge flow is not continuous across cell borders as a
 * real finger's would be. Chimeras cut from disjoint sets of prints share no minutiae, so they are
 * impostors of each other (and of every real finger).
 */
import type { FingerprintTemplate, Minutia } from '../fingerprint/types.ts';
import { mulberry32 } from '../primitives/random.ts';

const CELLS = 3;
const FRAME_WIDTH = 320;
const FRAME_HEIGHT = 400;
const MIN_MINUTIAE = 12;
/**
 * The most a source print is turned, either way. A finger meets a reader roughly upright (the
 * generator draws its impressions within ±20°, synth/impression.ts) and the matcher counts on it
 * (matcher-parameters.ts rotationCosine): cells turned at random, as they were before the matcher
 * had that term, would be impostors it rejects more easily than the upright fingers of a real
 * population, and the gallery benchmark would over-state its accuracy.
 */
export const MAX_TURN_DEG = 20;

/** Seeded per chimera, so any one can be rebuilt alone from its index. */
const rng = mulberry32;

/**
 * Chimera `index` cut from the prints of `material`. A `salt` separates independent families of
 * chimeras cut from the same material; without one, the family is the gallery benchmark's
 * distractors (their cached galleries depend on these exact seeds).
 */
export function chimera(material: readonly FingerprintTemplate[], index: number, salt?: number): FingerprintTemplate {
  const seed = 0x9e3779b9 ^ Math.imul(index + 1, 0x85ebca6b);
  const random = rng(salt === undefined ? seed : seed ^ Math.imul(salt + 1, 0xc2b2ae35));
  for (;;) {
    const centres = Array.from({ length: CELLS }, () => ({ x: random() * FRAME_WIDTH, y: random() * FRAME_HEIGHT }));
    const minutiae: Minutia[] = [];
    for (let cell = 0; cell < CELLS; cell++) {
      const source = material[Math.floor(random() * material.length)];
      for (const m of placeSource(source, random)) {
        if (nearestCentre(centres, m.x, m.y) === cell) minutiae.push(m);
      }
    }
    const warped = warp(minutiae, random);
    if (warped.length >= MIN_MINUTIAE) return { width: FRAME_WIDTH, height: FRAME_HEIGHT, minutiae: warped };
  }
}

function placeSource(t: FingerprintTemplate, random: () => number): Minutia[] {
  const mirror = random() < 0.5;
  const angle = ((2 * random() - 1) * MAX_TURN_DEG * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const tx = FRAME_WIDTH / 2 + (random() - 0.5) * 80;
  const ty = FRAME_HEIGHT / 2 + (random() - 0.5) * 80;
  return t.minutiae.map((m) => {
    let x = m.x - t.width / 2;
    let direction = m.direction;
    if (mirror) {
      // Reflecting x maps the direction vector (cos θ, −sin θ) to (−cos θ, −sin θ): θ → π − θ.
      x = -x;
      direction = Math.PI - direction;
    }
    const y = m.y - t.height / 2;
    return { ...m, x: tx + x * cos + y * sin, y: ty - x * sin + y * cos, direction: wrap(direction + angle) };
  });
}

/** Random affine map (±10 % scale per axis, ±0.1 shear), 10 % of minutiae dropped, 2 px and 5° jitter. */
function warp(minutiae: Minutia[], random: () => number): Minutia[] {
  const a = 0.9 + random() * 0.2;
  const d = 0.9 + random() * 0.2;
  const b = (random() - 0.5) * 0.2;
  const c = (random() - 0.5) * 0.2;
  const out: Minutia[] = [];
  for (const m of minutiae) {
    if (random() < 0.1) continue;
    const x = m.x - FRAME_WIDTH / 2;
    const y = m.y - FRAME_HEIGHT / 2;
    const nx = FRAME_WIDTH / 2 + a * x + b * y + (random() - 0.5) * 4;
    const ny = FRAME_HEIGHT / 2 + c * x + d * y + (random() - 0.5) * 4;
    if (nx < 0 || ny < 0 || nx >= FRAME_WIDTH || ny >= FRAME_HEIGHT) continue;
    const vx = Math.cos(m.direction);
    const vy = -Math.sin(m.direction);
    const jitter = ((random() - 0.5) * 10 * Math.PI) / 180;
    out.push({ ...m, x: nx, y: ny, direction: wrap(Math.atan2(-(c * vx + d * vy), a * vx + b * vy) + jitter) });
  }
  return out;
}

function nearestCentre(centres: { x: number; y: number }[], x: number, y: number): number {
  let best = 0;
  let bestDistance = Infinity;
  centres.forEach((c, i) => {
    const distance = (c.x - x) ** 2 + (c.y - y) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  });
  return best;
}

function wrap(angle: number): number {
  const r = angle % (2 * Math.PI);
  return r < 0 ? r + 2 * Math.PI : r;
}
