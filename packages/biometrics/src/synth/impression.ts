import { BiometricError } from '../errors.ts';
import type { GrayImage } from '../primitives/gray-image.ts';
import type { MasterPrint } from './master-print.ts';
import { drawImpressionGeometry } from './geometry.ts';
import { createRng, deriveSeed, valueNoise, type Rng } from './random.ts';

/**
 * How one touch of the finger on the sensor differs from another. Every field is drawn from the
 * impression seed when omitted.
 */
export interface ImpressionOptions {
  /** Rotation of the finger on the platen, degrees counterclockwise on screen (drawn within ±20). */
  rotationDeg?: number;
  /** Translation in pixels (drawn within ±30). */
  dx?: number;
  dy?: number;
  /** Plastic distortion strength, 0 (none) … 1 (strong skin stretch). */
  distortion?: number;
  /** Finger pressure / skin moisture, 0 (light, dry: thin broken ridges) … 1 (heavy, wet: thick, merging ridges). */
  pressure?: number;
  /** Sensor noise and background clutter, 0 … 1. */
  noise?: number;
}

/** The fully resolved parameters an impression was rendered with. */
export type ResolvedImpression = Required<ImpressionOptions>;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Ranges follow what FVC-style collection protocols tolerate: a finger placed again lands within
 * about ±20° and a few millimetres (±30 px ≈ ±1.5 mm) of the previous placement.
 */
export function resolveImpressionOptions(rng: Rng, options: ImpressionOptions): ResolvedImpression {
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw new BiometricError('SYNTH_OPTIONS_INVALID', 'Parámetros inválidos para generar la huella sintética.', {
        reason: `${name} must be a finite number`,
        [name]: value,
      });
    }
  }
  const rotationDeg = clamp(rng.normal() * 8, -20, 20);
  const dx = clamp(rng.normal() * 12, -30, 30);
  const dy = clamp(rng.normal() * 12, -30, 30);
  const distortion = rng.uniform(0.15, 1);
  const pressure = clamp(0.5 + rng.normal() * 0.17, 0.1, 0.9);
  const noise = rng.uniform(0.1, 0.6);
  return {
    rotationDeg: options.rotationDeg ?? rotationDeg,
    dx: options.dx ?? dx,
    dy: options.dy ?? dy,
    distortion: clamp(options.distortion ?? distortion, 0, 1),
    pressure: clamp(options.pressure ?? pressure, 0, 1),
    noise: clamp(options.noise ?? noise, 0, 1),
  };
}

/** Bilinear sample of a float raster, 0 outside. */
export function sample(data: Float32Array | Uint8Array, width: number, height: number, x: number, y: number): number {
  if (x < 0 || y < 0 || x > width - 1 || y > height - 1) return 0;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const fx = x - x0;
  const fy = y - y0;
  const i0 = y0 * width;
  const i1 = y1 * width;
  const top = data[i0 + x0] + (data[i0 + x1] - data[i0 + x0]) * fx;
  const bottom = data[i1 + x0] + (data[i1 + x1] - data[i1 + x0]) * fx;
  return top + (bottom - top) * fy;
}

/**
 * Renders one sensor image of a master print: 500 dpi, 8-bit, dark ridges on a light
 * background, as an optical (FTIR) scanner produces.
 *
 * Geometry (placement, plastic distortion, contact area) is drawn by geometry.ts; only the area
 * in contact with the platen is imaged.
 */
export function generateImpression(master: MasterPrint, impressionSeed: number, options: ImpressionOptions = {}): GrayImage {
  const { width, height } = master;
  const rng = createRng(deriveSeed(impressionSeed, 'impression'));
  const p = resolveImpressionOptions(rng, options);

  const geo = drawImpressionGeometry(master, rng, p);

  // Skin condition: dry skin prints thin, broken ridges; moist skin thick ridges that fill the
  // valleys. A smooth field makes the condition vary across the pad.
  const unevenness = valueNoise(width, height, 40, createRng(deriveSeed(impressionSeed, 'uneven')));
  const speckle = valueNoise(width, height, 3, createRng(deriveSeed(impressionSeed, 'speckle')));
  const illumination = valueNoise(width, height, 160, createRng(deriveSeed(impressionSeed, 'light')));
  const bias = (p.pressure - 0.5) * 0.9;
  const dryness = clamp((0.45 - p.pressure) * 2.5, 0, 1);

  const background = rng.uniform(200, 235);
  const ridgeDark = rng.uniform(20, 70);

  const ink = new Float32Array(width * height);
  const m = { x: 0, y: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      geo.toMaster(x, y, m);
      const i = y * width + x;
      const inFinger = sample(master.mask, width, height, m.x, m.y);
      if (inFinger <= 0) continue;
      const contact = geo.contact(m.x, m.y) * inFinger * (1 - sample(master.creases, width, height, m.x, m.y));
      if (contact <= 0) continue;
      let r = sample(master.ridges, width, height, m.x, m.y) + bias + 0.25 * unevenness[i];
      // Dry skin: ridge contact breaks up into specks.
      if (dryness > 0 && speckle[i] < dryness * 0.7 - 1) r -= 1.2 * dryness;
      const t = clamp((r + 0.35) / 0.7, 0, 1);
      ink[i] = contact * t * t * (3 - 2 * t);
    }
  }

  // Optics blur (binomial 3×3) then sensor noise.
  const noiseRng = createRng(deriveSeed(impressionSeed, 'noise'));
  const sigma = 2 + 14 * p.noise;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const ym = y > 0 ? y - 1 : y;
    const yp = y < height - 1 ? y + 1 : y;
    for (let x = 0; x < width; x++) {
      const xm = x > 0 ? x - 1 : x;
      const xp = x < width - 1 ? x + 1 : x;
      const blurred =
        (ink[ym * width + xm] + 2 * ink[ym * width + x] + ink[ym * width + xp] +
          2 * (ink[y * width + xm] + 2 * ink[y * width + x] + ink[y * width + xp]) +
          ink[yp * width + xm] + 2 * ink[yp * width + x] + ink[yp * width + xp]) / 16;
      const i = y * width + x;
      const bg = background + 12 * illumination[i];
      const value = bg - blurred * (bg - ridgeDark) + sigma * noiseRng.normal();
      data[i] = clamp(Math.round(value), 0, 255);
    }
  }
  return { width, height, data };
}
