import type { GrayImage } from '../../../primitives/gray-image.ts';
import { mulberry32 } from '../../../primitives/random.ts';

/** A planted ridge dislocation: where one ridge ends (or, with `bifurcation`, one ridge forks). */
export interface PlantedMinutia {
  x: number;
  y: number;
  /** Image-coordinate angle (y down) pointing from the minutia into the ridge body / stem. */
  imageAngle: number;
  bifurcation: boolean;
}

export interface RidgePatternOptions {
  width?: number;
  height?: number;
  period?: number;
  /** Ridge orientation in image coordinates (radians). */
  orientation?: number;
  minutiae?: PlantedMinutia[];
  contrast?: number;
  noise?: number;
  seed?: number;
}

/**
 * A synthetic print for tests: parallel ridges `cos(k·p·n)` inside an ellipse on a white
 * background, with phase vortices planted as minutiae. A vortex of charge ±1 adds one fringe on
 * one side of its centre (the +t side for +1, t = ridge direction). Whether that fringe is a ridge
 * (a ridge ending whose body runs to that side) or a valley (a fork whose stem runs to the other
 * side) depends on the phase at the centre, so each vortex gets a small local phase bump that
 * sets the phase there to 0 (ending) or π (fork). Keep planted points ≥ 60 px apart.
 */
export function ridgePattern(options: RidgePatternOptions = {}): GrayImage {
  const width = options.width ?? 320;
  const height = options.height ?? 360;
  const period = options.period ?? 9;
  const orientation = options.orientation ?? 0;
  const contrast = options.contrast ?? 90;
  const noise = options.noise ?? 0;
  // Seeded, so tests are reproducible.
  const random = mulberry32(options.seed ?? 1);
  const nx = -Math.sin(orientation);
  const ny = Math.cos(orientation);
  const k = (2 * Math.PI) / period;
  const data = new Uint8Array(width * height);
  const cx = width / 2;
  const cy = height / 2;
  const rx = width * 0.42;
  const ry = height * 0.44;
  const tx = Math.cos(orientation);
  const ty = Math.sin(orientation);
  const planted = options.minutiae ?? [];
  const charges = planted.map((m) => {
    const towardT = Math.cos(m.imageAngle - orientation) > 0;
    return m.bifurcation ? (towardT ? -1 : 1) : towardT ? 1 : -1;
  });
  const vortexPhase = (x: number, y: number, skip: number): number => {
    let phase = 0;
    planted.forEach((m, j) => {
      if (j === skip) return;
      const dx = x - m.x;
      const dy = y - m.y;
      phase += charges[j] * Math.atan2(dx * nx + dy * ny, dx * tx + dy * ty);
    });
    return phase;
  };
  const bumpSigma2 = 2 * 15 * 15;
  const bumps = planted.map((m, i) => {
    const current = k * (m.x * nx + m.y * ny) + vortexPhase(m.x, m.y, i);
    const wanted = m.bifurcation === (charges[i] > 0) ? Math.PI : 0;
    let delta = (wanted - current) % (2 * Math.PI);
    if (delta > Math.PI) delta -= 2 * Math.PI;
    if (delta < -Math.PI) delta += 2 * Math.PI;
    return delta;
  });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value = 255;
      const e = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      if (e <= 1) {
        let phase = k * (x * nx + y * ny) + vortexPhase(x, y, -1);
        planted.forEach((m, i) => {
          phase += bumps[i] * Math.exp(-((x - m.x) ** 2 + (y - m.y) ** 2) / bumpSigma2);
        });
        // Ridges (phase ≡ 0) are dark.
        value = 150 - contrast * Math.cos(phase);
        if (noise > 0) value += noise * (random() + random() + random() - 1.5) * 2;
        // Soft edge so the print fades into the background like a real capture.
        if (e > 0.85) value = 255 + (value - 255) * ((1 - e) / 0.15);
      }
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return { width, height, data };
}
