export { computeErrorRates, operatingPoints, fnmrAtFmr, thresholdAtFmr, fmrAtFnmr, thresholdAtFnmr, percent, percentile } from './error-rates.ts';
export type { ErrorRates, OperatingPoint } from './error-rates.ts';
export { renderDetSvg, probit } from './det-curve.ts';
export type { DetSeries } from './det-curve.ts';
export { ScoresCsvWriter } from './scores-csv.ts';
export type { ScoreRow } from './scores-csv.ts';
export { startProgress } from './progress.ts';
export type { Progress } from './progress.ts';
