/**
 * Pixel-sized work buffers for one extraction. A fresh `ScratchBuffers` allocates every buffer
 * anew (what each stage did on its own before); the pooled one that `extractTemplate` uses keeps
 * them from one image to the next on the same thread, so the ~50 bytes a pixel of short-lived
 * buffers an extraction needs (≈ 15 MB for a 640×480 print) are neither zeroed by the allocator
 * nor collected by the garbage collector every time. Buffers asked for `zeroed` are cleared with
 * `fill(0)`, which is what a new typed array would hold, so the stages compute the same values.
 *
 * Only buffers that no caller sees after the extraction are pooled: outputs, the stages handed to
 * `extractTemplateWithStages` callers and anything given to a transparency sink are never taken
 * from the pool (see `runExtraction`).
 */
export class ScratchBuffers {
  private readonly buffers = new Map<string, ArrayBuffer>();

  /** `pooled` false: every request is a new array (no reuse). */
  constructor(private readonly pooled: boolean) {}

  uint8(slot: string, length: number, zeroed: boolean): Uint8Array {
    if (!this.pooled || length > MAX_POOLED_PIXELS) return new Uint8Array(length);
    const out = new Uint8Array(this.bytes(slot, length), 0, length);
    return zeroed ? out.fill(0) : out;
  }

  int32(slot: string, length: number, zeroed: boolean): Int32Array {
    if (!this.pooled || length > MAX_POOLED_PIXELS) return new Int32Array(length);
    const out = new Int32Array(this.bytes(slot, 4 * length), 0, length);
    return zeroed ? out.fill(0) : out;
  }

  float64(slot: string, length: number, zeroed: boolean): Float64Array {
    if (!this.pooled || length > MAX_POOLED_PIXELS) return new Float64Array(length);
    const out = new Float64Array(this.bytes(slot, 8 * length), 0, length);
    return zeroed ? out.fill(0) : out;
  }

  float32(slot: string, length: number, zeroed: boolean): Float32Array {
    if (!this.pooled || length > MAX_POOLED_PIXELS) return new Float32Array(length);
    const out = new Float32Array(this.bytes(slot, 4 * length), 0, length);
    return zeroed ? out.fill(0) : out;
  }

  private bytes(slot: string, byteLength: number): ArrayBuffer {
    const kept = this.buffers.get(slot);
    if (kept && kept.byteLength >= byteLength) return kept;
    const buffer = new ArrayBuffer(byteLength);
    this.buffers.set(slot, buffer);
    return buffer;
  }
}

/**
 * Larger images (up to 4000 px a side reach the extractor) are rare: they allocate as before
 * rather than keep ~100 MB per thread alive. 2 Mpx covers 500 dpi captures of every reader.
 */
const MAX_POOLED_PIXELS = 1 << 21;

/** Allocates anew on every request: for stages called on their own (tests, quality checks). */
export const FRESH_BUFFERS = new ScratchBuffers(false);

let pool: ScratchBuffers | undefined;
let poolInUse = false;

/**
 * Runs `work` with this thread's pooled buffers, or with fresh ones when they are already in use
 * (an extraction started from inside another one, e.g. by a transparency sink).
 */
export function withPooledBuffers<T>(work: (scratch: ScratchBuffers) => T): T {
  if (poolInUse) return work(FRESH_BUFFERS);
  pool ??= new ScratchBuffers(true);
  poolInUse = true;
  try {
    return work(pool);
  } finally {
    poolInUse = false;
  }
}
