import { describe, expect, it } from 'vitest';
import { ROOT_EDGE_MAX_LENGTH, ROOT_EDGE_MIN_LENGTH, STAR_MAX_EDGE_LENGTH, STAR_NEIGHBORS } from '../matcher-parameters.ts';
import { normalizeAngle, vectorAngle } from './angles.ts';
import { queryCells } from './edge-hash.ts';
import { decodeTemplate, encodeTemplate } from '../../formats/index.ts';
import type { FingerprintTemplate } from '../types.ts';
import { matchScore } from './match.ts';
import { fillAllStars, prepareTemplate, type PreparedTemplate } from './prepared-template.ts';
import { impression, randomFinger, seededRandom, type Random } from './synthetic-minutiae.ts';
import { referencePrepareTemplate } from './testing/reference-prepare.ts';

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
      const prepared = fillAllStars(prepareTemplate(finger));
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

/** Every field of a prepared template as bytes (typed arrays, the hull) or a number, by name. */
function fieldBytes(p: PreparedTemplate): Map<string, number | Uint8Array> {
  const bytes = (a: Float64Array | Int32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
  const fields = new Map<string, number | Uint8Array>();
  for (const [key, value] of Object.entries(p)) {
    if (key === 'edgeHash') continue;
    if (key === 'hull') {
      fields.set('hull.vertices', bytes(p.hull.vertices));
      fields.set('hull.box', bytes(Float64Array.of(p.hull.minX, p.hull.minY, p.hull.maxX, p.hull.maxY)));
    } else if (ArrayBuffer.isView(value)) fields.set(key, bytes(value as Int32Array));
    else fields.set(key, value as number);
  }
  return fields;
}

/**
 * Templates of every kind the engine meets: whole-pixel positions as the compact codec gives them
 * (gallery candidates), raw synthetic positions, positions snapped to a coarse grid (equal lengths
 * and angles, so every tie rule is exercised), over the MAX_MINUTIAE cap, and nearly empty.
 */
function varietyOfTemplates(random: Random, count: number): FingerprintTemplate[] {
  const templates: FingerprintTemplate[] = [];
  for (let t = 0; t < count; t++) {
    const kind = t % 5;
    const minutiae = kind === 3 ? 120 + Math.floor(random() * 60) : 2 + Math.floor(random() * 90);
    const finger = impression(randomFinger(random, { count: minutiae }), random);
    if (kind === 0 || kind === 3) {
      const inside = finger.minutiae.filter((m) => m.x >= 0 && m.y >= 0 && m.x < finger.width && m.y < finger.height);
      templates.push(decodeTemplate(encodeTemplate({ ...finger, minutiae: inside })));
    } else if (kind === 2) {
      finger.minutiae.forEach((m) => ((m.x = Math.round(m.x / 16) * 16), (m.y = Math.round(m.y / 16) * 16)));
      templates.push(finger);
    } else if (kind === 4) {
      templates.push({ ...finger, minutiae: finger.minutiae.slice(0, t % 4) });
    } else {
      templates.push(finger);
    }
  }
  return templates;
}

describe('prepareTemplate against the reference preparation', () => {
  // The fast builder must not move a single score: every field it writes is compared bit for bit
  // with the straightforward preparation it replaced (testing/reference-prepare.ts).
  it('writes every field bit for bit as the reference does', () => {
    const templates = varietyOfTemplates(seededRandom(20261207), 300);
    let compared = 0;
    for (const template of templates) {
      const fast = fieldBytes(fillAllStars(prepareTemplate(template)));
      const reference = fieldBytes(referencePrepareTemplate(template));
      expect([...fast.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [key, value] of reference) {
        const other = fast.get(key);
        // Buffer.equals rather than toEqual: a deep equality over every byte took seconds.
        const same = typeof value === 'number' ? Object.is(other, value) : other instanceof Uint8Array && Buffer.from(other).equals(value);
        expect(same, key).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300 * 15);
  });

  it('gives bit-identical matchScore on genuine and impostor pairs, whichever preparation each side used', () => {
    const random = seededRandom(20261208);
    const fingers = Array.from({ length: 12 }, () => randomFinger(random, { count: 30 + Math.floor(random() * 50) }));
    const templates = fingers.flatMap((finger) =>
      [0, 1, 2].map(() => {
        const t = impression(finger, random);
        const inside = t.minutiae.filter((m) => m.x >= 0 && m.y >= 0 && m.x < t.width && m.y < t.height);
        return decodeTemplate(encodeTemplate({ ...t, minutiae: inside }));
      }),
    );
    const fast = templates.map((t) => prepareTemplate(t));
    const reference = templates.map((t) => referencePrepareTemplate(t));
    let genuineAccepted = 0;
    for (let p = 0; p < templates.length; p++) {
      for (let c = 0; c < templates.length; c++) {
        if (p === c) continue;
        const expected = matchScore(reference[p], reference[c]);
        expect(Object.is(matchScore(fast[p], fast[c]), expected)).toBe(true);
        expect(Object.is(matchScore(reference[p], fast[c]), expected)).toBe(true);
        if (Math.floor(p / 3) === Math.floor(c / 3) && expected > 0) genuineAccepted++;
      }
    }
    // The pairs must exercise real pairings, not only empty comparisons scored 0.
    expect(genuineAccepted).toBeGreaterThan(40);
  });
});
