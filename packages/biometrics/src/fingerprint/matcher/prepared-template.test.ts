import { describe, expect, it } from 'vitest';
import { ROOT_EDGE_MAX_LENGTH, ROOT_EDGE_MIN_LENGTH, STAR_MAX_EDGE_LENGTH, STAR_NEIGHBORS } from '../matcher-parameters.ts';
import { normalizeAngle, vectorAngle } from './angles.ts';
import { queryCells } from './edge-hash.ts';
import { prepareTemplate, type PreparedTemplate } from './prepared-template.ts';
import { impression, randomFinger, seededRandom } from './synthetic-minutiae.ts';

/** The edge tables as their definitions say, by plain sorts: the oracle for the fast builders. */
function referenceTables(p: PreparedTemplate) {
  const { x, y, direction, count: n } = p;
  const stars: number[][] = [];
  for (let i = 0; i < n; i++) {
    const near = [];
    for (let j = 0; j < n; j++) {
      const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
      if (j !== i && d <= STAR_MAX_EDGE_LENGTH) near.push({ j, d, ra: normalizeAngle(vectorAngle(x[j] - x[i], y[j] - y[i]) - direction[i]) });
    }
    near.sort((a, b) => a.d - b.d || a.j - b.j);
    stars.push(near.slice(0, STAR_NEIGHBORS).sort((a, b) => a.ra - b.ra || a.d - b.d || a.j - b.j).map((e) => e.j));
  }
  const roots = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
      if (d < ROOT_EDGE_MIN_LENGTH || d > ROOT_EDGE_MAX_LENGTH) continue;
      const angle = vectorAngle(x[j] - x[i], y[j] - y[i]);
      roots.push({ i, j, cells: queryCells(d, normalizeAngle(angle - direction[i]), normalizeAngle(angle + Math.PI - direction[j])) });
    }
  }
  roots.sort((a, b) => a.cells - b.cells || a.i - b.i || a.j - b.j);
  return { stars, roots };
}

describe('prepareTemplate', () => {
  it('lists each minutia’s nearest neighbours by reference angle and the root edges by the cells they read, as plain sorts do (ties and capped templates included)', () => {
    const random = seededRandom(11);
    for (let t = 0; t < 40; t++) {
      const finger = impression(randomFinger(random, { count: 15 + Math.floor(random() * 150) }), random);
      // Snap some positions to a grid so that equal distances (ties) occur.
      if (t % 4 === 0) finger.minutiae.forEach((m) => ((m.x = Math.round(m.x / 16) * 16), (m.y = Math.round(m.y / 16) * 16)));
      const prepared = prepareTemplate(finger);
      const { stars, roots } = referenceTables(prepared);
      for (let i = 0; i < prepared.count; i++) {
        expect(Array.from(prepared.starNeighbor.subarray(prepared.starStart[i], prepared.starStart[i + 1]))).toEqual(stars[i]);
      }
      expect(prepared.rootEdgeCount).toBe(roots.length);
      expect(Array.from(prepared.rootEdgeFrom)).toEqual(roots.map((e) => e.i));
      expect(Array.from(prepared.rootEdgeTo)).toEqual(roots.map((e) => e.j));
      expect(Array.from(prepared.rootEdgeCells)).toEqual(roots.map((e) => e.cells));
    }
  });
});
