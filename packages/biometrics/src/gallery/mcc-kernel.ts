/**
 * mccScore's WebAssembly kernel (packages/biometrics/assembly/gallery/mcc.ts, built into the
 * gallery's module, gallery-kernels.wasm, beside the postings walk): the same Local Similarity
 * Sort with one 64-bit popcount per cylinder row, ≈ 7× faster than the JavaScript's 32-bit bit
 * tricks (bench/logs/prefilter-study.md), and the same score to the bit (mcc-kernel.test.ts
 * compares it with the former JavaScript).
 *
 * Each MccKernel has its own instance and memory: the probe's cylinders are copied in once per
 * search (setProbe), each candidate's per comparison, straight from the shard's tight storage
 * (scoreStored: a plain word copy, widened inside the kernel), so the re-rank no longer widens
 * entries in JavaScript.
 */
import { galleryKernelModule, wasm } from './gallery-wasm.ts';
import { pairsConsidered, storedCylinderWords, type MccLayout, type PackedCylinders } from './mcc-similarity.ts';

interface MccExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  mccWiden(stored: number, count: number, storedWords: number, cells: number, sections: number, out: number): void;
  mccLss(a: number, aDir: number, na: number, b: number, bDir: number, nb: number, sections: number, minCommon: number, np: number, best: number, scratch: number): number;
}

/** The kernel reads each tight row with one unaligned 64-bit load: a row plus its shift (≤ 7 bits) must fit. */
const MAX_KERNEL_CELLS = 57;
/** Below this offset: the module's own static data (none today), as in postings-kernel.ts. */
const FIRST_FREE_BYTE = 1 << 16;
const PAGE_BYTES = 1 << 16;
/** LSS averages at most 12 pairs (mcc-similarity.ts); room for the kernel's descending list. */
const BEST_BYTES = 16 * 8;
/** Same constant as mcc-similarity.ts: pairs sharing fewer valid cells than this share are not compared. */
const MIN_COMMON = 0.6;

const align = (n: number) => (n + 15) & ~15;

export class MccKernel {
  private readonly kernels: MccExports;
  private readonly stride: number;
  private readonly storedWords: number;
  private readonly minCommon: number;
  private probeCapacity = 0;
  private candidateCapacity = 0;
  private probeCount = 0;
  private probeDirections = 0;
  private probeWide = 0;
  private candidateDirections = 0;
  private candidateWide = 0;
  private candidateStored = 0;
  private scratch = 0;
  private u32 = new Uint32Array(0);
  private u8 = new Uint8Array(0);
  /** n_P by the smaller cylinder count (pairsConsidered evaluates an exponential). */
  private readonly pairs: number[] = [];

  /** Whether the kernel handles cylinders of this layout (else mccScore stays in JavaScript). */
  static handles(layout: MccLayout): boolean {
    return layout.cells <= MAX_KERNEL_CELLS && layout.cellWords <= 2;
  }

  constructor(private readonly layout: MccLayout) {
    if (!MccKernel.handles(layout)) throw new Error(`MccKernel: ${layout.cells} cells exceed ${MAX_KERNEL_CELLS}`);
    this.kernels = new wasm.Instance(galleryKernelModule(), {}).exports as unknown as MccExports;
    this.stride = (layout.sections + 1) * 8;
    this.storedWords = storedCylinderWords(layout);
    this.minCommon = MIN_COMMON * layout.cells;
    this.place(64, 64);
  }

  /** Copies the probe's cylinders in; later scores compare against them. */
  setProbe(probe: PackedCylinders): void {
    if (probe.count > this.probeCapacity) this.place(probe.count, this.candidateCapacity);
    this.probeCount = probe.count;
    this.writeWide(probe, this.probeWide);
    this.u8.set(probe.directions.subarray(0, probe.count), this.probeDirections);
  }

  /** mccScore(probe, candidate) for a candidate in the scoring layout (PackedCylinders). */
  score(candidate: PackedCylinders): number {
    const count = candidate.count;
    if (this.probeCount === 0 || count === 0) return 0;
    if (count > this.candidateCapacity) this.place(this.probeCapacity, count);
    this.writeWide(candidate, this.candidateWide);
    this.u8.set(candidate.directions.subarray(0, count), this.candidateDirections);
    return this.lss(count);
  }

  /**
   * mccScore(probe, candidate) for `count` cylinders stored tight (storeCylinders) in `stored` from
   * cylinder `first` on, their directions in `directions` from `first` on.
   */
  scoreStored(stored: Uint32Array, directions: Uint8Array, first: number, count: number): number {
    if (this.probeCount === 0 || count === 0) return 0;
    if (count > this.candidateCapacity) this.place(this.probeCapacity, count);
    const words = this.storedWords;
    this.u32.set(stored.subarray(first * words, (first + count) * words), this.candidateStored >>> 2);
    this.u8.set(directions.subarray(first, first + count), this.candidateDirections);
    this.kernels.mccWiden(this.candidateStored, count, words, this.layout.cells, this.layout.sections, this.candidateWide);
    return this.lss(count);
  }

  private lss(count: number): number {
    const smaller = Math.min(this.probeCount, count);
    const np = (this.pairs[smaller] ??= pairsConsidered(smaller, smaller));
    return this.kernels.mccLss(
      this.probeWide,
      this.probeDirections,
      this.probeCount,
      this.candidateWide,
      this.candidateDirections,
      count,
      this.layout.sections,
      this.minCommon,
      np,
      FIRST_FREE_BYTE,
      this.scratch,
    );
  }

  /** Wide layout (valid row, then a row per section; 64 bits each) of a PackedCylinders at byte `at`. */
  private writeWide(c: PackedCylinders, at: number): void {
    const { cellWords, wordsPerCylinder, sections } = this.layout;
    const u32 = this.u32;
    const step = this.stride >>> 2;
    let to = at >>> 2;
    for (let i = 0; i < c.count; i++, to += step) {
      const v = i * cellWords;
      const b = i * wordsPerCylinder;
      u32[to] = c.valid[v];
      u32[to + 1] = cellWords === 2 ? c.valid[v + 1] : 0;
      for (let s = 0; s < sections; s++) {
        u32[to + 2 + 2 * s] = c.bits[b + s * cellWords];
        u32[to + 3 + 2 * s] = cellWords === 2 ? c.bits[b + s * cellWords + 1] : 0;
      }
    }
  }

  /**
   * Lays out room for `probe` and `candidate` cylinders (grown to powers of two), after the LSS
   * list: probe directions and wide cylinders, then the candidate's directions, wide cylinders and
   * tight words (plus the 7 bytes the kernel's last load may read past them), and the kernel's
   * list of comparable candidate cylinders. The probe region
   * only moves when the probe grows, i.e. before a new probe is written: nothing is copied.
   */
  private place(probe: number, candidate: number): void {
    const grow = (n: number, have: number) => (n <= have ? have : 2 ** Math.ceil(Math.log2(n)));
    this.probeCapacity = grow(probe, this.probeCapacity);
    this.candidateCapacity = grow(candidate, this.candidateCapacity);
    this.probeDirections = FIRST_FREE_BYTE + BEST_BYTES;
    this.probeWide = this.probeDirections + align(this.probeCapacity);
    this.candidateDirections = this.probeWide + align(this.probeCapacity * this.stride);
    // The kernel reads candidate directions 16 at a time: 15 bytes past the last one are read, not used.
    this.candidateWide = this.candidateDirections + align(this.candidateCapacity + 16);
    this.candidateStored = this.candidateWide + align(this.candidateCapacity * this.stride);
    this.scratch = this.candidateStored + align(this.candidateCapacity * this.storedWords * 4 + 8);
    const end = this.scratch + this.candidateCapacity * 4;
    const memory = this.kernels.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
    this.u8 = new Uint8Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
  }
}
