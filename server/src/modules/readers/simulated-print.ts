import type { GrayImage } from '@siap/biometrics/fingerprint';
import { generateImpression, generateMasterPrint, type MasterPrint } from '@siap/biometrics/synth';

/**
 * What the simulated scanner captures: the recipe of an impression (which synthetic finger, which
 * impression of it), not its pixels. Drawing a master print costs 0.2–1 s of CPU; done by the
 * driver it ran on the event loop and stalled every other request meanwhile (issue 19 item 4, in
 * demo mode). As a recipe it travels to the extraction worker like any other capture and is
 * drawn there (`renderSimulatedPrint`), below the event loop's priority.
 */
export interface SimulatedPrint {
  kind: 'simulated-print';
  /** The synthetic finger: a pure function of (identity, finger position). */
  masterSeed: number;
  /** The impression of that finger. */
  impressionSeed: number;
}

/** Masters drawn in this thread: a session captures each finger once or twice, a kiosk a few people. */
const MASTER_CACHE_SIZE = 64;
const masters = new Map<number, MasterPrint>();

export function renderSimulatedPrint(sample: SimulatedPrint): GrayImage {
  return generateImpression(master(sample.masterSeed), sample.impressionSeed);
}

function master(seed: number): MasterPrint {
  let found = masters.get(seed);
  if (!found) {
    found = generateMasterPrint(seed);
    if (masters.size >= MASTER_CACHE_SIZE) masters.delete(masters.keys().next().value!);
    masters.set(seed, found);
  }
  return found;
}
