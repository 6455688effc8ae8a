import { describe, expect, it } from 'vitest';
import { SIMILARITY_TERMS } from '../matcher-parameters.ts';
import { FINGERPRINT_MATCH_THRESHOLD, explainMatch, matchDetailed, matchScore, prepareTemplate } from './index.ts';
import { impression, randomFinger, seededRandom } from './synthetic-minutiae.ts';

describe('explainMatch (matcher transparency)', () => {
  const random = seededRandom(20261206);
  const fingers = Array.from({ length: 4 }, () => randomFinger(random));

  it('gives the very score of matchScore, with pairs and terms that account for it', () => {
    for (const [a, b] of [
      [impression(fingers[0], random), impression(fingers[0], random)], // genuine
      [impression(fingers[1], random), impression(fingers[2], random)], // impostor
    ]) {
      const probe = prepareTemplate(a);
      const candidate = prepareTemplate(b);
      const explained = explainMatch(probe, candidate);
      expect(explained.score).toBe(matchScore(probe, candidate));
      expect(explained.threshold).toBe(FINGERPRINT_MATCH_THRESHOLD);
      expect(explained.pairs.map(({ probe: p, candidate: c }) => ({ probe: p, candidate: c }))).toEqual(matchDetailed(probe, candidate).pairs);
      expect(Object.keys(explained.terms)).toEqual([...SIMILARITY_TERMS]);
      const sum = SIMILARITY_TERMS.reduce((s, t) => s + explained.contributions[t], 0);
      expect(sum).toBeCloseTo(explained.similarity, 9);
      expect(explained.terms.paired).toBe(explained.pairs.length);
    }
  });

  it('names the root the pairing grew from and a tree of pairs back to it', () => {
    const finger = fingers[3];
    const explained = explainMatch(prepareTemplate(impression(finger, random)), prepareTemplate(impression(finger, random)));
    expect(explained.score).toBeGreaterThanOrEqual(FINGERPRINT_MATCH_THRESHOLD);
    expect(explained.bestRoot).toBeGreaterThanOrEqual(0);
    const root = explained.roots[explained.bestRoot];
    expect({ probe: explained.pairs[0].probe, candidate: explained.pairs[0].candidate }).toEqual({ probe: root.probe, candidate: root.candidate });
    expect(explained.pairs[0].parent).toBeNull();
    explained.pairs.slice(1).forEach((pair, i) => {
      expect(pair.parent).not.toBeNull();
      expect(pair.parent!).toBeLessThanOrEqual(i); // reached from a pair added before it
    });
    for (let r = 1; r < explained.roots.length; r++) expect(explained.roots[r].votes).toBeLessThanOrEqual(explained.roots[r - 1].votes);
  });

  it('explains an empty template as no evidence', () => {
    const explained = explainMatch(prepareTemplate({ width: 10, height: 10, minutiae: [] }), prepareTemplate(fingers[0]));
    expect(explained).toMatchObject({ score: 0, roots: [], pairs: [], bestRoot: -1 });
  });
});
