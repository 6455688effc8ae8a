/**
 * Many distinct distractor templates, derived cheaply from the small pool of real synthetic prints
 * (pool.ts), because generating and extracting a million synthetic fingers would take weeks of CPU:
 * chimeras (@siap/biometrics/synth, synth/chimera.ts) of the pool's prints. No derived template
 * shares more than one cell with any other print, so none is a mate of another (or of a real finger).
 */
import type { FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { chimera } from '@siap/biometrics/synth';

export function deriveDistractor(pool: readonly FingerprintTemplate[], index: number): FingerprintTemplate {
  return chimera(pool, index);
}
