/**
 * Constants of the capture-quality score. The ramps map a measurement to 0..1 between the level
 * of a poor capture and the level of a good one, as measured on the FVC sets.
 */
/** Mean orientation coherence (24 px windows) of smeared vs clean prints. */
export const POOR_COHERENCE = 0.2;
export const GOOD_COHERENCE = 0.8;
/** Median block gray-level deviation of faint vs well-contrasted prints. */
export const POOR_DEVIATION = 6;
export const GOOD_DEVIATION = 40;
/** ~1.5 cm × 1.5 cm of skin at 500 dpi: a typical flat capture of one fingertip. */
export const GOOD_FOREGROUND_AREA_PX = 300 * 300 * 0.5;
/** Matching becomes reliable from about this many minutiae (ISO 19794-2 enrolment practice). */
export const GOOD_MINUTIA_COUNT = 40;
export const CLARITY_WEIGHT = 0.35;
export const CONTRAST_WEIGHT = 0.2;
export const AREA_WEIGHT = 0.2;
export const MINUTIA_WEIGHT = 0.25;
/** A component below this fraction of its ramp is reported as a problem. */
export const PROBLEM_LEVEL = 0.35;
/** Enrollment rejects captures scoring below this; see the README of this folder for how it was chosen. */
export const FINGERPRINT_QUALITY_THRESHOLD = 40;
