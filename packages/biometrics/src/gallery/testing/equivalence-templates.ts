/**
 * Deterministic templates for the equivalence tests of the faster cylinder, code and MCC code
 * against testing/*-reference.ts: synthetic fingers of 0 to ~100 minutiae and impressions of them
 * (mates, so MCC sees high similarities too), plus awkward cases — fewer than three minutiae,
 * collinear ones (a hull of two points), directions outside [0, 2π), minutiae on top of each other.
 */
import { impression, randomFinger, seededRandom } from '../../fingerprint/matcher/synthetic-minutiae.ts';
import type { FingerprintTemplate, Minutia } from '../../fingerprint/types.ts';

export function equivalenceTemplates(seed: number, fingers: number): FingerprintTemplate[] {
  const random = seededRandom(seed);
  const out: FingerprintTemplate[] = [];
  for (let f = 0; f < fingers; f++) {
    const finger = randomFinger(random, { count: Math.floor(random() * 100) });
    out.push(finger, impression(finger, random));
  }
  const at = (x: number, y: number, direction: number, type: Minutia['type'] = 'ending'): Minutia => ({ x, y, direction, type, quality: 60 });
  const awkward: Minutia[][] = [
    [],
    [at(100, 100, 1)],
    [at(100, 100, 1), at(130, 110, 2, 'bifurcation')],
    // Collinear: the hull is two points and the middle ones are not on it.
    Array.from({ length: 9 }, (_, i) => at(50 + 20 * i, 80 + 10 * i, i * 0.9, i % 2 ? 'bifurcation' : 'ending')),
    // Directions beyond one turn either way, exactly 2π, and a bifurcation turned past 4π.
    Array.from({ length: 30 }, (_, i) => at(60 + ((i * 37) % 200), 60 + ((i * 53) % 240), [-7, 13.5, 2 * Math.PI, 4 * Math.PI - 1e-12, -1e-300, 0, 3 * Math.PI][i % 7] + i * 0.01, i % 3 ? 'ending' : 'bifurcation')),
    // Two minutiae at the same place (a zero distance), in a small dense cluster.
    Array.from({ length: 16 }, (_, i) => at(150 + (i % 4) * 6, 150 + Math.floor(i / 4) * 6 - (i === 1 ? 6 : 0), i * 0.4)),
  ];
  for (const minutiae of awkward) out.push({ width: 320, height: 400, minutiae });
  return out;
}
