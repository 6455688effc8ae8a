/**
 * The messages between the gallery and its shards. They are plain structured-clone data (strings,
 * numbers, Uint8Array) so a shard can equally live in a worker thread, a child process or another
 * machine: nothing here refers to a function, a class instance or shared memory.
 */
import type { FingerPosition } from '../fingerprint/types.ts';

/** One enrolled finger, as the database stores it: compact template codec bytes. */
export interface GalleryRecord {
  subjectId: string;
  finger: FingerPosition;
  template: Uint8Array;
}

/** One finger of a search. `finger` is 0 (or absent) when the position is unknown. */
export interface SearchProbe {
  finger?: FingerPosition;
  template: Uint8Array;
}

export interface SearchOptions {
  /** Longest candidate list returned. */
  maxCandidates: number;
  /** Candidates whose fused score is below this are dropped. */
  minScore?: number;
  /**
   * Compare a probe of known position only with enrolled fingers of the same position (or of
   * unknown position). Ten times cheaper for ten-finger deduplication, but a finger captured under
   * the wrong label is then missed, so the default is false.
   */
  fingerFilter?: boolean;
  /** Measure each stage's time into SearchStats (benchmarks); otherwise those stay 0, so stats are reproducible. */
  timeStages?: boolean;
}

/** Best score of a candidate for one probe finger, and which of its enrolled fingers gave it. */
export interface FingerScore {
  probeIndex: number;
  finger: FingerPosition;
  score: number;
}

export interface Candidate {
  subjectId: string;
  /**
   * Fused score on the matcher's calibrated scale, per subject: 10 × −log10 of the chance that an
   * impostor subject shows this much evidence over all the comparisons made (fusion.ts).
   */
  score: number;
  fingerScores: FingerScore[];
  /** Per probe finger, how many of the subject's enrolled fingers it was allowed to meet. */
  eligible: number[];
}

export interface SearchStats {
  /** Entries the pre-filter scored (summed over probe fingers and shards). */
  scanned: number;
  /** Entries that reached the full matcher. */
  compared: number;
  /**
   * Milliseconds each stage took, summed over probe fingers and shards (shards run in parallel,
   * so the sum can exceed the search's wall time): the index walk, the MCC re-rank, and the full
   * matches (decode + prepare + score of every survivor). Measured only when the search asked
   * (SearchOptions.timeStages), else 0.
   */
  indexMs: number;
  rerankMs: number;
  matchMs: number;
}

/** Stats of no search yet: what sums of several shards' SearchStats start from. */
export function emptySearchStats(): SearchStats {
  return { scanned: 0, compared: 0, indexMs: 0, rerankMs: 0, matchMs: 0 };
}

/** Adds one shard's stats into `sum` (every field is a count or a time summed over shards). */
export function addSearchStats(sum: SearchStats, add: SearchStats): SearchStats {
  sum.scanned += add.scanned;
  sum.compared += add.compared;
  sum.indexMs += add.indexMs;
  sum.rerankMs += add.rerankMs;
  sum.matchMs += add.matchMs;
  return sum;
}

/** Everything a shard needs to start, sent once as worker data. */
export interface ShardConfig {
  shardIndex: number;
  /** URL of the module exporting `galleryEngine` (see engine.ts). */
  engineUrl: string;
  prefilter: PrefilterOptions;
}

export interface PrefilterOptions {
  /** Survivors per probe finger: max(minCandidates, ceil(penetration × shard size)). */
  minCandidates: number;
  penetration: number;
  /**
   * Most cylinders an enrolled finger keeps for the pre-filter (index codes and MCC re-rank), those
   * nearest its centroid; unset: all. Memory for accuracy: at a million fingers 36 takes the shard
   * arrays from ≈ 4.2 to ≈ 3.5 kB per finger and lost 1 of 440 mates at 100 k (parameters.ts
   * ENROLLED_CYLINDERS_MEASURED). The full match always sees every minutia. Part of the index
   * scheme: a pack written under another value is stale.
   */
  enrolledCylinders?: number;
}

export type ShardRequest =
  | { kind: 'add'; requestId: number; records: GalleryRecord[] }
  | { kind: 'removeSubject'; requestId: number; subjectId: string }
  | { kind: 'search'; requestId: number; probes: SearchProbe[]; options: SearchOptions }
  | { kind: 'stats'; requestId: number }
  /** End of a bulk load: trim the arrays and build the inverted index (answered with stats). */
  | { kind: 'seal'; requestId: number }
  /** Write the shard's pack to `path` (pack-file.ts). */
  | { kind: 'savePack'; requestId: number; path: string; key?: Uint8Array }
  /** Replace the shard by the pack at `path`, checked against its header's size and SHA-256; path null: empty the shard. */
  | { kind: 'loadPack'; requestId: number; path: string | null; bytes: number; sha256: string; scheme?: string; key?: Uint8Array }
  | { kind: 'close' };

export interface ShardStats {
  entries: number;
  subjects: number;
  /** Bytes held in the shard's typed arrays (templates, descriptors, bookkeeping). */
  bytes: number;
  /** The same bytes per array or group of arrays (codes, postings, cylinder bits, …). */
  columns?: Record<string, number>;
  /** V8 heap in use by the shard's thread (JS objects, not the arrays above), when it runs in one. */
  heapBytes?: number;
}

export type ShardResponse =
  | { kind: 'ready' }
  | { kind: 'added'; requestId: number; added: number; replaced: number }
  | { kind: 'removed'; requestId: number; removed: number }
  | { kind: 'candidates'; requestId: number; candidates: Candidate[]; stats: SearchStats }
  | { kind: 'stats'; requestId: number; stats: ShardStats }
  | { kind: 'packSaved'; requestId: number; bytes: number; sha256: string; digest: string }
  | { kind: 'packLoaded'; requestId: number; entries: number }
  | { kind: 'error'; requestId: number; code: string; message: string; details?: Record<string, unknown> };
