/**
 * Synthetic fingerprints in the spirit of SFinGe (Cappelli, Maio & Maltoni): a master print per
 * finger (class, orientation field from the zero-pole model, ridge-period map, ridge pattern
 * grown by iterative Gabor filtering) and any number of sensor impressions of it (placement,
 * plastic distortion, pressure, noise, partial contact). Deterministic from integer seeds.
 */
import { BiometricError } from '../errors.ts';
import type { GrayImage } from '../primitives/gray-image.ts';
import { generateImpression } from './impression.ts';
import { generateMasterPrint } from './master-print.ts';
import { deriveSeed } from './random.ts';

export { FINGER_CLASSES, orientationAt } from './orientation.ts';
export type { FingerClass, SingularPoint, OrientationModel } from './orientation.ts';
export { generateMasterPrint, DEFAULT_WIDTH, DEFAULT_HEIGHT } from './master-print.ts';
export type { MasterPrint, MasterPrintOptions } from './master-print.ts';
export { generateImpression, resolveImpressionOptions } from './impression.ts';
export type { ImpressionOptions, ResolvedImpression } from './impression.ts';
export { createRng, deriveSeed } from './random.ts';
export { mulberry32 } from '../primitives/random.ts';
export type { Rng } from './random.ts';

/** The seed of impression `index` of the finger `seed`, as used by generateFinger. */
export function impressionSeed(seed: number, index: number): number {
  return deriveSeed(seed, `impression:${index}`);
}

/** `impressions` sensor images of the finger identified by `seed` (its class drawn from the seed). */
export function generateFinger(seed: number, impressions: number): GrayImage[] {
  if (!Number.isInteger(impressions) || impressions < 0 || impressions > 1000) {
    throw new BiometricError('SYNTH_OPTIONS_INVALID', 'Parámetros inválidos para generar la huella sintética.', {
      reason: 'impressions must be an integer in 0..1000',
      impressions,
    });
  }
  if (impressions === 0) return [];
  const master = generateMasterPrint(seed);
  const out: GrayImage[] = [];
  for (let i = 0; i < impressions; i++) out.push(generateImpression(master, impressionSeed(seed, i)));
  return out;
}
export { masterMinutiae, impressionMinutiae } from './ground-truth.ts';
export { chimera, MAX_TURN_DEG as CHIMERA_MAX_TURN_DEG } from './chimera.ts';
