/**
 * Maps the raw pairing score to the published score scale. Placeholder identity until the
 * benchmark measurements fix the calibration table.
 */
export function shapeScore(raw: number): number {
  return raw;
}

export const FINGERPRINT_MATCH_THRESHOLD = 40;
