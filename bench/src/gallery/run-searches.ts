/**
 * Runs the searches one after another against a loaded gallery (latency is per search, as a
 * caller waiting for a deduplication answer sees it) and scores the answers as an identification
 * system: rank-1 identification rate over mated searches, and FPIR — the fraction of non-mated
 * searches whose best candidate reaches the threshold.
 */
import { encodeTemplate } from '@siap/biometrics/formats';
import type { FingerprintGallery } from '@siap/biometrics/gallery';
import { percentile, startProgress } from '../lib/index.ts';
import type { Search } from './population.ts';

export interface Outcome {
  search: Search;
  latencyMs: number;
  compared: number;
  /** Time in each stage, summed over shards (SearchStats): where the search's work went. */
  stageMs: { index: number; rerank: number; match: number };
  bestSubject: string | null;
  bestScore: number;
  /** Mated searches: whether the pre-filter handed the mate to the full matcher (null when non-mated). */
  mateCompared: boolean | null;
  /** Mated searches: the mate's score when the matcher scored it (null otherwise). */
  mateScore: number | null;
  /** The best candidates the matcher scored (at most TOP_KEPT, best first): what a decision rule sees. */
  top: { subjectId: string; score: number }[];
}

/** An outcome as `bench:gallery --dump` writes it: the search's identity in place of its template. */
export type DumpedOutcome = Omit<Outcome, 'search'> & Pick<Search, 'mate' | 'source' | 'finger'>;

/** Candidates kept per outcome for decision studies (bench --dump). */
export const TOP_KEPT = 20;

/**
 * Candidates asked for: every subject the full matcher scored comes back (at most K per shard), so
 * whether the mate passed the pre-filter can be read from the answer.
 */
const ALL_COMPARED = 1_000_000;

export interface SearchFigures {
  searches: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  meanCompared: number;
  /** Mean milliseconds per search in each stage, summed over shards. */
  meanStageMs: { index: number; rerank: number; match: number };
  mated: number;
  rank1: number;
  /** Rank 1 and score ≥ threshold: found and accepted. */
  rank1AtThreshold: number;
  nonMated: number;
  falsePositives: number;
}

export async function runSearches(gallery: Pick<FingerprintGallery, 'searchDetailed'>, searches: Search[]): Promise<{ outcomes: Outcome[]; wallSeconds: number }> {
  const outcomes: Outcome[] = [];
  const progress = startProgress('searches', searches.length);
  const wallStart = performance.now();
  for (const search of searches) {
    const probe = [{ template: encodeTemplate(search.template) }];
    const start = performance.now();
    const { candidates, stats } = await gallery.searchDetailed(probe, { maxCandidates: ALL_COMPARED, timeStages: true });
    const latencyMs = performance.now() - start;
    const best = candidates[0];
    outcomes.push({
      search,
      latencyMs,
      compared: stats.compared,
      stageMs: { index: stats.indexMs, rerank: stats.rerankMs, match: stats.matchMs },
      bestSubject: best?.subjectId ?? null,
      bestScore: best?.score ?? -Infinity,
      mateCompared: search.mate ? candidates.some((c) => c.subjectId === search.mate) : null,
      mateScore: candidates.find((c) => c.subjectId === search.mate)?.score ?? null,
      top: candidates.slice(0, TOP_KEPT).map((c) => ({ subjectId: c.subjectId, score: c.score })),
    });
    progress.tick();
  }
  progress.stop();
  return { outcomes, wallSeconds: (performance.now() - wallStart) / 1000 };
}

export function summarise(outcomes: Outcome[], threshold: number): SearchFigures {
  const f: SearchFigures = {
    searches: outcomes.length,
    latencyP50Ms: percentile(outcomes.map((o) => o.latencyMs), 50),
    latencyP99Ms: percentile(outcomes.map((o) => o.latencyMs), 99),
    meanCompared: outcomes.reduce((n, o) => n + o.compared, 0) / Math.max(1, outcomes.length),
    meanStageMs: {
      index: outcomes.reduce((n, o) => n + o.stageMs.index, 0) / Math.max(1, outcomes.length),
      rerank: outcomes.reduce((n, o) => n + o.stageMs.rerank, 0) / Math.max(1, outcomes.length),
      match: outcomes.reduce((n, o) => n + o.stageMs.match, 0) / Math.max(1, outcomes.length),
    },
    mated: 0,
    rank1: 0,
    rank1AtThreshold: 0,
    nonMated: 0,
    falsePositives: 0,
  };
  for (const o of outcomes) {
    if (o.search.mate) {
      f.mated++;
      if (o.bestSubject === o.search.mate) {
        f.rank1++;
        if (o.bestScore >= threshold) f.rank1AtThreshold++;
      }
    } else {
      f.nonMated++;
      if (o.bestScore >= threshold) f.falsePositives++;
    }
  }
  return f;
}

/**
 * Aggregate throughput: the same searches with `concurrency` in flight at once, as several
 * kiosks and enrolment stations would load the gallery. Returns searches per second.
 */
export async function searchThroughput(gallery: Pick<FingerprintGallery, 'searchDetailed'>, searches: Search[], concurrency: number): Promise<number> {
  const probes = searches.map((s) => [{ template: encodeTemplate(s.template) }]);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < probes.length) await gallery.searchDetailed(probes[next++], { maxCandidates: 10 });
    }),
  );
  return probes.length / ((performance.now() - start) / 1000);
}
