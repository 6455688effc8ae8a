import { createRng, deriveSeed, valueNoise } from './random.ts';
import { BiometricError } from '../errors.ts';
import {
  FINGER_CLASSES,
  drawFingerClass,
  drawFlowWarps,
  orientationAt,
  placeSingularPoints,
  type FingerClass,
  type FingerFrame,
  type OrientationModel,
  type SingularPoint,
} from './orientation.ts';
import { drawCreases } from './creases.ts';
import { gaborPasses } from './ridge-growth.ts';

/**
 * A "master fingerprint" in SFinGe's sense: the finger itself, independent of any acquisition.
 * Impressions are rendered from it.
 */
export interface MasterPrint {
  seed: number;
  fingerClass: FingerClass;
  width: number;
  height: number;
  /** Fingertip silhouette, 1 inside. */
  mask: Uint8Array;
  /** Cores and deltas of the orientation model. */
  singularPoints: SingularPoint[];
  orientationModel: OrientationModel;
  /** Ridge orientation per pixel, radians [0, π), counterclockwise from +x on screen. */
  orientation: Float32Array;
  /** Ridge period per pixel, pixels at 500 dpi. */
  period: Float32Array;
  /** Ridge pattern per pixel in [-1, 1], positive on ridges, 0 outside the mask. */
  ridges: Float32Array;
  /** Creases and scars, 0 (none) … 1 (no skin contact), applied when an impression is rendered. */
  creases: Float32Array;
}

export interface MasterPrintOptions {
  fingerClass?: FingerClass;
  width?: number;
  height?: number;
}

/** FVC2002/2004-like sensor window at 500 dpi. */
export const DEFAULT_WIDTH = 300;
export const DEFAULT_HEIGHT = 400;

/**
 * SFinGe draws the fingertip from four quarter-ellipses; a superellipse with exponent 2.4 with
 * different upper/lower half-heights gives the same rounded-rectangle pad in one formula.
 */
function fingertipMask(width: number, height: number, frame: FingerFrame, lowerStretch: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  const e = 2.4;
  for (let y = 0; y < height; y++) {
    const dyRaw = y - frame.cy;
    const hh = dyRaw < 0 ? frame.halfHeight : frame.halfHeight * lowerStretch;
    const dy = Math.abs(dyRaw) / hh;
    for (let x = 0; x < width; x++) {
      const dx = Math.abs(x - frame.cx) / frame.halfWidth;
      if (dx ** e + dy ** e <= 1) mask[y * width + x] = 1;
    }
  }
  return mask;
}

/**
 * How far each finger's ridge flow departs from the class model: a smooth random rotation of the
 * orientation, up to ±FLOW_WARP_RAD over FLOW_WARP_CELL-pixel cells plus ±LOCAL_FLOW_WARP_RAD over
 * LOCAL_FLOW_WARP_CELL-pixel cells (value noise). With the model alone (the old faint ±0.1 rad
 * warp) two fingers of one class had nearly the same flow, and the flow decides where ridges
 * must split or end, so their minutiae lined up: impostor pairs reached the 1:1 threshold 87×
 * as often as real fingers' (bench:synth, 60 fingers: FMR 0.83 % at 40, 44 % at 10, against
 * 0.0096 % and 10 % on the FVC sets). Measured on 30 fingers (435 impostor pairs) at score
 * ≥ 10 / 20 / 30: ±0.1 rad 48 / 16 / 4.7 %; ±0.35 38 / 7.6 / 1.6 %; ±0.6 31 / 6.2 / 0.9 %;
 * ±0.6 with ±0.5 local 21 / 1.8 / 0.5 %; ±0.6 with ±0.7 local 17 / 0.9 / 0.0 % (real 10 / 1 /
 * 0.1 %). Wider ridge-period ranges, fewer or more growth seeds and no creases changed little.
 * Those prints carried ≈ 69 minutiae per impression against ≈ 42 in the FVC sets: with a constant
 * ridge period every bend of the flow must be absorbed by ridges ending or splitting, so the local
 * warp alone made ≈ 20 of them. It is now ±0.55 rad, with far fewer growth seeds (see
 * growRidgePattern): 50.5 minutiae per template, FMR 14.8 / 1.21 / 0.099 / 0.0134 % (ratios to
 * real 1.48 / 1.21 / 1.00 / 1.40, 300 fingers). ±0.45 gave 46 minutiae but ratios up to 1.86:
 * a weaker warp makes fingers alike again (bench/logs/synthetic-prints.md, 2026-12-07).
 * bench:synth prints the current figures beside the real ones.
 */
const FLOW_WARP_RAD = 0.6;
const FLOW_WARP_CELL = 90;
const LOCAL_FLOW_WARP_RAD = 0.55;
const LOCAL_FLOW_WARP_CELL = 35;

/** Smallest and largest canvas the generator accepts (≈ 3 mm to 100 mm at 500 dpi). */
const MIN_SIZE = 64;
const MAX_SIZE = 2000;

function invalidOptions(reason: string, details: Record<string, unknown>): BiometricError {
  return new BiometricError('SYNTH_OPTIONS_INVALID', 'Parámetros inválidos para generar la huella sintética.', { reason, ...details });
}

export function generateMasterPrint(seed: number, options: MasterPrintOptions = {}): MasterPrint {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  if (!Number.isFinite(seed)) throw invalidOptions('seed must be a finite number', { seed });
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < MIN_SIZE || v > MAX_SIZE) throw invalidOptions(`${name} must be an integer in ${MIN_SIZE}..${MAX_SIZE}`, { [name]: v });
  }
  if (options.fingerClass !== undefined && !FINGER_CLASSES.includes(options.fingerClass)) {
    throw invalidOptions('unknown finger class', { fingerClass: options.fingerClass });
  }
  const rng = createRng(deriveSeed(seed, 'master'));
  const fingerClass = options.fingerClass ?? drawFingerClass(createRng(deriveSeed(seed, 'class')));

  const frame: FingerFrame = {
    cx: width / 2 + rng.normal() * 0.02 * width,
    cy: height * 0.47 + rng.normal() * 0.02 * height,
    halfWidth: width * rng.uniform(0.4, 0.47),
    halfHeight: height * rng.uniform(0.4, 0.46),
  };
  // The pad continues below the window towards the flexion crease.
  const mask = fingertipMask(width, height, frame, rng.uniform(1.1, 1.4));

  const singularPoints = placeSingularPoints(fingerClass, frame, createRng(deriveSeed(seed, 'singular')));
  const orientationModel: OrientationModel = {
    singularPoints,
    flowWarps: drawFlowWarps(singularPoints.length, createRng(deriveSeed(seed, 'flow'))),
    archGain: fingerClass === 'arch' ? rng.uniform(1.4, 2.4) : rng.uniform(0.1, 0.4),
    archCenterX: frame.cx + rng.normal() * 8,
    archCenterY: frame.cy - frame.halfHeight * rng.uniform(0.0, 0.3),
    archWidth: frame.halfWidth * rng.uniform(0.45, 0.65),
    archHeight: frame.halfHeight * rng.uniform(0.6, 0.9),
  };

  const n = width * height;
  const warp = valueNoise(width, height, FLOW_WARP_CELL, createRng(deriveSeed(seed, 'warp')));
  const localWarp = valueNoise(width, height, LOCAL_FLOW_WARP_CELL, createRng(deriveSeed(seed, 'warp2')));
  const orientation = new Float32Array(n);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      let t = orientationAt(orientationModel, x, y) + FLOW_WARP_RAD * warp[i] + LOCAL_FLOW_WARP_RAD * localWarp[i];
      t %= Math.PI;
      orientation[i] = t < 0 ? t + Math.PI : t;
    }
  }

  // Ridge period: 9 px on average at 500 dpi (≈ 0.46 mm), slowly varying between prints and
  // across the pad, a little wider towards the tip and the flexion crease as in real fingers.
  const basePeriod = rng.uniform(8.6, 9.8);
  const drift = valueNoise(width, height, 45, createRng(deriveSeed(seed, 'period')));
  const period = new Float32Array(n);
  for (let y = 0, i = 0; y < height; y++) {
    const edge = Math.min(1, Math.abs(y - frame.cy) / (1.2 * frame.halfHeight));
    for (let x = 0; x < width; x++, i++) {
      const p = basePeriod + 1.0 * drift[i] + 0.8 * edge * edge;
      period[i] = p < 8 ? 8 : p > 11 ? 11 : p;
    }
  }

  const ridges = growRidgePattern(width, height, orientation, period, mask, deriveSeed(seed, 'seeds'));
  const creases = drawCreases(width, height, mask, createRng(deriveSeed(seed, 'creases')));

  return { seed, fingerClass, width, height, mask, singularPoints, orientationModel, orientation, period, ridges, creases };
}

/**
 * SFinGe's ridge growth, run at half resolution for speed (see ridge-growth.ts), then upsampled
 * and refined by two full-resolution passes.
 */
function growRidgePattern(
  width: number,
  height: number,
  orientation: Float32Array,
  period: Float32Array,
  mask: Uint8Array,
  seed: number,
): Float32Array {
  const hw = Math.ceil(width / 2);
  const hh = Math.ceil(height / 2);
  const hOrientation = new Float32Array(hw * hh);
  const hPeriod = new Float32Array(hw * hh);
  const hMask = new Uint8Array(hw * hh);
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < hw; x++) {
      const i = Math.min(2 * y, height - 1) * width + Math.min(2 * x, width - 1);
      hOrientation[y * hw + x] = orientation[i];
      hPeriod[y * hw + x] = period[i] / 2;
      hMask[y * hw + x] = mask[i];
    }
  }

  // Seed density sets how many wavefronts collide and so how many minutiae appear, on top of
  // those the flow warp forces. The extractor finds as many minutiae per foreground area on real
  // plain prints as on these only with few seeds: 150–400 seeds gave 69 per impression (10.6 per
  // 10k px of foreground against 4–5 on the FVC sets, whose foreground is as large); 12–23
  // seeds with the ±0.55 rad local warp give 50.5 (p10/p50/p90 37/50/64; real 42, 25/41/61).
  // Fewer seeds also shrink the impostor tail, a weaker warp widens it (bench/logs/
  // synthetic-prints.md, 2026-12-07).
  const rng = createRng(seed);
  const initial = new Float32Array(hw * hh);
  const wanted = 12 + rng.int(12);
  for (let placed = 0, tries = 0; placed < wanted && tries < wanted * 50; tries++) {
    const i = rng.int(hh) * hw + rng.int(hw);
    if (!hMask[i] || initial[i] !== 0) continue;
    initial[i] = rng.next() < 0.5 ? -1 : 1;
    placed++;
  }
  const half = gaborPasses({
    width: hw,
    height: hh,
    orientation: hOrientation,
    period: hPeriod,
    mask: hMask,
    initial,
    maxIterations: 60,
    settleAfterCovered: 4,
  });

  const up = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((y - 0.5) / 2, 0), hh - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, hh - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max((x - 0.5) / 2, 0), hw - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, hw - 1);
      const fx = sx - x0;
      const top = half[y0 * hw + x0] * (1 - fx) + half[y0 * hw + x1] * fx;
      const bottom = half[y1 * hw + x0] * (1 - fx) + half[y1 * hw + x1] * fx;
      up[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return gaborPasses({ width, height, orientation, period, mask, initial: up, maxIterations: 2 });
}
