/** Seeded random minutia sets and jittered "impressions" of them, for tests. */
import type { FingerprintTemplate, Minutia } from '../../fingerprint/types.ts';
import { mulberry32 } from '../../primitives/random.ts';

/** Seeded, so test data repeats run to run. */
export const seededRandom = mulberry32;

export function toyFinger(seed: number, count = 40): FingerprintTemplate {
  const random = seededRandom(seed);
  const minutiae: Minutia[] = [];
  for (let i = 0; i < count; i++) {
    minutiae.push({
      x: 40 + random() * 320,
      y: 40 + random() * 320,
      direction: random() * 2 * Math.PI,
      type: random() < 0.5 ? 'ending' : 'bifurcation',
      quality: 80,
    });
  }
  return { width: 400, height: 400, minutiae };
}

/**
 * Another "impression": minutiae jittered by up to ±jitter px and ±8°, a fifth of them lost and a
 * few spurious ones added; optionally rotated about the centre and shifted (for the descriptor,
 * which must not care).
 */
export function toyImpression(
  finger: FingerprintTemplate,
  seed: number,
  motion: { rotation?: number; dx?: number; dy?: number; jitter?: number } = {},
): FingerprintTemplate {
  const random = seededRandom(seed);
  const { rotation = 0, dx = 0, dy = 0, jitter = 3 } = motion;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const minutiae: Minutia[] = [];
  for (const m of finger.minutiae) {
    if (random() < 0.2) continue;
    const x = m.x - 200;
    const y = m.y - 200;
    // Counterclockwise on screen with y downwards: (x, y) → (x cos + y sin, −x sin + y cos).
    minutiae.push({
      ...m,
      x: 200 + x * cos + y * sin + dx + (random() * 2 - 1) * jitter,
      y: 200 - x * sin + y * cos + dy + (random() * 2 - 1) * jitter,
      direction: (m.direction + rotation + ((random() * 2 - 1) * 8 * Math.PI) / 180 + 2 * Math.PI) % (2 * Math.PI),
    });
  }
  const extra = toyFinger(seed + 7919, 5).minutiae;
  return { ...finger, minutiae: [...minutiae, ...extra] };
}
