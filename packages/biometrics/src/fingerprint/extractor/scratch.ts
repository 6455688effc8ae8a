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
    return this.view(Uint8Array, slot, length, zeroed);
  }

  int32(slot: string, length: number, zeroed: boolean): Int32Array {
    return this.view(Int32Array, slot, length, zeroed);
  }

  float64(slot: string, length: number, zeroed: boolean): Float64Array {
    return this.view(Float64Array, slot, length, zeroed);
  }

  float32(slot: string, length: number, zeroed: boolean): Float32Array {
    return this.view(Float32Array, slot, length, zeroed);
  }

  /** A `length`-element array of `kind` over the slot's kept buffer (grown when too small), or a new one. */
  private view<T extends Uint8Array | Int32Array | Float64Array | Float32Array>(kind: TypedArrayKind<T>, slot: string, length: number, zeroed: boolean): T {
    if (!this.pooled || length > MAX_POOLED_PIXELS) return new kind(length);
    const out = new kind(this.bytes(slot, kind.BYTES_PER_ELEMENT * length), 0, length);
    return zeroed ? (out.fill(0) as T) : out;
  }

  private bytes(slot: string, byteLength: number): ArrayBuffer {
    const kept = this.buffers.get(slot);
    if (kept && kept.byteLength >= byteLength) return kept;
    const buffer = new ArrayBuffer(byteLength);
    this.buffers.set(slot, buffer);
    return buffer;
  }
}

interface TypedArrayKind<T> {
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * Larger images (up to 4000 px a side reach the extractor) are rare: they allocate as before
 * rather than keep ~100 MB per thread alive. 2 Mpx covers 500 dpi captures of every reader.
 */
export const MAX_POOLED_PIXELS = 1 << 21;

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
