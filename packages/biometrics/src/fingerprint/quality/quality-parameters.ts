/**
 * Constants of the capture-quality score. Each ramp maps a measurement to 0..1 between the level
 * of a poor capture and the level of a good one. Levels were set on the 9 public FVC/Neurotech
 * sets (720 + 408 captures) so that scores spread over the range instead of saturating at 100.
 */
/** Mean orientation coherence (24 px windows) of smeared vs clean prints. */
export const POOR_COHERENCE = 0.2;
export const GOOD_COHERENCE = 0.8;
/**
 * Median block gray-level deviation of faint vs well-contrasted prints. Weighted lightly: the
 * extractor normalises contrast, and the faint low-cost optical set FVC2000_DB1 still matches well.
 */
export const POOR_DEVIATION = 6;
export const GOOD_DEVIATION = 28;
/** ~1.5 cm² of skin at 500 dpi: a typical flat capture of one fingertip. */
export const GOOD_FOREGROUND_AREA_PX = 300 * 300 * 0.5;
/** Typical minutia count of a full, clean flat capture at 500 dpi after false-minutia removal. */
export const GOOD_MINUTIA_COUNT = 40;
export const CLARITY_WEIGHT = 0.4;
export const CONTRAST_WEIGHT = 0.1;
export const AREA_WEIGHT = 0.25;
export const MINUTIA_WEIGHT = 0.25;
/** A component below this fraction of its ramp is reported as a problem. */
export const PROBLEM_LEVEL = 0.35;
/**
 * Enrollment rejects captures scoring below this. Measured with `tsx` over all 1,128 captures of
 * the 9 public sets (every one of them was accepted for the FVC competitions): 0.3 % score below
 * 30, 0.7 % below 40, 1.7 % below 50, 6.3 % below 60. 40 rejects only those outliers (partial
 * or smeared prints); blank and heavily noised synthetic captures score below it
 * (see assess.test.ts).
 */
export const FINGERPRINT_QUALITY_THRESHOLD = 40;
/**
 * Fingerprint likeness (likeness.ts): an image whose foreground finds a ridge period in fewer than
 * this fraction of its blocks is refused as "not a fingerprint". Measured (assessFingerprintLikeness,
 * every second capture of the nine public sets in ../shared/datasets/fingerprints, 564 captures):
 * lowest 0.46 (FVC2000_DB1), 5th percentiles 0.57–0.80 per set; synthetic prints 0.87–0.95; the
 * face and group photos shipped in @vladmandic/face-api (12 portraits at three framings, 12 group
 * photos at two sizes): at most 0.13. 0.3 sits in the middle of that gap.
 */
export const MIN_RIDGE_FREQUENCY_CONSISTENCY = 0.3;
/**
 * Mean orientation coherence floor. On its own it does not separate photos (0.47–0.72, smooth
 * edges are coherent too) from real prints (lowest 0.26, FVC2000_DB4); it refuses what has no
 * direction at all (noise, text, halftone), and 0.2 stays below every real print measured.
 */
export const MIN_LIKENESS_COHERENCE = 0.2;
