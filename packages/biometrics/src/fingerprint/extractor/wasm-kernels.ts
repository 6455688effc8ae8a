import { readFileSync } from 'node:fs';
import { MAX_POOLED_PIXELS } from './scratch.ts';

/**
 * The compiled inner loops of extraction (source: packages/biometrics/assembly/, built by
 * `npm run build:wasm -w packages/biometrics`; the .wasm is committed and wasm-build.test.ts
 * rebuilds it and checks it is byte-identical). Loaded synchronously once per thread (each
 * piscina worker has its own module graph, hence its own instance and memory).
 *
 * The kernels work on pointers into their own memory: `KernelArena` lays the inputs out one
 * after another for a call and copies them in. The memory of the thread's instance is kept
 * between extractions (as the scratch pool keeps its buffers); an image above the pool's size
 * gets a throwaway instance, so a rare 4000 px scan does not pin ~200 MB per thread.
 */
export interface ExtractionKernels {
  memory: WasmMemory;
  smoothAlongRidges(...args: number[]): void;
  filterAcrossRidges(...args: number[]): void;
  binarize(...args: number[]): void;
  thin(...args: number[]): void;
  blockPeriods(...args: number[]): void;
  blockGradients(...args: number[]): void;
  smoothOverMask(...args: number[]): void;
  pixelOrientationBins(...args: number[]): void;
  orientationBin(...args: number[]): number;
}

/** The few members of the WebAssembly JS API used here (the project's `lib` declares none). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const WASM_URL = new URL('./kernels.wasm', import.meta.url);
let compiled: WasmModule | undefined;
let kept: KernelArena | undefined;

/** Space below this offset is left to the module's own static data (it has none today). */
const FIRST_FREE_BYTE = 1 << 16;
const PAGE_BYTES = 1 << 16;

export class KernelArena {
  readonly kernels: ExtractionKernels;
  private end = FIRST_FREE_BYTE;

  constructor(module: WasmModule) {
    // Math.atan2 for the orientation bins the polynomial arctangent leaves undecided (orientation.ts).
    this.kernels = new wasm.Instance(module, { env: { atan2: Math.atan2 } }).exports as unknown as ExtractionKernels;
  }

  /** Forgets every earlier allocation: one extraction's layout at a time. */
  reset(): this {
    this.end = FIRST_FREE_BYTE;
    return this;
  }

  /** `bytes` bytes, 16-byte aligned (vector loads), not cleared. */
  allocate(bytes: number): number {
    const start = (this.end + 15) & ~15;
    this.end = start + bytes;
    const memory = this.kernels.memory;
    const missing = this.end - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
    return start;
  }

  /** A copy of `data` in the kernels' memory; returns its offset. */
  copyIn(data: Uint8Array | Int32Array | Float32Array | Float64Array): number {
    const start = this.allocate(data.byteLength);
    new Uint8Array(this.kernels.memory.buffer, start, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return start;
  }

  float32(start: number, length: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, start, length);
  }

  uint8(start: number, length: number): Uint8Array {
    return new Uint8Array(this.kernels.memory.buffer, start, length);
  }
}

/** The arena for an extraction over `pixels` pixels, emptied. */
export function kernelArena(pixels: number): KernelArena {
  compiled ??= new wasm.Module(readFileSync(WASM_URL));
  if (pixels > MAX_POOLED_PIXELS) return new KernelArena(compiled);
  kept ??= new KernelArena(compiled);
  return kept.reset();
}

/** The thread's kernels, for the ones that take no memory (the arena's layout is left as it is). */
export function extractionKernels(): ExtractionKernels {
  compiled ??= new wasm.Module(readFileSync(WASM_URL));
  kept ??= new KernelArena(compiled);
  return kept.kernels;
}
