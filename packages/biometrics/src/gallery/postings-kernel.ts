import { galleryKernelModule, wasm } from './gallery-wasm.ts';

/**
 * The compiled postings walk (assembly/gallery/postings.ts, in the module gallery-wasm.ts loads).
 * One instance per RotationPostings: its memory
 * holds the postings themselves (the largest array of a shard, so they are written there once
 * instead of copied per search) and the walk's scratch, laid out once at construction and never
 * grown, so views of the postings (a pack being written) stay valid.
 */
interface GalleryKernels {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  votePostings(
    postings: number,
    cursors: number,
    ends: number,
    masks: number,
    bases: number,
    highs: number,
    lows: number,
    lists: number,
    first: number,
    last: number,
    votes: number,
    touched: number,
  ): void;
  finishBlock(count: number, window: number, votes: number, touched: number, best: number): void;
}
/** Space below this offset is left to the module's own static data (it has none today). */
const FIRST_FREE_BYTE = 1 << 16;
const PAGE_BYTES = 1 << 16;
const ROTATION_BINS = 32;

/** Probe code lists one call of the kernel walks; a probe with more is walked in several calls per block. */
export const LIST_CAPACITY = 1 << 14;

function align(offset: number): number {
  return (offset + 15) & ~15;
}

export class PostingsKernel {
  private readonly kernels: GalleryKernels;
  private readonly postingsAt: number;
  private readonly votesAt: number;
  private readonly touchedAt: number;
  private readonly bestAt: number;
  private readonly cursorsAt: number;
  private readonly endsAt: number;
  private readonly masksAt: number;
  private readonly basesAt: number;
  private readonly highsAt: number;
  private readonly lowsAt: number;
  /** The block's best votes per entry (finishBlock's output), a view of the kernel memory. */
  readonly best: Uint32Array;
  readonly cursors: Uint32Array;
  readonly ends: Uint32Array;
  readonly masks: Uint32Array;
  /** Per list: its byte offset in the postings, the high-vector bit its walk resumes at, its low bits (rotation-postings.ts). */
  readonly bases: Uint32Array;
  readonly highs: Uint32Array;
  readonly lows: Uint32Array;
  /** The postings, written by the caller once (build or pack), then only read. */
  readonly postings: Uint8Array;

  constructor(
    postingBytes: number,
    readonly block: number,
  ) {
    this.kernels = new wasm.Instance(galleryKernelModule(), {}).exports as GalleryKernels;
    this.votesAt = FIRST_FREE_BYTE;
    this.touchedAt = align(this.votesAt + block * ROTATION_BINS * 2);
    this.bestAt = align(this.touchedAt + block);
    this.cursorsAt = align(this.bestAt + block * 4);
    this.endsAt = this.cursorsAt + LIST_CAPACITY * 4;
    this.masksAt = this.endsAt + LIST_CAPACITY * 4;
    this.basesAt = this.masksAt + LIST_CAPACITY * 4;
    this.highsAt = this.basesAt + LIST_CAPACITY * 4;
    this.lowsAt = this.highsAt + LIST_CAPACITY * 4;
    this.postingsAt = align(this.lowsAt + LIST_CAPACITY * 4);
    // The walk reads 8 bytes at a time: 8 more readable bytes after the last.
    const end = this.postingsAt + postingBytes + 8;
    const memory = this.kernels.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
    const buffer = memory.buffer;
    this.best = new Uint32Array(buffer, this.bestAt, block);
    this.cursors = new Uint32Array(buffer, this.cursorsAt, LIST_CAPACITY);
    this.ends = new Uint32Array(buffer, this.endsAt, LIST_CAPACITY);
    this.masks = new Uint32Array(buffer, this.masksAt, LIST_CAPACITY);
    this.bases = new Uint32Array(buffer, this.basesAt, LIST_CAPACITY);
    this.highs = new Uint32Array(buffer, this.highsAt, LIST_CAPACITY);
    this.lows = new Uint32Array(buffer, this.lowsAt, LIST_CAPACITY);
    this.postings = new Uint8Array(buffer, this.postingsAt, postingBytes);
  }

  /** Walks lists [0, lists) of cursors/ends/masks/bases/highs/lows through the block of entries [first, last). */
  vote(lists: number, first: number, last: number): void {
    this.kernels.votePostings(this.postingsAt, this.cursorsAt, this.endsAt, this.masksAt, this.basesAt, this.highsAt, this.lowsAt, lists, first, last, this.votesAt, this.touchedAt);
  }

  /** Fills best[0, count) for the block just voted, and clears its votes. */
  finish(count: number, window: number): void {
    this.kernels.finishBlock(count, window, this.votesAt, this.touchedAt, this.bestAt);
  }

  /** Bytes of the kernel memory besides the postings (the walk's scratch). */
  get scratchBytes(): number {
    return this.postingsAt;
  }
}
