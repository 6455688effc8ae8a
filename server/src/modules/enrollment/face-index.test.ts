import { describe, expect, it } from 'vitest';
import { cosine } from '@siap/biometrics/face';
import type { FaceTemplate } from '../readers/face.ts';
import { FaceIndex } from './face-index.ts';

/** The search BiometricGallery did before FaceIndex: a cosine per stored face, sorted. */
function previousSearch(faces: Map<string, FaceTemplate>, probe: FaceTemplate, maxCandidates: number, minScore: number) {
  const hits: Array<{ personId: string; score: number }> = [];
  for (const [personId, face] of faces) {
    if (face.model !== probe.model) continue;
    const score = cosine(probe.embedding, face.embedding);
    if (score >= minScore) hits.push({ personId, score });
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, maxCandidates);
}

/** Face-like templates: a shared mean direction plus per-person variation, so scores spread over 0.3–1 like real ones. */
function template(model: string, seed: number, dims = 128): FaceTemplate {
  let a = seed >>> 0;
  const embedding = new Float32Array(dims);
  for (let i = 0; i < dims; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    embedding[i] = (i % 3 === 0 ? 0.08 : 0) + (a / 2 ** 32 - 0.5) * 0.1;
  }
  return { model, embedding };
}

function near(face: FaceTemplate, seed: number, amount: number): FaceTemplate {
  const noise = template(face.model, seed, face.embedding.length).embedding;
  return { model: face.model, embedding: face.embedding.map((x, i) => x + amount * noise[i]) };
}

describe('FaceIndex', () => {
  it('returns the candidates of the previous linear scan on a few hundred templates of two models', () => {
    const faces = new Map<string, FaceTemplate>();
    for (let i = 0; i < 400; i++) faces.set(`person-${i}`, template(i % 4 === 0 ? 'faceapi-resnet' : 'faceapi-resnet-v2', 1 + i));
    const index = new FaceIndex();
    index.load([...[...faces].map(([personId, face]) => ({ personId, face })), { personId: 'no-face', face: null }]);
    expect(index.size).toBe(400);

    const check = () => {
      let candidates = 0;
      for (let p = 0; p < 40; p++) {
        const mate = faces.get(`person-${p * 7}`) ?? template('faceapi-resnet-v2', 999 + p);
        const probes = [near(mate, 5000 + p, 0.3), template(p % 2 ? 'faceapi-resnet' : 'faceapi-resnet-v2', 7000 + p)];
        for (const probe of probes) {
          for (const [k, minScore] of [[10, 0], [3, 0.9], [400, -1]] as const) {
            const expected = previousSearch(faces, probe, k, minScore);
            const got = index.search(probe, k, minScore);
            expect(got.map((c) => c.personId)).toEqual(expected.map((c) => c.personId));
            got.forEach((c, i) => expect(Math.abs(c.score - expected[i].score)).toBeLessThan(1e-6));
            candidates += got.length;
          }
        }
      }
      return candidates;
    };
    expect(check()).toBeGreaterThan(1000);

    // Replacements (also into the other model), removals and re-additions, as enrollments and
    // adjudications do them, leave the same answers.
    for (let i = 0; i < 400; i += 9) {
      const face = i % 2 ? template('faceapi-resnet', 20000 + i) : null;
      index.set(`person-${i}`, face);
      if (face) faces.set(`person-${i}`, face);
      else faces.delete(`person-${i}`);
    }
    for (let i = 3; i < 400; i += 13) {
      index.delete(`person-${i}`);
      faces.delete(`person-${i}`);
    }
    for (let i = 400; i < 430; i++) {
      const face = template('faceapi-resnet-v2', 30000 + i);
      index.set(`person-${i}`, face);
      faces.set(`person-${i}`, face);
    }
    expect(index.size).toBe(faces.size);
    expect(check()).toBeGreaterThan(1000);
  });

  it('finds a person only through templates of the same model', () => {
    const index = new FaceIndex();
    const face = template('faceapi-resnet', 1);
    index.set('a', face);
    expect(index.search(face, 5, 0)).toEqual([{ personId: 'a', score: expect.closeTo(1, 6) }]);
    expect(index.search({ ...face, model: 'faceapi-resnet-v2' }, 5, 0)).toEqual([]);
    index.set('a', { ...face, model: 'faceapi-resnet-v2' });
    expect(index.search(face, 5, 0)).toEqual([]);
    expect(index.search({ ...face, model: 'faceapi-resnet-v2' }, 5, 0).map((c) => c.personId)).toEqual(['a']);
    index.set('a', null);
    expect(index.size).toBe(0);
    expect(index.search({ model: 'faceapi-resnet-v2', embedding: new Float32Array(3) }, 5, 0)).toEqual([]);
    index.set('b', face);
    expect(() => index.search({ model: 'faceapi-resnet', embedding: new Float32Array(3) }, 5, 0)).toThrow(RangeError);
  });
});
