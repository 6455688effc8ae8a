/**
 * One shard of the gallery: the enrolled fingers of the subjects hashed to it, stored column-wise
 * in typed arrays (compact template bytes in one arena, every finger's pre-filter index codes in
 * another), and the 1:N search over them. Pure and synchronous: the worker around it
 * (shard-worker.ts) only moves messages, so this class is tested directly as well.
 *
 * Memory per enrolled finger is its codec bytes (16 + 8 per minutia) + 3 per index code in the
 * postings (rotation-postings.ts; the code column holds only entries added since they were built)
 * + 49 per packed cylinder of the second stage (mcc-similarity.ts: 48 of bits and valid cells
 * stored tight, 1 of direction; ≈ 41 per FVC finger) + 27 bytes of columns, every array cut to
 * size by seal() after a load (README: Memory and warm start). The
 * matcher-prepared templates (edge tables, tens of kilobytes each) are rebuilt for the few
 * pre-filter survivors of each search instead of being held for every finger.
 */
import { BiometricError } from '../errors.ts';
import type { FingerPosition, FingerprintTemplate } from '../fingerprint/types.ts';
import { PROBE_MASK_SIZE, bestRotationVotes, centralCylinders, indexScheme, cylinderCells, fillProbeMask, indexCodes, indexProbeCylinders, orientedCylinders } from './cylinder-codes.ts';
import { MccKernel } from './mcc-kernel.ts';
import { mccLayout, packCylinders, storeCylinders, storedCylinderWords, type PackedCylinders } from './mcc-similarity.ts';
import { CYLINDER_INDEX, DIRECTION_BINS, DIRECTION_SHIFT, INDEX_KEPT_SHARE, POSTINGS_REBUILD_FRACTION, POSTINGS_REBUILD_MIN, RERANK_RATIO } from './parameters.ts';
import { RotationPostings, TopK } from './rotation-postings.ts';
import { prefilterScore } from './descriptor.ts';
import type { GalleryEngine } from './engine.ts';
import { fuseFingerScores } from './fusion.ts';
import type {
  Candidate,
  FingerScore,
  GalleryRecord,
  PrefilterOptions,
  SearchOptions,
  SearchProbe,
  SearchStats,
  ShardStats,
} from './protocol.ts';
import { emptySearchStats } from './protocol.ts';
import { validateRecord, validateSearch } from './validation.ts';
import { ContentDigest } from './content-digest.ts';

const REMOVED = -1;
/** End of a subject's list of entries (firstEntryOf / nextEntry). */
const NONE = -1;

/** A shard's columns as pack() returns them (structured-clone and file friendly). */
export interface PackedShard {
  /** indexScheme() of the codes. */
  scheme: string;
  used: number;
  /**
   * Entries [0, postingsUsed) have their codes in the postings (rotation-postings.ts), persisted
   * so a warm start does not rebuild them; `codes` and `codeOffset` then serve only the later
   * entries (the delta). With no postings (postingStart empty) `codes` holds every entry's.
   */
  postingsUsed: number;
  postingStart: Uint32Array;
  postingBytes: Uint8Array;
  codeOffset: Uint32Array;
  codeCount: Uint32Array;
  codes: Uint32Array;
  fingers: Uint8Array;
  subjectOf: Int32Array;
  templateOffset: Uint32Array;
  templateLength: Uint32Array;
  arena: Uint8Array;
  /** Packed cylinders of the second stage (mcc-similarity.ts): per entry, its first cylinder and count. */
  cylinderOffset: Uint32Array;
  cylinderCount: Uint16Array;
  /** Bits and valid cells of each cylinder, stored tight (storeCylinders: STORED_WORDS each). */
  cylinderBits: Uint32Array;
  cylinderDirections: Uint8Array;
  /** Subject id of each slot; null for a free slot. */
  subjectIds: (string | null)[];
}
/** Dead slots are reclaimed once they outnumber the live ones (and are worth the copy). */
const COMPACT_MIN_DEAD = 1024;

const MCC = mccLayout(cylinderCells(CYLINDER_INDEX), CYLINDER_INDEX.sections);
/**
 * Words per stored cylinder: 12 for 52 cells × (6 sections + valid), where the scoring layout takes
 * 14. The MCC kernel reads them tight as they are. The shard keeps no minutia positions: only
 * LSS-R (mccScoreRelaxed, measured but not wired) reads them, at 4 bytes per cylinder.
 */
const STORED_WORDS = storedCylinderWords(MCC);

/** What add() computes for one template: its index codes and its packed cylinders. */
interface EntryIndex {
  codes: Uint32Array;
  cylinders: PackedCylinders;
}

/** Index codes and packed cylinders from one computation of the template's cylinders (at most `cap` of them). */
function entryIndex(template: FingerprintTemplate, cap: number): EntryIndex {
  const oriented = centralCylinders(orientedCylinders(template, CYLINDER_INDEX), cap);
  return { codes: indexCodes(template, oriented), cylinders: packCylinders(oriented, MCC) };
}

export class ShardIndex {
  private capacity = 0;
  /** Slots in use, live or removed. */
  private used = 0;
  private live = 0;
  private codeOffset: Uint32Array = new Uint32Array(0);
  private codeCount: Uint32Array = new Uint32Array(0);
  private codes: Uint32Array = new Uint32Array(0);
  private codesUsed = 0;
  private fingers: Uint8Array = new Uint8Array(0);
  private subjectOf: Int32Array = new Int32Array(0);
  private templateOffset: Uint32Array = new Uint32Array(0);
  private templateLength: Uint32Array = new Uint32Array(0);
  private arena: Uint8Array = new Uint8Array(0);
  private arenaUsed = 0;
  /** Second-stage cylinders, in cylinder units (STORED_WORDS words of bits and valid cells each). */
  private cylinderOffset: Uint32Array = new Uint32Array(0);
  private cylinderCount: Uint16Array = new Uint16Array(0);
  private cylinderBits: Uint32Array = new Uint32Array(0);
  private cylinderDirections: Uint8Array = new Uint8Array(0);
  private cylindersUsed = 0;
  /** The MCC kernel (its own WebAssembly instance), made at the first re-rank. */
  private mcc: MccKernel | undefined;

  private readonly subjectSlotById = new Map<string, number>();
  private subjectIds: (string | undefined)[] = [];
  /**
   * A subject's live entries as a list threaded through two typed arrays: its latest entry per
   * slot, and per entry the next of the same subject. A JS array per subject would cost ≈ 190 B
   * of heap each (measured: a one-element array grows its store to 17 slots), 8 B here.
   */
  private firstEntryOf: Int32Array = new Int32Array(0);
  private nextEntry: Int32Array = new Int32Array(0);
  private readonly freeSubjectSlots: number[] = [];
  private probeMask: Uint32Array | undefined;
  /** The inverted index (rotation-postings.ts), built on the first filtered search; dropped when entries move. */
  private postings: RotationPostings | undefined;

  constructor(
    private readonly engine: GalleryEngine,
    private readonly prefilter: PrefilterOptions,
  ) {}

  /**
   * Enrols a batch. Every record is decoded before any is stored, so a bad one rejects the whole
   * batch and leaves the shard as it was. A (subject, finger) already enrolled is replaced (a
   * re-enrolment); fingers of unknown position (0) are always added.
   */
  add(records: readonly GalleryRecord[]): { added: number; replaced: number } {
    const descriptors = records.map((r, i) => {
      validateRecord(r, i);
      return entryIndex(this.decode(r.template, i), this.prefilter.enrolledCylinders ?? Number.POSITIVE_INFINITY);
    });
    let replaced = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const slot = this.subjectSlot(r.subjectId);
      if (r.finger !== 0) {
        for (let e = this.firstEntryOf[slot]; e !== NONE; e = this.nextEntry[e]) {
          if (this.fingers[e] !== r.finger) continue;
          this.kill(e);
          this.unlinkEntry(slot, e);
          replaced++;
          break;
        }
      }
      this.linkEntry(slot, this.append(slot, r.finger, r.template, descriptors[i]));
    }
    return { added: records.length - replaced, replaced };
  }

  /** Removes every finger of a subject; returns how many were removed (0 if unknown). */
  removeSubject(subjectId: string): number {
    const slot = this.subjectSlotById.get(subjectId);
    if (slot === undefined) return 0;
    let removed = 0;
    for (let e = this.firstEntryOf[slot]; e !== NONE; e = this.nextEntry[e]) {
      this.kill(e);
      removed++;
    }
    this.subjectSlotById.delete(subjectId);
    this.subjectIds[slot] = undefined;
    this.firstEntryOf[slot] = NONE;
    this.freeSubjectSlots.push(slot);
    this.maybeCompact();
    return removed;
  }

  get size(): number {
    return this.live;
  }

  stats(): ShardStats {
    const columns = this.columnBytes();
    const bytes = Object.values(columns).reduce((sum, n) => sum + n, 0);
    return { entries: this.live, subjects: this.subjectSlotById.size, bytes, columns };
  }

  /** Bytes allocated per typed array (growth slack included): where a shard's memory goes. */
  private columnBytes(): Record<string, number> {
    return {
      codes: this.codes.byteLength,
      postings: this.postings?.bytes ?? 0,
      cylinderBits: this.cylinderBits.byteLength,
      cylinderDirections: this.cylinderDirections.byteLength,
      arena: this.arena.byteLength,
      subjectLists: this.firstEntryOf.byteLength + this.nextEntry.byteLength,
      entryColumns:
        this.codeOffset.byteLength +
        this.codeCount.byteLength +
        this.fingers.byteLength +
        this.subjectOf.byteLength +
        this.templateOffset.byteLength +
        this.templateLength.byteLength +
        this.cylinderOffset.byteLength +
        this.cylinderCount.byteLength,
    };
  }

  /**
   * Called once a bulk load is over: every array cut to its used length (growth by doubling
   * leaves up to half of each unused) and the inverted index built, so the first search does not
   * pay for it and the memory reported is what the shard keeps. Later additions grow them again.
   */
  seal(): void {
    const n = this.used;
    this.codeOffset = exact(this.codeOffset, n);
    this.codeCount = exact(this.codeCount, n);
    this.fingers = exact(this.fingers, n);
    this.subjectOf = exact(this.subjectOf, n);
    this.templateOffset = exact(this.templateOffset, n);
    this.templateLength = exact(this.templateLength, n);
    this.cylinderOffset = exact(this.cylinderOffset, n);
    this.cylinderCount = exact(this.cylinderCount, n);
    this.nextEntry = exact(this.nextEntry, n);
    this.firstEntryOf = exact(this.firstEntryOf, this.subjectIds.length);
    this.capacity = n;
    this.codes = exact(this.codes, this.codesUsed);
    this.arena = exact(this.arena, this.arenaUsed);
    this.cylinderBits = exact(this.cylinderBits, this.cylindersUsed * STORED_WORDS);
    this.cylinderDirections = exact(this.cylinderDirections, this.cylindersUsed);
    if (this.live > 0 && this.postingsStale()) this.buildPostings();
  }

  /**
   * The postings are (re)built when missing or when the entries added since their build exceed
   * the rebuild bound (parameters.ts): a shard read from a pack keeps the postings it carried.
   */
  private postingsStale(): boolean {
    if (!this.postings) return true;
    const built = this.postings.builtUsed;
    return this.used - built > Math.max(POSTINGS_REBUILD_MIN, POSTINGS_REBUILD_FRACTION * built);
  }

  /**
   * The shard as plain typed arrays (views of the used part, valid until the shard next changes:
   * copy or write them at once) and its subject ids: what a warm start persists (pack-file.ts) so
   * a restart skips decoding every template and computing its cylinders and codes, the expensive
   * part of a load. Removed slots travel as removed.
   */
  pack(): PackedShard {
    const n = this.used;
    const postings = this.postings?.pack();
    // With postings, the column holds only the delta's codes (indexed entries' offsets are not read).
    const { codes, codeOffset } = postings
      ? { codes: this.codes.subarray(0, this.codesUsed), codeOffset: this.codeOffset.subarray(0, n) }
      : this.fullCodes();
    return {
      scheme: indexScheme(this.prefilter.enrolledCylinders),
      used: n,
      postingsUsed: postings?.builtUsed ?? 0,
      postingStart: postings?.start ?? new Uint32Array(0),
      postingBytes: postings?.bytes ?? new Uint8Array(0),
      codeOffset,
      codeCount: this.codeCount.subarray(0, n),
      codes,
      fingers: this.fingers.subarray(0, n),
      subjectOf: this.subjectOf.subarray(0, n),
      templateOffset: this.templateOffset.subarray(0, n),
      templateLength: this.templateLength.subarray(0, n),
      arena: this.arena.subarray(0, this.arenaUsed),
      cylinderOffset: this.cylinderOffset.subarray(0, n),
      cylinderCount: this.cylinderCount.subarray(0, n),
      cylinderBits: this.cylinderBits.subarray(0, this.cylindersUsed * STORED_WORDS),
      cylinderDirections: this.cylinderDirections.subarray(0, this.cylindersUsed),
      subjectIds: this.subjectIds.map((id) => id ?? null),
    };
  }

  /**
   * Content digest of the live entries (contentDigest in pack-file.ts: order-independent), the
   * same figure a loader computes over the records it would enrol, so a pack is known to be fresh.
   */
  digest(): ContentDigest {
    const digest = new ContentDigest();
    for (let e = 0; e < this.used; e++) {
      const slot = this.subjectOf[e];
      if (slot === REMOVED) continue;
      const offset = this.templateOffset[e];
      digest.add(this.subjectIds[slot]!, this.fingers[e], this.arena.subarray(offset, offset + this.templateLength[e]));
    }
    return digest;
  }

  /**
   * A shard from pack()'s output, adopting its arrays (no copy: a packed shard is handed over, as
   * after a transfer or a file read). Refuses arrays packed under another index scheme (their
   * codes would silently mean nothing) or whose columns disagree in length or point out of range.
   */
  static fromPacked(engine: GalleryEngine, prefilter: PrefilterOptions, packed: PackedShard): ShardIndex {
    if (packed.scheme !== indexScheme(prefilter.enrolledCylinders)) {
      throw new BiometricError('GALLERY_PACK_STALE', 'El índice guardado se creó con otros parámetros; hay que reconstruirlo desde las plantillas.');
    }
    const invalid = () => new BiometricError('GALLERY_PACK_INVALID', 'El índice guardado está dañado.');
    const n = packed.used;
    const typed: Array<[unknown, new (...args: never[]) => unknown]> = [
      [packed.postingStart, Uint32Array],
      [packed.postingBytes, Uint8Array],
      [packed.codeOffset, Uint32Array],
      [packed.codeCount, Uint32Array],
      [packed.codes, Uint32Array],
      [packed.fingers, Uint8Array],
      [packed.subjectOf, Int32Array],
      [packed.templateOffset, Uint32Array],
      [packed.templateLength, Uint32Array],
      [packed.arena, Uint8Array],
      [packed.cylinderOffset, Uint32Array],
      [packed.cylinderCount, Uint16Array],
      [packed.cylinderBits, Uint32Array],
      [packed.cylinderDirections, Uint8Array],
    ];
    if (typed.some(([column, type]) => !(column instanceof type)) || !Array.isArray(packed.subjectIds)) throw invalid();
    const perEntry = [packed.codeOffset, packed.codeCount, packed.fingers, packed.subjectOf, packed.templateOffset, packed.templateLength, packed.cylinderOffset, packed.cylinderCount];
    const cylinders = packed.cylinderDirections.length;
    if (
      !Number.isInteger(n) ||
      n < 0 ||
      perEntry.some((c) => c.length !== n) ||
      packed.cylinderBits.length !== cylinders * STORED_WORDS
    ) {
      throw invalid();
    }
    const hasPostings = packed.postingStart.length > 0;
    const indexed = hasPostings ? packed.postingsUsed : 0;
    let postings: RotationPostings | undefined;
    if (hasPostings) {
      if (!Number.isInteger(indexed) || indexed < 0 || indexed > n) throw invalid();
      postings = RotationPostings.fromPacked({ builtUsed: indexed, start: packed.postingStart, bytes: packed.postingBytes }) ?? undefined;
      if (!postings) throw invalid();
    } else if (packed.postingBytes.length > 0) {
      throw invalid();
    }
    const shard = new ShardIndex(engine, prefilter);
    shard.codeOffset = packed.codeOffset;
    shard.codeCount = packed.codeCount;
    shard.fingers = packed.fingers;
    shard.subjectOf = packed.subjectOf;
    shard.templateOffset = packed.templateOffset;
    shard.templateLength = packed.templateLength;
    shard.cylinderOffset = packed.cylinderOffset;
    shard.cylinderCount = packed.cylinderCount;
    shard.capacity = n;
    shard.codes = packed.codes;
    shard.codesUsed = packed.codes.length;
    shard.arena = packed.arena;
    shard.arenaUsed = packed.arena.length;
    shard.cylinderBits = packed.cylinderBits;
    shard.cylinderDirections = packed.cylinderDirections;
    shard.cylindersUsed = cylinders;
    shard.used = n;
    shard.postings = postings;
    shard.subjectIds = packed.subjectIds.map((id) => id ?? undefined);
    shard.firstEntryOf = new Int32Array(shard.subjectIds.length).fill(NONE);
    shard.nextEntry = new Int32Array(n);
    shard.subjectIds.forEach((id, slot) => {
      if (id === undefined) shard.freeSubjectSlots.push(slot);
      else shard.subjectSlotById.set(id, slot);
    });
    for (let e = 0; e < n; e++) {
      const slot = shard.subjectOf[e];
      if (slot === REMOVED) continue;
      const end = packed.codeOffset[e] + packed.codeCount[e];
      const tend = packed.templateOffset[e] + packed.templateLength[e];
      const cend = packed.cylinderOffset[e] + packed.cylinderCount[e];
      // An indexed entry's codes are in the postings; only the delta's point into the column.
      if (!(slot >= 0 && slot < shard.subjectIds.length) || (e >= indexed && end > packed.codes.length) || tend > packed.arena.length || cend > cylinders) throw invalid();
      shard.linkEntry(slot, e);
      shard.live++;
    }
    return shard;
  }

  /**
   * 1:N search. For each probe finger: the pre-filter keeps the best-scoring descriptors, the full
   * matcher scores those, and each subject keeps its best score per probe finger; the fused score
   * (fusion.ts: calibrated per subject, counting every finger each probe finger could have met)
   * ranks the subjects. Ties are broken by subject id so results are reproducible.
   */
  search(probes: readonly SearchProbe[], options: SearchOptions): { candidates: Candidate[]; stats: SearchStats } {
    validateSearch(probes, options);
    const stats = emptySearchStats();
    const clock = options.timeStages ? () => performance.now() : () => 0;
    const perSubject = new Map<number, (FingerScore | undefined)[]>();
    for (let p = 0; p < probes.length; p++) {
      const template = this.decode(probes[p].template, p);
      const prepared = this.engine.prepare(template);
      const finger = options.fingerFilter ? (probes[p].finger ?? 0) : 0;
      const survivors = this.selectSurvivors(template, finger, stats, clock);
      const matchStart = clock();
      for (let s = 0; s < survivors.length; s++) {
        const e = survivors[s];
        const offset = this.templateOffset[e];
        const candidate = this.engine.prepare(
          this.engine.decode(this.arena.subarray(offset, offset + this.templateLength[e])),
        );
        const score = this.engine.score(prepared, candidate);
        stats.compared++;
        const slot = this.subjectOf[e];
        let scores = perSubject.get(slot);
        if (!scores) perSubject.set(slot, (scores = new Array<FingerScore | undefined>(probes.length)));
        const best = scores[p];
        if (!best || score > best.score) {
          scores[p] = { probeIndex: p, finger: this.fingers[e] as FingerPosition, score };
        }
      }
      stats.matchMs += clock() - matchStart;
    }
    const minScore = options.minScore ?? Number.NEGATIVE_INFINITY;
    const candidates: Candidate[] = [];
    for (const [slot, scores] of perSubject) {
      const fingerScores = scores.filter((s): s is FingerScore => s !== undefined);
      const eligible = probes.map((probe) => this.eligibleFingers(slot, options.fingerFilter ? (probe.finger ?? 0) : 0));
      const score = fuseFingerScores(fingerScores, eligible);
      if (score >= minScore) candidates.push({ subjectId: this.subjectIds[slot]!, score, fingerScores, eligible });
    }
    candidates.sort(compareCandidates);
    return { candidates: candidates.slice(0, options.maxCandidates), stats };
  }

  /**
   * Entries that reach the full matcher for one probe finger: all live ones (of the filtered
   * position) when the shard is small enough, else the top K, K = max(minCandidates, penetration ×
   * live), in two stages: the index (rotation voting over LSH codes) keeps the best RERANK_RATIO × K,
   * its first INDEX_KEPT_SHARE × K go through, and MCC Local Similarity Sort over the stored
   * cylinders of the others (mcc-similarity.ts) picks the rest of the K. Penetration — the share
   * handed to the full matcher — is unchanged.
   */
  private selectSurvivors(template: FingerprintTemplate, finger: number, stats: SearchStats, clock: () => number): Int32Array {
    const k = Math.max(this.prefilter.minCandidates, Math.ceil(this.prefilter.penetration * this.live));
    if (k >= this.live) return this.allOfFinger(finger);
    stats.scanned += this.live;
    const indexStart = clock();
    const oriented = orientedCylinders(template, CYLINDER_INDEX);
    const first = Math.min(this.live, k * RERANK_RATIO);
    const shortlist = first >= this.live ? this.allOfFinger(finger) : this.indexTopK(template, oriented, finger, first).entries;
    const rerankStart = clock();
    stats.indexMs += rerankStart - indexStart;
    if (shortlist.length <= k) return shortlist;
    // The index's best few go through whatever MCC says; MCC picks the rest among the others.
    const kept = first >= this.live ? 0 : Math.min(k, Math.round(k * INDEX_KEPT_SHARE));
    const picked = this.rerank(packCylinders(oriented, MCC), shortlist.subarray(kept), k - kept);
    stats.rerankMs += clock() - rerankStart;
    const survivors = new Int32Array(kept + picked.length);
    survivors.set(shortlist.subarray(0, kept));
    survivors.set(picked, kept);
    return survivors;
  }

  /**
   * The pre-filter's two stages laid open, for studies of K and RERANK_RATIO (bench/src/gallery-k-study.ts):
   * the index's best `depth` entries for one probe finger, best first, with their index score and
   * their MCC score. Survivors at K are the first INDEX_KEPT_SHARE × K of this list and the best
   * of the rest by `mcc` among its first RERANK_RATIO × K (ties at the cuts aside). The search
   * never calls this.
   */
  prefilterTrace(probe: Uint8Array, finger: number, depth: number): { subjects: string[]; index: Float64Array; mcc: Float64Array } {
    const template = this.decode(probe, 0);
    const oriented = orientedCylinders(template, CYLINDER_INDEX);
    const ranked = this.indexTopK(template, oriented, finger, Math.max(1, Math.min(depth, this.live)));
    const kernel = this.mccKernel(packCylinders(oriented, MCC));
    const mcc = Float64Array.from(ranked.entries, (e) => this.entryMcc(kernel, e));
    return { subjects: Array.from(ranked.entries, (e) => this.subjectIds[this.subjectOf[e]]!), index: ranked.scores, mcc };
  }

  /** Every live entry of the wanted finger position (0: any), in entry order. */
  private allOfFinger(finger: number): Int32Array {
    const all: number[] = [];
    for (let e = 0; e < this.used; e++) {
      if (this.subjectOf[e] !== REMOVED && matchesFinger(this.fingers[e], finger)) all.push(e);
    }
    return Int32Array.from(all);
  }

  /** The first stage: the K best entries by rotation-voted shared codes (postings, then the delta). */
  private indexTopK(template: FingerprintTemplate, oriented: ReturnType<typeof orientedCylinders>, finger: number, k: number): { entries: Int32Array; scores: Float64Array } {
    // The probe mask spans the code space: allocated once per shard, cleared code by code after use.
    this.probeMask ??= new Uint32Array(PROBE_MASK_SIZE);
    const mask = this.probeMask;
    const written = fillProbeMask(template, mask, indexProbeCylinders(oriented));
    try {
      // Postings for the bulk, a scan for what was added since they were built.
      if (this.postingsStale()) this.buildPostings();
      const postings = this.postings!;
      const top = new TopK(k);
      const offered = postings.collect(mask, written, top, this.codeCount, this.subjectOf, this.fingers, finger);
      scanRotation(mask, postings.builtUsed, this.used, this.codes, this.codeOffset, this.codeCount, this.subjectOf, this.fingers, finger, top);
      if (!top.full && offered < postings.builtUsed) {
        // Fewer entries share a code with the probe than K: the rest tie at 0, as in a full scan.
        const chosen = new Set(top.result());
        for (let e = 0; e < postings.builtUsed && !top.full; e++) {
          if (this.subjectOf[e] !== REMOVED && matchesFinger(this.fingers[e], finger) && !chosen.has(e)) top.offer(0, e);
        }
      }
      // Best first: the first INDEX_KEPT_SHARE × K go through without the MCC stage (selectSurvivors).
      return top.ranked();
    } finally {
      for (const code of written) mask[code] = 0;
    }
  }

  /**
   * (Re)builds the inverted index over every entry and then keeps, in the code column, only the
   * codes of entries added afterwards: the postings hold the same codes grouped by code, so keeping
   * both (as before) cost 4 bytes per code twice. The column is rebuilt from the postings whenever
   * the codes of every entry are needed again (fullCodes()).
   */
  private buildPostings(): void {
    const { codes, codeOffset } = this.fullCodes();
    // The old postings go before the new ones are built: two copies of a shard's largest array must not coexist.
    this.postings = undefined;
    this.postings = RotationPostings.build(this.used, codes, codeOffset, this.codeCount, this.subjectOf);
    this.codes = new Uint32Array(0);
    this.codesUsed = 0;
  }

  /**
   * Every entry's codes as one column, sorted within each entry as indexCodes gives them: the
   * column itself while there are no postings, else the indexed entries' codes read back from the
   * postings and the later entries' from the column. Entries removed before the postings were
   * built have no codes left (zeros; nothing reads a removed entry's codes).
   */
  fullCodes(): { codes: Uint32Array; codeOffset: Uint32Array } {
    const n = this.used;
    if (!this.postings) return { codes: this.codes.subarray(0, this.codesUsed), codeOffset: this.codeOffset.subarray(0, n) };
    const codeOffset = new Uint32Array(n);
    let total = 0;
    for (let e = 0; e < n; e++) {
      codeOffset[e] = total;
      total += this.codeCount[e];
    }
    const codes = new Uint32Array(total);
    this.postings.writeCodes(codes, codeOffset.slice());
    for (let e = this.postings.builtUsed; e < n; e++) {
      const from = this.codeOffset[e];
      codes.set(this.codes.subarray(from, from + this.codeCount[e]), codeOffset[e]);
    }
    return { codes, codeOffset };
  }

  /** The second stage: the K of `shortlist` with the best MCC score against the probe's cylinders. */
  private rerank(probe: PackedCylinders, shortlist: Int32Array, k: number): Int32Array {
    const kernel = this.mccKernel(probe);
    const top = new TopK(k);
    for (let i = 0; i < shortlist.length; i++) {
      const e = shortlist[i];
      top.offer(this.entryMcc(kernel, e), e);
    }
    return top.result();
  }

  /** The shard's MCC kernel with `probe` set. */
  private mccKernel(probe: PackedCylinders): MccKernel {
    this.mcc ??= new MccKernel(MCC);
    this.mcc.setProbe(probe);
    return this.mcc;
  }

  /** mccScore of the kernel's probe against entry e, read from the tight storage as it is. */
  private entryMcc(kernel: MccKernel, e: number): number {
    return kernel.scoreStored(this.cylinderBits, this.cylinderDirections, this.cylinderOffset[e], this.cylinderCount[e]);
  }

  /** The subject's live fingers a probe finger of position `finger` (0: any) may be compared with. */
  private eligibleFingers(slot: number, finger: number): number {
    let n = 0;
    for (let e = this.firstEntryOf[slot]; e !== NONE; e = this.nextEntry[e]) if (matchesFinger(this.fingers[e], finger)) n++;
    return n;
  }

  private decode(bytes: Uint8Array, index: number) {
    try {
      return this.engine.decode(bytes);
    } catch (error) {
      // `index` says which record or probe finger was bad; the gallery maps it back to the caller's.
      if (error instanceof BiometricError) throw new BiometricError(error.code, error.message, { ...error.details, index });
      throw new BiometricError('GALLERY_TEMPLATE_INVALID', 'Una plantilla no es válida.', { index });
    }
  }

  private subjectSlot(subjectId: string): number {
    let slot = this.subjectSlotById.get(subjectId);
    if (slot !== undefined) return slot;
    slot = this.freeSubjectSlots.pop() ?? this.subjectIds.length;
    this.subjectIds[slot] = subjectId;
    if (slot >= this.firstEntryOf.length) {
      const bigger = new Int32Array(Math.max(1024, this.firstEntryOf.length * 2));
      bigger.set(this.firstEntryOf);
      this.firstEntryOf = bigger;
    }
    this.firstEntryOf[slot] = NONE;
    this.subjectSlotById.set(subjectId, slot);
    return slot;
  }

  private linkEntry(slot: number, e: number): void {
    this.nextEntry[e] = this.firstEntryOf[slot];
    this.firstEntryOf[slot] = e;
  }

  /** Takes entry e out of its subject's list (a replaced finger; the list is a few entries long). */
  private unlinkEntry(slot: number, e: number): void {
    if (this.firstEntryOf[slot] === e) {
      this.firstEntryOf[slot] = this.nextEntry[e];
      return;
    }
    for (let at = this.firstEntryOf[slot]; at !== NONE; at = this.nextEntry[at]) {
      if (this.nextEntry[at] === e) {
        this.nextEntry[at] = this.nextEntry[e];
        return;
      }
    }
  }

  private append(slot: number, finger: number, template: Uint8Array, index: EntryIndex): number {
    const descriptor = index.codes;
    if (this.used === this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    if (this.arenaUsed + template.length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(64 * 1024, (this.arenaUsed + template.length) * 2));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    const e = this.used++;
    this.arena.set(template, this.arenaUsed);
    this.templateOffset[e] = this.arenaUsed;
    this.templateLength[e] = template.length;
    this.arenaUsed += template.length;
    if (this.codesUsed + descriptor.length > this.codes.length) {
      const bigger = new Uint32Array(Math.max(16 * 1024, (this.codesUsed + descriptor.length) * 2));
      bigger.set(this.codes.subarray(0, this.codesUsed));
      this.codes = bigger;
    }
    this.codes.set(descriptor, this.codesUsed);
    this.codeOffset[e] = this.codesUsed;
    this.codeCount[e] = descriptor.length;
    this.codesUsed += descriptor.length;
    this.appendCylinders(e, index.cylinders);
    this.fingers[e] = finger;
    this.subjectOf[e] = slot;
    this.live++;
    return e;
  }

  /** Stores packed cylinders tight at the end of the cylinder arrays as entry e's. */
  private appendCylinders(e: number, c: PackedCylinders): void {
    this.reserveCylinders(c.count);
    const at = this.cylindersUsed * STORED_WORDS;
    this.cylinderBits.fill(0, at, at + c.count * STORED_WORDS);
    storeCylinders(c, MCC, this.cylinderBits, at);
    this.cylinderDirections.set(c.directions.subarray(0, c.count), this.cylindersUsed);
    this.cylinderOffset[e] = this.cylindersUsed;
    this.cylinderCount[e] = c.count;
    this.cylindersUsed += c.count;
  }

  /** Copies stored cylinders (a compaction's) to the end of the cylinder arrays as entry e's. */
  private appendStoredCylinders(e: number, bits: Uint32Array, directions: Uint8Array, first: number, count: number): void {
    this.reserveCylinders(count);
    this.cylinderBits.set(bits.subarray(first * STORED_WORDS, (first + count) * STORED_WORDS), this.cylindersUsed * STORED_WORDS);
    this.cylinderDirections.set(directions.subarray(first, first + count), this.cylindersUsed);
    this.cylinderOffset[e] = this.cylindersUsed;
    this.cylinderCount[e] = count;
    this.cylindersUsed += count;
  }

  /** Room for `count` more cylinders (the arrays grow by doubling). */
  private reserveCylinders(count: number): void {
    const needed = this.cylindersUsed + count;
    if (needed <= this.cylinderDirections.length) return;
    const capacity = Math.max(4096, needed * 2);
    const bits = new Uint32Array(capacity * STORED_WORDS);
    bits.set(this.cylinderBits.subarray(0, this.cylindersUsed * STORED_WORDS));
    const directions = new Uint8Array(capacity);
    directions.set(this.cylinderDirections.subarray(0, this.cylindersUsed));
    this.cylinderBits = bits;
    this.cylinderDirections = directions;
  }

  private kill(e: number): void {
    this.subjectOf[e] = REMOVED;
    this.live--;
  }

  private grow(capacity: number): void {
    const resize = <T extends Uint32Array | Uint16Array | Uint8Array | Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, this.used) as never);
      return next;
    };
    this.codeOffset = resize(this.codeOffset, (n) => new Uint32Array(n));
    this.codeCount = resize(this.codeCount, (n) => new Uint32Array(n));
    this.fingers = resize(this.fingers, (n) => new Uint8Array(n));
    this.subjectOf = resize(this.subjectOf, (n) => new Int32Array(n));
    this.templateOffset = resize(this.templateOffset, (n) => new Uint32Array(n));
    this.templateLength = resize(this.templateLength, (n) => new Uint32Array(n));
    this.cylinderOffset = resize(this.cylinderOffset, (n) => new Uint32Array(n));
    this.cylinderCount = resize(this.cylinderCount, (n) => new Uint16Array(n));
    this.nextEntry = resize(this.nextEntry, (n) => new Int32Array(n));
    this.capacity = capacity;
  }

  /** Moves live entries down over removed ones, in order, and rewrites the subject lists. */
  private maybeCompact(): void {
    const dead = this.used - this.live;
    if (dead < COMPACT_MIN_DEAD || dead <= this.live) return;
    if (this.postings) {
      // Entries move: the postings are dropped below, so the column takes every entry's codes back first.
      const full = this.fullCodes();
      this.codeOffset.set(full.codeOffset);
      this.codes = full.codes;
      this.codesUsed = full.codes.length;
      this.postings = undefined;
    }
    const arena = new Uint8Array(Math.max(64 * 1024, this.arenaUsed));
    let arenaUsed = 0;
    const codes = new Uint32Array(Math.max(16 * 1024, this.codesUsed));
    let codesUsed = 0;
    const oldCylinders = { bits: this.cylinderBits, directions: this.cylinderDirections };
    const oldCylinderOffset = this.cylinderOffset.slice(0, this.used);
    const oldCylinderCount = this.cylinderCount.slice(0, this.used);
    this.cylinderBits = new Uint32Array(0);
    this.cylinderDirections = new Uint8Array(0);
    this.cylindersUsed = 0;
    let next = 0;
    this.firstEntryOf.fill(NONE);
    for (let e = 0; e < this.used; e++) {
      const slot = this.subjectOf[e];
      if (slot === REMOVED) continue;
      const offset = this.templateOffset[e];
      const length = this.templateLength[e];
      arena.set(this.arena.subarray(offset, offset + length), arenaUsed);
      this.templateOffset[next] = arenaUsed;
      this.templateLength[next] = length;
      arenaUsed += length;
      const codeOffset = this.codeOffset[e];
      const codeCount = this.codeCount[e];
      codes.set(this.codes.subarray(codeOffset, codeOffset + codeCount), codesUsed);
      this.codeOffset[next] = codesUsed;
      this.codeCount[next] = codeCount;
      codesUsed += codeCount;
      this.appendStoredCylinders(next, oldCylinders.bits, oldCylinders.directions, oldCylinderOffset[e], oldCylinderCount[e]);
      this.fingers[next] = this.fingers[e];
      this.subjectOf[next] = slot;
      this.linkEntry(slot, next);
      next++;
    }
    this.postings = undefined;
    this.arena = arena;
    this.arenaUsed = arenaUsed;
    this.codes = codes;
    this.codesUsed = codesUsed;
    this.used = next;
  }
}

/** The array itself when it is already `length` long (a packed shard's views), else a trimmed copy. */
function exact<T extends Uint32Array | Uint16Array | Uint8Array | Int32Array>(array: T, length: number): T {
  return (array.length === length ? array : array.slice(0, length)) as T;
}

function matchesFinger(enrolled: number, wanted: number): boolean {
  return wanted === 0 || enrolled === 0 || enrolled === wanted;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return b.score - a.score || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0);
}

/**
 * The pre-filter's hot loop: scores every live descriptor against the probe (prefilterScore) and
 * keeps the K best in a min-heap.
 */
export function topKByDescriptor(
  probe: Uint32Array,
  k: number,
  used: number,
  codes: Uint32Array,
  codeOffset: Uint32Array | Float64Array,
  codeCount: Uint32Array,
  subjectOf: Int32Array,
  fingers: Uint8Array,
  finger: number,
): Int32Array {
  const heapScore = new Float64Array(k);
  const heapEntry = new Int32Array(k);
  let heapSize = 0;
  for (let e = 0; e < used; e++) {
    if (subjectOf[e] === REMOVED) continue;
    if (finger !== 0 && fingers[e] !== 0 && fingers[e] !== finger) continue;
    const start = codeOffset[e];
    const end = start + codeCount[e];
    let shared = 0;
    for (let c = start; c < end; c++) {
      const code = codes[c];
      shared += (probe[code >>> 5] >>> (code & 31)) & 1;
    }
    const score = prefilterScore(shared, codeCount[e]);
    if (heapSize < k) {
      // Sift up.
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heapScore[parent] <= score) break;
        heapScore[i] = heapScore[parent];
        heapEntry[i] = heapEntry[parent];
        i = parent;
      }
      heapScore[i] = score;
      heapEntry[i] = e;
    } else if (score > heapScore[0]) {
      // Replace the root and sift down.
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= k) break;
        const right = left + 1;
        const child = right < k && heapScore[right] < heapScore[left] ? right : left;
        if (heapScore[child] >= score) break;
        heapScore[i] = heapScore[child];
        heapEntry[i] = heapEntry[child];
        i = child;
      }
      heapScore[i] = score;
      heapEntry[i] = e;
    }
  }
  return heapEntry.slice(0, heapSize);
}

/**
 * The pre-filter's hot loop over oriented codes (cylinder-codes.ts): for each live entry, every
 * enrolled code the probe also has votes for the rotation between the two cylinders' directions;
 * the entry's score is its best window of ROTATION_WINDOW rotation bins over √(enrolled codes) — a mated
 * print's shared codes agree on one rotation, chance collisions spread over all of them. Keeps the
 * K best in a min-heap.
 */
export function topKByRotation(
  probeMask: Uint32Array,
  k: number,
  used: number,
  codes: Uint32Array,
  codeOffset: Uint32Array | Float64Array,
  codeCount: Uint32Array,
  subjectOf: Int32Array,
  fingers: Uint8Array,
  finger: number,
): Int32Array {
  const top = new TopK(k);
  scanRotation(probeMask, 0, used, codes, codeOffset, codeCount, subjectOf, fingers, finger, top);
  return top.result();
}

/** topKByRotation's loop over entries [from, to), offering each to `top`. */
export function scanRotation(
  probeMask: Uint32Array,
  from: number,
  to: number,
  codes: Uint32Array,
  codeOffset: Uint32Array | Float64Array,
  codeCount: Uint32Array,
  subjectOf: Int32Array,
  fingers: Uint8Array,
  finger: number,
  top: TopK,
): void {
  const B = DIRECTION_BINS;
  const votes = new Uint16Array(B);
  for (let e = from; e < to; e++) {
    if (subjectOf[e] === REMOVED) continue;
    if (finger !== 0 && fingers[e] !== 0 && fingers[e] !== finger) continue;
    const start = codeOffset[e];
    const end = start + codeCount[e];
    let any = false;
    for (let c = start; c < end; c++) {
      const stored = codes[c];
      let mask = probeMask[stored >>> DIRECTION_SHIFT];
      if (mask === 0) continue;
      any = true;
      const direction = stored & (B - 1);
      while (mask !== 0) {
        const low = mask & -mask;
        votes[(direction - (31 - Math.clz32(low)) + B) & (B - 1)]++;
        mask ^= low;
      }
    }
    let best = 0;
    if (any) {
      best = bestRotationVotes(votes, 0);
      votes.fill(0);
    }
    top.offer(prefilterScore(best, codeCount[e]), e);
  }
}
