/**
 * The pre-filter's inverted index: for every code, the enrolled entries holding it (with their
 * direction bin), laid out as one CSR array per shard. A search then touches only the entries that
 * share a code with the probe, instead of reading every enrolled code of the shard: the scan
 * (topKByRotation) reads ≈ 840 codes per enrolled finger at random places of a 16 MB probe mask,
 * ≈ 16 µs per finger measured (16 s per search at a million fingers), where the postings of a
 * probe's codes are a small fraction of that.
 *
 * Built from the shard's code columns, not kept up to date entry by entry: entries added since the
 * build (the "delta") are scanned, removed ones skipped, and the shard rebuilds once the delta
 * grows (shard-index.ts). Scores are exactly the scan's (tested against it).
 */
import { prefilterScore } from './descriptor.ts';
import { DIRECTION_BINS, DIRECTION_SHIFT, ROTATION_WINDOW } from './parameters.ts';
import { PROBE_MASK_SIZE } from './cylinder-codes.ts';
import { listLayout, lowBits, readList, writeElement } from './elias-fano.ts';
import { LIST_CAPACITY, PostingsKernel } from './postings-kernel.ts';

const REMOVED = -1;
/** Postings a shard can hold: the walk kernel's memory is 32-bit. */
const MAX_POSTING_BYTES = 2 ** 32 - (1 << 24);
const B = DIRECTION_BINS;

/**
 * Entries per block of the postings walk (collect): the block's votes, VOTE_BLOCK × 32 Uint16
 * counters = 512 kB, stay in a core's cache while the lists stream through. 1,024 to 16,384
 * measured the same at 50,000 fingers per shard (bench/logs/gallery-memory.md).
 */
const VOTE_BLOCK = 8192;

/** Entries' code lists laid out as the shard's code column stores them (codes, offsets, counts): what build() reads. */
export function codeColumns(lists: Uint32Array[]): { codes: Uint32Array; codeOffset: Float64Array; codeCount: Uint32Array } {
  const codeOffset = new Float64Array(lists.length);
  const codeCount = new Uint32Array(lists.length);
  let total = 0;
  lists.forEach((l, i) => {
    codeOffset[i] = total;
    codeCount[i] = l.length;
    total += l.length;
  });
  const codes = new Uint32Array(total);
  lists.forEach((l, i) => codes.set(l, codeOffset[i]));
  return { codes, codeOffset, codeCount };
}

/** The K best (score, entry) pairs seen, in a min-heap. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly entries: Int32Array;
  size = 0;
  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.entries = new Int32Array(k);
  }
  offer(score: number, entry: number): void {
    const { scores, entries, k } = this;
    if (this.size < k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (scores[parent] <= score) break;
        scores[i] = scores[parent];
        entries[i] = entries[parent];
        i = parent;
      }
      scores[i] = score;
      entries[i] = entry;
    } else if (score > scores[0]) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= k) break;
        const right = left + 1;
        const child = right < k && scores[right] < scores[left] ? right : left;
        if (scores[child] >= score) break;
        scores[i] = scores[child];
        entries[i] = entries[child];
        i = child;
      }
      scores[i] = score;
      entries[i] = entry;
    }
  }
  get full(): boolean {
    return this.size >= this.k;
  }
  result(): Int32Array {
    return this.entries.slice(0, this.size);
  }
  /** What was kept, best first (ties by entry, the lower first): for studies, not the search path. */
  ranked(): { entries: Int32Array; scores: Float64Array } {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.scores[b] - this.scores[a] || this.entries[a] - this.entries[b]);
    return { entries: Int32Array.from(order, (i) => this.entries[i]), scores: Float64Array.from(order, (i) => this.scores[i]) };
  }
}

/** The postings as a pack carries them (shard-index.ts PackedShard): adopted by fromPacked() after its checks. */
export interface PackedPostings {
  builtUsed: number;
  /** Running count of postings per code (PROBE_MASK_SIZE + 1). */
  start: Uint32Array;
  /** Each code's list, Elias–Fano coded over builtUsed entries (elias-fano.ts), one after the other. */
  bytes: Uint8Array;
}

/**
 * Kernels whose memory a pack's postings were read straight into (placePackedPostings), keyed by
 * that memory's view: fromPacked adopts them instead of copying. A 1 M-finger gallery's postings
 * are ≈ 0.5 GB per shard, and a copy made the warm start hold them twice at its peak.
 */
const placedPostings = new WeakMap<Uint8Array, PostingsKernel>();

/**
 * Room for a pack's postings inside a new kernel's memory, for the pack reader to fill; fromPacked
 * then checks them in place and adopts the kernel.
 */
export function placePackedPostings(byteLength: number): Uint8Array {
  const kernel = new PostingsKernel(byteLength, VOTE_BLOCK);
  placedPostings.set(kernel.postings, kernel);
  return kernel.postings;
}

export class RotationPostings {
  /** Entries [0, builtUsed) are indexed; later ones are the delta. */
  readonly builtUsed: number;
  /** Running count of postings per code. */
  private readonly start: Uint32Array;
  /** Byte offset of each code's list in `postings`, the end last (elias-fano.ts listLayout). */
  private readonly offsets: Uint32Array;
  /** Every code's list, Elias–Fano coded (in the kernel's memory). */
  private readonly postings: Uint8Array;
  /** The compiled walk, whose memory holds the postings and the votes of one block of entries. */
  private readonly kernel: PostingsKernel;

  /** `kernel.postings` must already hold the postings laid out by `layout`. */
  private constructor(builtUsed: number, start: Uint32Array, offsets: Uint32Array, kernel: PostingsKernel) {
    this.builtUsed = builtUsed;
    this.start = start;
    this.offsets = offsets;
    this.kernel = kernel;
    this.postings = kernel.postings;
  }

  /** Counting sort of the live entries' codes by code, each code's list coded as it fills. */
  static build(used: number, codes: Uint32Array, codeOffset: Uint32Array | Float64Array, codeCount: Uint32Array, subjectOf: Int32Array): RotationPostings {
    const start = new Uint32Array(PROBE_MASK_SIZE + 1);
    for (let e = 0; e < used; e++) {
      if (subjectOf[e] === REMOVED) continue;
      const end = codeOffset[e] + codeCount[e];
      for (let c = codeOffset[e]; c < end; c++) start[(codes[c] >>> DIRECTION_SHIFT) + 1]++;
    }
    for (let i = 1; i < start.length; i++) start[i] += start[i - 1];
    const { offsets, total } = listLayout(start, used);
    if (total > MAX_POSTING_BYTES) throw new Error(`a shard's postings would take ${total} bytes, more than its kernel memory can hold`);
    // Written straight into the kernel's memory (fresh, so zero where the lists go).
    const kernel = new PostingsKernel(total, VOTE_BLOCK);
    const postings = kernel.postings;
    const cursor = new Uint32Array(PROBE_MASK_SIZE);
    for (let e = 0; e < used; e++) {
      if (subjectOf[e] === REMOVED) continue;
      const end = codeOffset[e] + codeCount[e];
      for (let c = codeOffset[e]; c < end; c++) {
        const stored = codes[c];
        const code = stored >>> DIRECTION_SHIFT;
        const length = start[code + 1] - start[code];
        writeElement(postings, offsets[code], length, lowBits(length, used), cursor[code]++, e, stored & (B - 1));
      }
    }
    return new RotationPostings(used, start, offsets, kernel);
  }

  /**
   * Postings read back from a pack, so a warm start skips build() (the counting sort of every
   * code: ≈ 70 s per 50,000 fingers under load, bench/logs/gallery-memory.md). Checked before
   * use: the code table must be a running count whose lists' sizes add up to the postings' length,
   * and every list must decode to ascending indexed entries with nothing left over — a damaged
   * pack would otherwise vote for entries that do not exist. Returns null when anything disagrees.
   */
  static fromPacked(packed: PackedPostings): RotationPostings | null {
    const { builtUsed, start, bytes } = packed;
    if (!Number.isInteger(builtUsed) || builtUsed < 0 || start.length !== PROBE_MASK_SIZE + 1 || start[0] !== 0) return null;
    for (let i = 1; i <= PROBE_MASK_SIZE; i++) if (start[i] < start[i - 1]) return null;
    const { offsets, total } = listLayout(start, builtUsed);
    if (total !== bytes.length) return null;
    const ignore = () => {};
    for (let code = 0; code < PROBE_MASK_SIZE; code++) {
      if (!readList(bytes, offsets[code], start[code + 1] - start[code], builtUsed, ignore)) return null;
    }
    const placed = placedPostings.get(bytes);
    if (placed?.postings === bytes) return new RotationPostings(builtUsed, start, offsets, placed);
    const kernel = new PostingsKernel(bytes.length, VOTE_BLOCK);
    kernel.postings.set(bytes);
    return new RotationPostings(builtUsed, start, offsets, kernel);
  }

  /** What a pack persists (views, no copy). */
  pack(): PackedPostings {
    return { builtUsed: this.builtUsed, start: this.start, bytes: this.postings };
  }

  /**
   * Writes each indexed entry's codes back (code << DIRECTION_SHIFT | direction bin) at
   * codes[cursor[entry]++], in ascending code order: the inverse of build() for the entries it kept.
   */
  writeCodes(codes: Uint32Array, cursor: Uint32Array): void {
    const { start, offsets, postings, builtUsed } = this;
    for (let code = 0; code < PROBE_MASK_SIZE; code++) {
      const shifted = code << DIRECTION_SHIFT;
      readList(postings, offsets[code], start[code + 1] - start[code], builtUsed, (entry, direction) => {
        codes[cursor[entry]++] = (shifted | direction) >>> 0;
      });
    }
  }

  get bytes(): number {
    return this.start.byteLength + this.offsets.byteLength + this.postings.byteLength + this.kernel.scratchBytes;
  }

  /**
   * Offers every indexed live entry of the wanted finger that shares a code with the probe to
   * `top`, scored as topKByRotation scores it and in entry order, as that scan offers them (so
   * ties at the K-th score fall the same way). `probeCodes` are the codes written into the mask.
   * Returns how many entries were offered.
   *
   * The walk runs block by block of VOTE_BLOCK entries: every probe code's list is sorted by
   * entry, so a cursor per code takes the postings of one block at a time, and the block's votes
   * (VOTE_BLOCK × DIRECTION_BINS counters) stay in cache instead of scattering increments over a
   * shard-sized array. The per-posting work is compiled (postings-kernel.ts): in JavaScript it
   * cost ≈ 16 ns per posting visited, ≈ 3.5 M visits per probe finger at 50,000 fingers per shard
   * and ten times that at a million fingers on two shards (bench/logs/gallery-memory.md).
   */
  collect(
    probeMask: Uint32Array,
    probeCodes: Uint32Array,
    top: TopK,
    codeCount: Uint32Array,
    subjectOf: Int32Array,
    fingers: Uint8Array,
    finger: number,
  ): number {
    const { kernel, start, offsets, builtUsed } = this;
    // A code of two probe cylinders is listed twice (its mask holds both directions): once here.
    const distinct = new Set<number>();
    for (let i = 0; i < probeCodes.length; i++) if (probeMask[probeCodes[i]] !== 0) distinct.add(probeCodes[i]);
    const lists = distinct.size;
    // Usually one call per block walks every list; a probe of more than LIST_CAPACITY codes keeps
    // its cursors here and walks them a capacity's worth per call.
    // Per list: elements consumed, its length, the probe's direction bits, where it lies, the
    // high-vector bit its walk resumes at, its low bits (elias-fano.ts).
    const cursors = new Uint32Array(lists);
    const ends = new Uint32Array(lists);
    const masks = new Uint32Array(lists);
    const bases = new Uint32Array(lists);
    const highs = new Uint32Array(lists);
    const lows = new Uint32Array(lists);
    let l = 0;
    for (const code of distinct) {
      ends[l] = start[code + 1] - start[code];
      masks[l] = probeMask[code];
      bases[l] = offsets[code];
      lows[l] = lowBits(ends[l], builtUsed);
      l++;
    }
    const single = lists <= LIST_CAPACITY;
    const load = (from: number, to: number) => {
      kernel.cursors.set(cursors.subarray(from, to));
      kernel.ends.set(ends.subarray(from, to));
      kernel.masks.set(masks.subarray(from, to));
      kernel.bases.set(bases.subarray(from, to));
      kernel.highs.set(highs.subarray(from, to));
      kernel.lows.set(lows.subarray(from, to));
    };
    if (single) load(0, lists);
    const best = kernel.best;
    let offered = 0;
    for (let first = 0; first < this.builtUsed; first += VOTE_BLOCK) {
      const last = Math.min(this.builtUsed, first + VOTE_BLOCK);
      if (single) kernel.vote(lists, first, last);
      else {
        for (let from = 0; from < lists; from += LIST_CAPACITY) {
          const to = Math.min(lists, from + LIST_CAPACITY);
          load(from, to);
          kernel.vote(to - from, first, last);
          cursors.set(kernel.cursors.subarray(0, to - from), from);
          highs.set(kernel.highs.subarray(0, to - from), from);
        }
      }
      kernel.finish(last - first, ROTATION_WINDOW);
      for (let e = first; e < last; e++) {
        const votes = best[e - first];
        if (votes === 0) continue;
        if (subjectOf[e] === REMOVED) continue;
        if (finger !== 0 && fingers[e] !== 0 && fingers[e] !== finger) continue;
        top.offer(prefilterScore(votes, codeCount[e]), e);
        offered++;
      }
    }
    return offered;
  }
}
