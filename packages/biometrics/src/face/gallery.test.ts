import { describe, expect, it } from 'vitest';
import { FaceGallery } from './gallery.ts';

function randomUnit(dims: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    v[i] = a / 2 ** 32 - 0.5;
  }
  return v;
}

describe('FaceGallery', () => {
  it('finds the stored identity first, scoring 1 for the same vector at any scale', () => {
    const g = new FaceGallery(64, 2);
    for (let i = 0; i < 50; i++) g.add(`p${i}`, randomUnit(64, i));
    expect(g.size).toBe(50);
    const probe = randomUnit(64, 17).map((x) => x * 7);
    const hits = g.search(probe, 3);
    expect(hits).toHaveLength(3);
    expect(hits[0].id).toBe('p17');
    expect(hits[0].score).toBeCloseTo(1, 5);
    expect(hits[1].score).toBeLessThanOrEqual(hits[0].score);
    expect(hits[2].score).toBeLessThanOrEqual(hits[1].score);
  });

  it('matches a brute-force ranking', () => {
    const g = new FaceGallery(32);
    const stored = Array.from({ length: 200 }, (_, i) => randomUnit(32, 1000 + i));
    stored.forEach((v, i) => g.add(`id${i}`, v));
    const probe = randomUnit(32, 5);
    const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const brute = stored
      .map((v, i) => ({ id: `id${i}`, score: v.reduce((s, x, k) => s + x * probe[k], 0) / (norm(v) * norm(probe)) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const hits = g.search(probe, 5);
    expect(hits.map((h) => h.id)).toEqual(brute.map((b) => b.id));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(brute[i].score, 5));
  });

  it('removes by swapping the last row in, keeping the others searchable', () => {
    const g = new FaceGallery(16);
    for (let i = 0; i < 5; i++) g.add(`p${i}`, randomUnit(16, i));
    expect(g.remove('p1')).toBe(true);
    expect(g.remove('p1')).toBe(false);
    expect(g.has('p1')).toBe(false);
    expect(g.size).toBe(4);
    for (const id of ['p0', 'p2', 'p3', 'p4']) expect(g.search(randomUnit(16, Number(id.slice(1))), 1)[0].id).toBe(id);
  });

  it('replaces an id added twice and honours minScore', () => {
    const g = new FaceGallery(8);
    g.add('a', randomUnit(8, 1));
    g.add('a', randomUnit(8, 2));
    expect(g.size).toBe(1);
    expect(g.search(randomUnit(8, 2), 1)[0].score).toBeCloseTo(1, 5);
    expect(g.search(randomUnit(8, 1), 1, 0.999)).toEqual([]);
  });

  it('rejects embeddings of the wrong width', () => {
    const g = new FaceGallery(8);
    expect(() => g.add('x', new Float32Array(7))).toThrow(RangeError);
    expect(() => g.search(new Float32Array(9))).toThrow(RangeError);
  });

  // The search is the exact ranking (recall 100 %), not an approximation: every top-k list equals
  // a double-precision cosine scan of the raw vectors, also for widths that are not a multiple of
  // the 4-way unrolled loop, and after removals and replacements moved rows around.
  it.each([128, 130, 7])('is exact at %i dims: the top 10 of a float64 scan, after removals and replacements', (dims) => {
    const g = new FaceGallery(dims, 16);
    const stored = new Map<string, Float32Array>();
    for (let i = 0; i < 600; i++) {
      const v = randomUnit(dims, 7000 + i).map((x) => x * (1 + (i % 5)));
      stored.set(`s${i}`, v);
      g.add(`s${i}`, v);
    }
    for (let i = 0; i < 600; i += 7) {
      g.remove(`s${i}`);
      stored.delete(`s${i}`);
    }
    for (let i = 1; i < 600; i += 11) {
      if (!stored.has(`s${i}`)) continue;
      const v = randomUnit(dims, 90000 + i);
      stored.set(`s${i}`, v);
      g.add(`s${i}`, v);
    }
    expect(g.size).toBe(stored.size);
    let compared = 0;
    for (let p = 0; p < 25; p++) {
      const probe = randomUnit(dims, 50000 + p);
      const exact = [...stored].map(([id, v]) => ({ id, score: cosine64(v, probe) })).sort((a, b) => b.score - a.score).slice(0, 10);
      const hits = g.search(probe, 10);
      expect(hits.map((h) => h.id)).toEqual(exact.map((e) => e.id));
      hits.forEach((h, i) => expect(h.score).toBeCloseTo(exact[i].score, 5));
      compared += hits.length;
    }
    expect(compared).toBe(250);
  });

  it('reserve keeps the stored rows and their search', () => {
    const g = new FaceGallery(16, 1);
    for (let i = 0; i < 3; i++) g.add(`p${i}`, randomUnit(16, i));
    g.reserve(1000);
    expect(g.bytes).toBe(1000 * 16 * 4);
    for (let i = 0; i < 3; i++) expect(g.search(randomUnit(16, i), 1)[0]).toEqual({ id: `p${i}`, score: expect.closeTo(1, 5) });
    g.reserve(10);
    expect(g.bytes).toBe(1000 * 16 * 4);
    expect(g.search(randomUnit(16, 2), 0)).toEqual([]);
  });
});

function cosine64(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}
