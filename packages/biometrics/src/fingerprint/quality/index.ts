export { assessFingerprintQuality, FINGERPRINT_QUALITY_THRESHOLD, type FingerprintQuality, type FingerprintQualityProblem } from './assess.ts';
