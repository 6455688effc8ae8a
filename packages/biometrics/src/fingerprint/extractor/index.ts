// Public extraction API: image input, feature extraction, quality, transparency.
export { decodeFingerprintImage, grayImageFromRaw, type DecodeOptions } from '../image/decode.ts';
export { extractTemplate, type ExtractOptions } from './extract.ts';
export { FINGERPRINT_EXTRACTOR_VERSION } from './version.ts';
export type { TransparencySink } from '../transparency.ts';
export { TRANSPARENCY_KEYS } from '../transparency.ts';
export {
  assessFingerprintQuality,
  FINGERPRINT_QUALITY_THRESHOLD,
  type FingerprintQuality,
  type FingerprintQualityProblem,
} from '../quality/index.ts';
export { assessFingerprintLikeness, assertFingerprintLike, type FingerprintLikeness } from '../quality/likeness.ts';
export { extractAndAssessFingerprint, type ExtractAndAssessOptions, type ExtractedAndAssessed } from '../quality/extract-and-assess.ts';
