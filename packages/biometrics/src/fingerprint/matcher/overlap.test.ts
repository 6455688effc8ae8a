import { describe, expect, it } from 'vitest';
import type { FingerprintTemplate, Minutia } from '../types.ts';
import { convexHull, insideHull, overlapCounts, type Hull, type OverlapCounts } from './overlap.ts';
import { createPairing } from './pairing.ts';
import { prepareTemplate } from './prepared-template.ts';

function hullOf(points: [number, number][]): Hull {
  return convexHull(Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1]));
}

describe('convex hull of the minutiae', () => {
  it('keeps the corners of a square and drops the points inside it', () => {
    const hull = hullOf([[0, 0], [10, 0], [5, 5], [10, 10], [0, 10], [3, 7], [5, 0]]);
    expect(hull.vertices.length / 2).toBe(4);
    expect(insideHull(hull, 5, 5)).toBe(true);
    expect(insideHull(hull, 10, 5)).toBe(true);
    expect(insideHull(hull, 11, 5)).toBe(false);
    expect(insideHull(hull, -0.1, -0.1)).toBe(false);
  });

  it('contains nothing when the minutiae are fewer than three or on one line', () => {
    expect(insideHull(hullOf([[0, 0], [10, 10]]), 5, 5)).toBe(false);
    expect(insideHull(hullOf([[0, 0], [5, 5], [10, 10]]), 5, 5)).toBe(false);
  });
});

describe('overlap of two impressions', () => {
  // A "finger": a 10 × 10 grid of minutiae, 20 px apart.
  const finger: Minutia[] = [];
  for (let row = 0; row < 10; row++) {
    for (let col = 0; col < 10; col++) finger.push({ x: 20 + 20 * col, y: 20 + 20 * row, direction: 0.3 * col, type: 'ending', quality: 80 });
  }
  const probeTemplate: FingerprintTemplate = { width: 240, height: 240, minutiae: finger };
  // Another impression shows only the left half (x ≤ 100), turned by 25° and shifted.
  const angle = (25 * Math.PI) / 180;
  const shown = finger.filter((m) => m.x <= 100);
  const candidateTemplate: FingerprintTemplate = {
    width: 400,
    height: 400,
    minutiae: shown.map((m) => ({
      ...m,
      x: 150 + Math.cos(angle) * m.x - Math.sin(angle) * m.y,
      y: 40 + Math.sin(angle) * m.x + Math.cos(angle) * m.y,
    })),
  };

  it('counts the minutiae of each print that lie in the area both show', () => {
    const probe = prepareTemplate(probeTemplate);
    const candidate = prepareTemplate(candidateTemplate);
    // Pair the ten minutiae of the first column with themselves (the source order is kept).
    const pairing = createPairing();
    for (let row = 0; row < 10; row++) {
      const p = finger.findIndex((m) => m.x === 20 && m.y === 20 + 20 * row);
      const c = shown.findIndex((m) => m.x === 20 && m.y === 20 + 20 * row);
      pairing.probe[pairing.count] = p;
      pairing.candidate[pairing.count] = c;
      pairing.count++;
    }
    const counts: OverlapCounts = { probeInside: 0, candidateInside: 0 };
    overlapCounts(probe, candidate, pairing, counts);
    expect(counts.candidateInside).toBe(shown.length);
    expect(counts.probeInside).toBe(shown.length);
  });

  it('counts every minutia as shared when fewer than two pairs give no motion', () => {
    const probe = prepareTemplate(probeTemplate);
    const candidate = prepareTemplate(candidateTemplate);
    const pairing = createPairing();
    const counts: OverlapCounts = { probeInside: 0, candidateInside: 0 };
    overlapCounts(probe, candidate, pairing, counts);
    expect(counts).toEqual({ probeInside: probe.count, candidateInside: candidate.count });
  });
});
