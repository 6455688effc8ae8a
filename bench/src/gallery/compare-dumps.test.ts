import { describe, expect, it } from 'vitest';
import { operatingPoint } from '@siap/biometrics/gallery';
import { compareDumps, type Dump } from './compare-dumps.ts';
import type { DumpedOutcome } from './run-searches.ts';

const outcome = (finger: string, mate: string | null, top: [string, number][]): DumpedOutcome => ({
  mate,
  source: 'fvc',
  finger,
  latencyMs: 1,
  compared: 300,
  stageMs: { index: 0, rerank: 0, match: 0 },
  bestSubject: top[0]?.[0] ?? null,
  bestScore: top[0]?.[1] ?? Number.NEGATIVE_INFINITY,
  mateCompared: mate ? top.some(([id]) => id === mate) : null,
  mateScore: mate ? (top.find(([id]) => id === mate)?.[1] ?? null) : null,
  top: top.map(([subjectId, score]) => ({ subjectId, score })),
});

const dump = (outcomes: DumpedOutcome[]): Dump => ({ entries: 1000, operating: operatingPoint(0.01, 1000), outcomes });

describe('compareDumps', () => {
  const a = dump([
    outcome('S/1_2', 'fvc:S/1', [['fvc:S/1', 120], ['x', 30]]),
    outcome('S/2_1', null, [['y', 25], ['z', 20]]),
    outcome('S/3_2', 'fvc:S/3', [['fvc:S/3', 90], ['w', 41]]),
  ]);

  it('counts every search identical when the files agree', () => {
    expect(compareDumps(a, structuredClone(a))).toEqual({ identical: 3, differing: 0, differences: [] });
  });

  it('names the fields of a search that differ', () => {
    const b = structuredClone(a);
    // Same ids, the second candidate's score changed: only the candidate list differs.
    b.outcomes[0].top[1].score = 31;
    // The mate's score lowered below the runner-up: list, best, mate score and decision differ.
    b.outcomes[2] = outcome('S/3_2', 'fvc:S/3', [['w', 41], ['fvc:S/3', 40]]);
    const c = compareDumps(a, b);
    expect(c.identical).toBe(1);
    expect(c.differing).toBe(2);
    expect(c.differences[0]).toEqual({ index: 0, finger: 'S/1_2', fields: ['top'] });
    expect(c.differences[1].fields).toEqual(['top', 'mateScore', 'best', 'decision']);
  });

  it('refuses files that do not hold the same searches', () => {
    const b = structuredClone(a);
    b.outcomes[1].finger = 'S/9_1';
    expect(() => compareDumps(a, b)).toThrow(/not the same search/);
    expect(() => compareDumps(a, dump(a.outcomes.slice(1)))).toThrow(/numbers of searches/);
  });
});
