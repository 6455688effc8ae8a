/**
 * What a shard needs from the fingerprint engine. A shard loads its engine by URL inside its own
 * thread (functions cannot cross a message channel), so the engine is a module that exports
 * `galleryEngine`. The default, fingerprint-engine.ts, wires the template codec and the matcher;
 * tests pass a small toy engine to check sharding and merging without the real matcher.
 */
import type { FingerprintTemplate } from '../fingerprint/types.ts';

export interface GalleryEngine<Prepared = unknown> {
  /** Compact codec bytes → template. Throws BiometricError on bytes that are not a template. */
  decode(bytes: Uint8Array): FingerprintTemplate;
  /** The matcher's precomputed form of a template (edge tables and the like). */
  prepare(template: FingerprintTemplate): Prepared;
  /**
   * 1:1 similarity, higher = more similar; must not depend on anything but its two arguments.
   * Fusion (fusion.ts) reads it on the fingerprint matcher's calibrated scale, 10 × −log10 FMR.
   */
  score(probe: Prepared, candidate: Prepared): number;
}

export interface GalleryEngineModule {
  galleryEngine: GalleryEngine;
}

/** The engine a gallery uses when none is given: the project's codec and matcher. */
export const DEFAULT_ENGINE_URL = new URL('./fingerprint-engine.ts', import.meta.url).href;
