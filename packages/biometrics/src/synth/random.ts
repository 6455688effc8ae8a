/**
 * Deterministic randomness for the generator. Every random choice flows from an integer seed
 * through these functions (never Math.random), so the same seed yields the same bytes on every
 * platform: only 32-bit integer arithmetic and IEEE doubles are used.
 */
import { mulberry32 } from '../primitives/random.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/** Mixes an integer into a well-spread 32-bit value (the murmur3 finaliser). */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A new seed derived from a parent seed and a tag, so independent stages (orientation, ridge
 * seeds, each impression) draw from unrelated streams and adding a draw to one stage does not
 * shift the others.
 */
export function deriveSeed(seed: number, tag: number | string): number {
  let h = mix32((seed | 0) ^ 0x9e3779b9);
  // Seeds beyond 32 bits keep their high part instead of silently colliding.
  h = mix32(h ^ Math.floor(seed / 0x100000000));
  const text = String(tag);
  for (let i = 0; i < text.length; i++) h = mix32(h ^ (text.charCodeAt(i) + Math.imul(i, 0x27d4eb2d)));
  return h;
}

/** A seeded generator (mulberry32) with the draws the synthesis needs. */
export function createRng(seed: number): Rng {
  const next = mulberry32(deriveSeed(seed, 'rng'));
  let spare: number | undefined;
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = next();
      while (u <= 1e-12) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(next() * n),
  };
}

/**
 * Smooth random field in about [-1, 1] ("value noise"): random values on a coarse grid of the
 * given cell size, interpolated with a C1 smoothstep. Cheap, and enough for slowly varying maps
 * (ridge period, dryness blotches, illumination).
 */
export function valueNoise(width: number, height: number, cell: number, rng: Rng): Float32Array {
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.uniform(-1, 1);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = y / cell;
    const y0 = Math.floor(gy);
    let ty = gy - y0;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < width; x++) {
      const gx = x / cell;
      const x0 = Math.floor(gx);
      let tx = gx - x0;
      tx = tx * tx * (3 - 2 * tx);
      const i = y0 * gw + x0;
      const top = grid[i] + (grid[i + 1] - grid[i]) * tx;
      const bottom = grid[i + gw] + (grid[i + gw + 1] - grid[i + gw]) * tx;
      out[y * width + x] = top + (bottom - top) * ty;
    }
  }
  return out;
}
