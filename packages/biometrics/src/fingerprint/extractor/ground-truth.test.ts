import { describe, expect, it } from 'vitest';
import { generateImpression, generateMasterPrint, impressionMinutiae, impressionSeed } from '../../synth/index.ts';
import type { Minutia } from '../types.ts';
import { extractTemplate } from './extract.ts';

/** Matching radius between found and true minutiae: about one ridge period and a half. */
const MATCH_RADIUS = 12;

function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** Greedy one-to-one pairing of true minutiae with the nearest unused found one. */
function compare(truth: Minutia[], found: Minutia[]): { paired: number; directionOk: number } {
  const used = new Set<number>();
  let paired = 0;
  let directionOk = 0;
  for (const t of truth) {
    let best = -1;
    let bestDistance = MATCH_RADIUS;
    found.forEach((m, i) => {
      const d = Math.hypot(m.x - t.x, m.y - t.y);
      if (d <= bestDistance && !used.has(i)) {
        bestDistance = d;
        best = i;
      }
    });
    if (best < 0) continue;
    used.add(best);
    paired++;
    if (angleBetween(found[best].direction, t.direction) < Math.PI / 6) directionOk++;
  }
  return { paired, directionOk };
}

describe('extraction against synthetic ground truth', () => {
  it('recovers most true minutiae with few false ones and correct directions', () => {
    let truthCount = 0;
    let foundCount = 0;
    let paired = 0;
    let directionOk = 0;
    for (const seed of [3, 4]) {
      const master = generateMasterPrint(seed);
      for (const index of [0, 1]) {
        const impression = impressionSeed(seed, index);
        const truth = impressionMinutiae(master, impression);
        const found = extractTemplate(generateImpression(master, impression)).minutiae;
        const result = compare(truth, found);
        truthCount += truth.length;
        foundCount += found.length;
        paired += result.paired;
        directionOk += result.directionOk;
      }
    }
    // Measured: seeds 3–4 recall 0.87, precision 0.98, direction 0.92; seeds 1–8 0.88, 0.97, 0.89.
    expect(paired / truthCount).toBeGreaterThan(0.75);
    expect(paired / foundCount).toBeGreaterThan(0.85);
    expect(directionOk / paired).toBeGreaterThan(0.75);
  });
});
