import type { Rng } from './random.ts';

/**
 * White lines: flexion creases and scars, where the skin does not touch the platen and ridges
 * are interrupted. They are part of the finger (the same in every impression) but not of the
 * ridge pattern, so the ground truth does not count the ridge breaks they cause as minutiae —
 * the very false minutiae an extractor must learn to ignore.
 *
 * Creases run roughly across the finger (within ±25° of horizontal), 2–4 px wide; a scar is a
 * longer line of any direction. About half of the fingers carry some.
 */
export function drawCreases(width: number, height: number, mask: Uint8Array, rng: Rng): Float32Array {
  const out = new Float32Array(width * height);
  const lines: { x0: number; y0: number; x1: number; y1: number; bend: number; halfWidth: number }[] = [];
  const creaseCount = rng.next() < 0.5 ? 0 : 1 + rng.int(3);
  for (let k = 0; k < creaseCount; k++) {
    const length = rng.uniform(40, 140);
    const angle = rng.uniform(-25, 25) * (Math.PI / 180);
    const cx = rng.uniform(0.2, 0.8) * width;
    const cy = rng.uniform(0.25, 0.95) * height;
    lines.push({
      x0: cx - (length / 2) * Math.cos(angle),
      y0: cy - (length / 2) * Math.sin(angle),
      x1: cx + (length / 2) * Math.cos(angle),
      y1: cy + (length / 2) * Math.sin(angle),
      bend: rng.normal() * 8,
      halfWidth: rng.uniform(1, 2),
    });
  }
  if (rng.next() < 0.15) {
    const length = rng.uniform(80, 200);
    const angle = rng.uniform(0, Math.PI);
    const cx = rng.uniform(0.3, 0.7) * width;
    const cy = rng.uniform(0.3, 0.7) * height;
    lines.push({
      x0: cx - (length / 2) * Math.cos(angle),
      y0: cy - (length / 2) * Math.sin(angle),
      x1: cx + (length / 2) * Math.cos(angle),
      y1: cy + (length / 2) * Math.sin(angle),
      bend: rng.normal() * 15,
      halfWidth: rng.uniform(1.5, 3),
    });
  }
  for (const l of lines) {
    // Quadratic Bézier through a control point pushed sideways by `bend`.
    const nx = -(l.y1 - l.y0);
    const ny = l.x1 - l.x0;
    const norm = Math.hypot(nx, ny) || 1;
    const px = (l.x0 + l.x1) / 2 + (nx / norm) * l.bend * 2;
    const py = (l.y0 + l.y1) / 2 + (ny / norm) * l.bend * 2;
    const steps = Math.ceil(Math.hypot(l.x1 - l.x0, l.y1 - l.y0) * 2);
    const r = Math.ceil(l.halfWidth + 1);
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      const x = (1 - t) * (1 - t) * l.x0 + 2 * (1 - t) * t * px + t * t * l.x1;
      const y = (1 - t) * (1 - t) * l.y0 + 2 * (1 - t) * t * py + t * t * l.y1;
      // Lines fade in and out at their ends instead of stopping square.
      const taper = Math.min(1, 4 * Math.min(t, 1 - t) + 0.2);
      const hw = l.halfWidth * taper;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const xi = Math.round(x) + dx;
          const yi = Math.round(y) + dy;
          if (xi < 0 || yi < 0 || xi >= width || yi >= height || !mask[yi * width + xi]) continue;
          const d = Math.hypot(xi - x, yi - y);
          const v = Math.max(0, Math.min(1, hw + 0.5 - d));
          const i = yi * width + xi;
          if (v > out[i]) out[i] = v;
        }
      }
    }
  }
  return out;
}
