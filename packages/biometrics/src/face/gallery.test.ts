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
});
