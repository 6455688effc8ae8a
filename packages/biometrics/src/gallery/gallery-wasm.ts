import { readFileSync } from 'node:fs';

/**
 * The gallery's compiled kernels, one WebAssembly module (source: packages/biometrics/assembly/gallery/,
 * built by `npm run build:wasm -w packages/biometrics`; the .wasm is committed and
 * wasm-build.test.ts rebuilds it and checks it is byte-identical). Compiled once per thread;
 * postings-kernel.ts and mcc-kernel.ts each make their own instances (their own memories).
 */
export type WasmModule = object;
export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const WASM_URL = new URL('./gallery-kernels.wasm', import.meta.url);
let compiled: WasmModule | undefined;

/** The compiled gallery module, once per thread. */
export function galleryKernelModule(): WasmModule {
  compiled ??= new wasm.Module(readFileSync(WASM_URL));
  return compiled;
}
