// Public matching API (prepared templates, 1:1 scores, threshold).
export { prepareProbe, prepareTemplate } from './prepared-template.ts';
export type { PreparedTemplate } from './prepared-template.ts';
export { matchScore, matchDetailed, explainMatch } from './match.ts';
export type { MatchExplanation, SimilarityTerm } from './explanation.ts';
export type { MatchResult } from './match.ts';
export { CALIBRATION_KNOTS, FINGERPRINT_MATCH_THRESHOLD, rawFromScore } from './calibration.ts';
