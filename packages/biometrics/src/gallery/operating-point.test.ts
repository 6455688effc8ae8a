/**
 * The kiosk scenario of issue 18 on the library alone: 200 people who are not enrolled put a finger
 * on the kiosk against a 1,000-person gallery, and nobody is identified at the kiosk's operating
 * point; people who are enrolled are. Then the same prints as ten-finger people: newcomers are not
 * flagged as duplicates of anyone, a returning person is.
 *
 * People are synthetic (testing/synthetic-people.ts): 8 generated fingers enrolled as themselves,
 * and chimeras cut from two disjoint sets of 8 other generated fingers — one set for the gallery,
 * the other for the people searched — so no searched person shares a minutia with an enrolled one.
 * Every searched finger is compared with every enrolled one (no pre-filter: the most chances an
 * impostor can get), scored by the matcher, fused and decided by the same functions the gallery
 * and the server use. Every candidate list is the whole gallery (1,000 or 100 subjects), so the
 * decisions are the cohort rule's (operating-point.ts: first ≥ max(40, 10th + gap)); the
 * gallery-size threshold is checked as the point's fallback.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { matchScore, prepareProbe, prepareTemplate, type PreparedTemplate } from '../fingerprint/index.ts';
import type { FingerprintTemplate } from '../fingerprint/types.ts';
import { fuseCalibrated } from './fusion.ts';
import { decideIdentification, operatingPoint } from './operating-point.ts';
import { DEDUPLICATION_FPIR, IDENTIFICATION_FPIR } from './parameters.ts';
import { chimera, syntheticFinger } from './testing/synthetic-people.ts';

const GALLERY = 1000;
const NOT_ENROLLED = 200;
const REAL = 8;
const SLOW = 600_000;

describe('1:N decisions at the FPIR-derived operating point (synthetic people)', () => {
  /** scores[probe][enrolled]; probes 0..199 are not enrolled, 200..207 are the real fingers' second impressions. */
  let scores: Float64Array[];

  beforeAll(() => {
    const fingers = (base: number, impressions: number[]) => Array.from({ length: REAL }, (_, i) => syntheticFinger(base + i, impressions));
    const galleryMaterial = fingers(91_000, [0]).map(([t]) => t);
    const probeMaterial = fingers(92_000, [0]).map(([t]) => t);
    const real = fingers(93_000, [0, 1]);
    // Enrolled: 992 chimeras, then the 8 generated fingers (the last ten-finger person holds them).
    const enrolled: FingerprintTemplate[] = [
      ...Array.from({ length: GALLERY - REAL }, (_, i) => chimera(galleryMaterial, i, 1)),
      ...real.map(([first]) => first),
    ];
    const searched: FingerprintTemplate[] = [...Array.from({ length: NOT_ENROLLED }, (_, i) => chimera(probeMaterial, i, 2)), ...real.map(([, second]) => second)];
    const prepared: PreparedTemplate[] = enrolled.map((t) => prepareTemplate(t));
    scores = searched.map((t) => {
      const probe = prepareProbe(prepareTemplate(t));
      return Float64Array.from(prepared, (c) => matchScore(probe, c));
    });
  }, SLOW);

  it('kiosk, one finger of known position: none of 200 people who are not enrolled is identified among 1,000', () => {
    const point = operatingPoint(IDENTIFICATION_FPIR, GALLERY);
    expect(point.threshold).toBeCloseTo(60, 1);
    const outcomes = scores.map((row) => {
      const candidates = Array.from(row, (s, e) => ({ subjectId: `person-${e}`, score: fuseCalibrated([s], [1]) }));
      candidates.sort((a, b) => b.score - a.score);
      return decideIdentification(candidates, point);
    });
    const strangers = outcomes.slice(0, NOT_ENROLLED);
    expect(strangers.filter((o) => o.decision !== 'not_identified')).toEqual([]);
    // Not vacuous: impostors do reach the 1:1 threshold against a gallery this size, which is why
    // a fixed threshold of 40 identified strangers.
    const bestImpostor = Math.max(...scores.slice(0, NOT_ENROLLED).map((row) => Math.max(...row)));
    expect(bestImpostor).toBeGreaterThan(20);
    // Enrolled people are found, and never as someone else.
    const enrolled = outcomes.slice(NOT_ENROLLED);
    enrolled.forEach((o, i) => {
      if (o.decision !== 'not_identified') expect(o).toEqual({ decision: 'identified', subjectId: `person-${GALLERY - REAL + i}`, score: expect.any(Number) });
    });
    expect(enrolled.filter((o) => o.decision === 'identified').length).toBeGreaterThanOrEqual(6);
  });

  it('deduplication, ten fingers: 20 newcomers are not duplicates of any of 100 people; a returning one is', () => {
    const people = GALLERY / 10;
    const point = operatingPoint(DEDUPLICATION_FPIR, people);
    /** Fused score of searched fingers `probes` against enrolled person p (fingers 10p..10p+9, positions unknown). */
    const fused = (probes: number[], p: number) => {
      const best = probes.map((q) => Math.max(...scores[q].subarray(10 * p, 10 * p + 10)));
      return fuseCalibrated(best, best.map(() => 10));
    };
    const flagged: Array<{ newcomer: number; person: number; score: number }> = [];
    for (let n = 0; n < NOT_ENROLLED / 10; n++) {
      const probes = Array.from({ length: 10 }, (_, f) => 10 * n + f);
      for (let p = 0; p < people; p++) {
        const score = fused(probes, p);
        if (score >= point.threshold) flagged.push({ newcomer: n, person: p, score });
      }
    }
    expect(flagged).toEqual([]);
    // The 8 generated fingers enrolled as the last person come back (second impressions).
    const returning = Array.from({ length: REAL }, (_, i) => NOT_ENROLLED + i);
    const ranked = Array.from({ length: people }, (_, p) => ({ subjectId: `person-${p}`, score: fused(returning, p) })).sort((a, b) => b.score - a.score);
    expect(decideIdentification(ranked, point)).toMatchObject({ decision: 'identified', subjectId: `person-${people - 1}` });
  });
});
