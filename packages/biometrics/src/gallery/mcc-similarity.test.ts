import { describe, expect, it } from 'vitest';
import type { FingerprintTemplate } from '../fingerprint/types.ts';
import { PROBE_MASK_SIZE, cylinderCells, fillProbeMask, indexCodes, orientedCylinders, rotationSimilarity, type OrientedCylinder } from './cylinder-codes.ts';
import { cylinderSimilarity, mccLayout, mccScore, packCylinders, pairsConsidered, storeCylinders, storedCylinderWords, templateCylinders, unstoreCylinders } from './mcc-similarity.ts';
import { CYLINDER_INDEX, INDEX_KEPT_SHARE, RERANK_RATIO } from './parameters.ts';
import { ShardIndex } from './shard-index.ts';
import { encodeToyTemplate, galleryEngine } from './testing/toy-engine.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';

const layout = mccLayout(cylinderCells(CYLINDER_INDEX), CYLINDER_INDEX.sections);

/**
 * The paper's local similarity written out on the unpacked cylinders (one byte per bit, one per
 * cell's validity), with no bit tricks: what the packed popcount version must reproduce.
 */
function referenceSimilarity(a: OrientedCylinder, b: OrientedCylinder): number {
  const step = (d: number) => Math.round((d / (2 * Math.PI)) * 256) & 255;
  const turn = (step(a.direction) - step(b.direction) + 256) % 256;
  if (Math.min(turn, 256 - turn) > 64) return 0;
  const cells = a.valid.length;
  let common = 0;
  for (let k = 0; k < cells; k++) if (a.valid[k] && b.valid[k]) common++;
  if (common < 0.6 * cells) return 0;
  let na = 0;
  let nb = 0;
  let differ = 0;
  for (let k = 0; k < cells; k++) {
    if (!(a.valid[k] && b.valid[k])) continue;
    for (let s = 0; s < CYLINDER_INDEX.sections; s++) {
      const x = a.bits[k * CYLINDER_INDEX.sections + s] & 1;
      const y = b.bits[k * CYLINDER_INDEX.sections + s] & 1;
      na += x;
      nb += y;
      differ += x ^ y;
    }
  }
  return na + nb === 0 ? 0 : 1 - Math.sqrt(differ) / (Math.sqrt(na) + Math.sqrt(nb));
}

/** Local Similarity Sort by sorting every pair's similarity. */
function referenceScore(a: FingerprintTemplate, b: FingerprintTemplate): number {
  const ca = orientedCylinders(a, CYLINDER_INDEX);
  const cb = orientedCylinders(b, CYLINDER_INDEX);
  const all = ca.flatMap((x) => cb.map((y) => referenceSimilarity(x, y))).sort((p, q) => q - p);
  const np = pairsConsidered(ca.length, cb.length);
  return all.slice(0, np).reduce((s, v) => s + v, 0) / np;
}

describe('MCC second stage', () => {
  it('stores cylinders tight (12 words for 14) and widens them back bit for bit', () => {
    expect(storedCylinderWords(layout)).toBe(12);
    expect(layout.wordsPerCylinder + layout.cellWords).toBe(14);
    for (const seed of [5, 61, 404]) {
      const packed = templateCylinders(toyFinger(seed, 25 + (seed % 20)), CYLINDER_INDEX);
      expect(packed.count).toBeGreaterThan(5);
      // Stored after another entry's words (an odd offset) and before a third's, which must stay untouched.
      const at = 7;
      const stored = new Uint32Array(at + packed.count * 12 + 5);
      stored.fill(0xffffffff, 0, at);
      storeCylinders(packed, layout, stored, at);
      const back = unstoreCylinders(stored, at, packed.count, layout, { count: 0, bits: new Uint32Array(0), valid: new Uint32Array(0), directions: new Uint8Array(0), positions: new Int16Array(0) });
      expect(back.count).toBe(packed.count);
      expect(Array.from(back.bits.subarray(0, packed.count * layout.wordsPerCylinder))).toEqual(Array.from(packed.bits));
      expect(Array.from(back.valid.subarray(0, packed.count * layout.cellWords))).toEqual(Array.from(packed.valid));
      expect(Array.from(stored.subarray(0, at)).every((w) => w === 0xffffffff)).toBe(true);
      expect(Array.from(stored.subarray(at + packed.count * 12)).every((w) => w === 0)).toBe(true);
    }
  });

  it('computes each pair similarity and the LSS score as the written-out formula does', () => {
    const a = toyImpression(toyFinger(41), 7, { rotation: 0.4, jitter: 3 });
    const b = toyFinger(41);
    const ca = orientedCylinders(a, CYLINDER_INDEX);
    const cb = orientedCylinders(b, CYLINDER_INDEX);
    const pa = packCylinders(ca, layout);
    const pb = packCylinders(cb, layout);
    let comparable = 0;
    for (let i = 0; i < ca.length; i++) {
      for (let j = 0; j < cb.length; j++) {
        const expected = referenceSimilarity(ca[i], cb[j]);
        if (expected > 0) comparable++;
        expect(cylinderSimilarity(pa, i, pb, j, layout)).toBeCloseTo(expected, 12);
      }
    }
    // The comparison above must have exercised real similarities, not only rejected pairs.
    expect(comparable).toBeGreaterThan(100);
    for (const other of [b, toyFinger(42), toyImpression(toyFinger(43), 3)]) {
      expect(mccScore(templateCylinders(a, CYLINDER_INDEX), templateCylinders(other, CYLINDER_INDEX), layout)).toBeCloseTo(referenceScore(a, other), 12);
    }
  });

  it('scores an impression of the enrolled finger above every one of 300 other fingers', () => {
    const gallery = Array.from({ length: 300 }, (_, i) => templateCylinders(toyFinger(6000 + i), CYLINDER_INDEX));
    for (const mate of [3, 150, 299]) {
      const probe = templateCylinders(toyImpression(toyFinger(6000 + mate), 90 + mate, { rotation: -0.8, dx: 15, jitter: 4 }), CYLINDER_INDEX);
      const scores = gallery.map((g) => mccScore(probe, g, layout));
      const best = scores.indexOf(Math.max(...scores));
      expect(best).toBe(mate);
    }
  });

  it('hands the full matcher the K entries a straightforward two-stage selection picks', () => {
    const n = 500;
    const fingers = Array.from({ length: n }, (_, i) => toyFinger(7000 + i, 25 + (i % 20)));
    const k = 10;
    const shard = new ShardIndex(galleryEngine, { minCandidates: k, penetration: 0 });
    shard.add(fingers.map((t, i) => ({ subjectId: `s${i}`, finger: 0, template: encodeToyTemplate(t) })));
    const enrolledCodes = fingers.map((t) => indexCodes(t));
    const enrolledCylinders = fingers.map((t) => templateCylinders(t, CYLINDER_INDEX));
    const mask = new Uint32Array(PROBE_MASK_SIZE);
    for (const mate of [12, 260, 481]) {
      const probe = toyImpression(fingers[mate], 500 + mate, { rotation: 0.5, jitter: 4 });
      // Reference: score every entry with the index, keep RERANK_RATIO × K, re-rank by MCC, keep K.
      const written = fillProbeMask(probe, mask);
      const first = enrolledCodes.map((codes, e) => ({ e, score: rotationSimilarity(mask, codes) })).sort((x, y) => y.score - x.score);
      for (const code of written) mask[code] = 0;
      const cut = k * RERANK_RATIO;
      // A tie across the first stage's cut could be broken either way; the data is chosen without one.
      expect(first[cut - 1].score).toBeGreaterThan(first[cut].score);
      // The index's first INDEX_KEPT_SHARE × K go through; MCC picks the others among the rest of the cut.
      const kept = Math.round(k * INDEX_KEPT_SHARE);
      expect(kept).toBeGreaterThan(0);
      const probeCylinders = templateCylinders(probe, CYLINDER_INDEX);
      const second = first
        .slice(kept, cut)
        .map(({ e }) => ({ e, score: mccScore(probeCylinders, enrolledCylinders[e], layout) }))
        .sort((x, y) => y.score - x.score);
      expect(second[k - kept - 1].score).toBeGreaterThan(second[k - kept].score);
      const expected = [...first.slice(0, kept), ...second.slice(0, k - kept)].map(({ e }) => `s${e}`).sort();

      const { candidates, stats } = shard.search([{ template: encodeToyTemplate(probe) }], { maxCandidates: n });
      expect(stats.compared).toBe(k);
      expect(candidates.map((c) => c.subjectId).sort()).toEqual(expected);
      expect(expected).toContain(`s${mate}`);
    }
  });

  it('lays the two stages open (prefilterTrace) exactly as the search runs them', () => {
    const n = 400;
    const fingers = Array.from({ length: n }, (_, i) => toyFinger(9000 + i, 25 + (i % 20)));
    const k = 8;
    const shard = new ShardIndex(galleryEngine, { minCandidates: k, penetration: 0 });
    shard.add(fingers.map((t, i) => ({ subjectId: `s${i}`, finger: 0, template: encodeToyTemplate(t) })));
    const enrolledCodes = fingers.map((t) => indexCodes(t));
    const enrolledCylinders = fingers.map((t) => templateCylinders(t, CYLINDER_INDEX));
    const mask = new Uint32Array(PROBE_MASK_SIZE);
    const depth = 60;
    for (const mate of [7, 333]) {
      const probe = toyImpression(fingers[mate], 700 + mate, { rotation: -0.4, jitter: 4 });
      const written = fillProbeMask(probe, mask);
      const reference = enrolledCodes.map((codes, e) => ({ e, score: rotationSimilarity(mask, codes) })).sort((x, y) => y.score - x.score || x.e - y.e);
      for (const code of written) mask[code] = 0;
      const trace = shard.prefilterTrace(encodeToyTemplate(probe), 0, depth);
      // The index's first `depth`, best first, with the index's scores and each one's MCC score.
      expect(trace.subjects).toEqual(reference.slice(0, depth).map(({ e }) => `s${e}`));
      expect(Array.from(trace.index)).toEqual(reference.slice(0, depth).map(({ score }) => score));
      const probeCylinders = templateCylinders(probe, CYLINDER_INDEX);
      expect(Array.from(trace.mcc)).toEqual(reference.slice(0, depth).map(({ e }) => mccScore(probeCylinders, enrolledCylinders[e], layout)));
      expect(trace.subjects[0]).toBe(`s${mate}`);
      // What a study derives from it at K is what the search hands the matcher.
      const kept = Math.round(k * INDEX_KEPT_SHARE);
      const shortlist = trace.subjects.slice(kept, k * RERANK_RATIO).map((subject, i) => ({ subject, mcc: trace.mcc[kept + i] })).sort((x, y) => y.mcc - x.mcc);
      expect(shortlist[k - kept - 1].mcc).toBeGreaterThan(shortlist[k - kept].mcc);
      const { candidates } = shard.search([{ template: encodeToyTemplate(probe) }], { maxCandidates: n });
      expect(candidates.map((c) => c.subjectId).sort()).toEqual([...trace.subjects.slice(0, kept), ...shortlist.slice(0, k - kept).map((c) => c.subject)].sort());
    }
  });
});
