import {
  DISTANCE_ERROR_PER_PIXEL,
  MAX_ANGLE_ERROR,
  MAX_DISTANCE_ERROR,
} from '../matcher-parameters.ts';

// Module-local copies: imported bindings are live, so V8 reloads and hole-checks them on every
// use, while a local const is folded into the code of the hot loops that inline these helpers.
const DISTANCE_ERROR = MAX_DISTANCE_ERROR;
const ERROR_PER_PIXEL = DISTANCE_ERROR_PER_PIXEL;
const ANGLE_ERROR = MAX_ANGLE_ERROR;

/**
 * How far two edge lengths may differ and still be the same edge: a fixed error (minutia
 * localisation) plus a share of the length (elastic stretch of the skin grows with distance).
 */
export function lengthTolerance(a: number, b: number): number {
  return DISTANCE_ERROR + ERROR_PER_PIXEL * 0.5 * (a + b);
}

export function lengthsMatch(a: number, b: number): boolean {
  const d = a - b;
  const tolerance = lengthTolerance(a, b);
  return d <= tolerance && d >= -tolerance;
}

/** Shortest length b that can match a (solves b = a − tolerance(a, b)). */
export function minMatchingLength(a: number): number {
  const r = DISTANCE_ERROR_PER_PIXEL * 0.5;
  return (a * (1 - r) - MAX_DISTANCE_ERROR) / (1 + r);
}

/** Longest length b that can match a (solves b = a + tolerance(a, b)). */
export function maxMatchingLength(a: number): number {
  const r = DISTANCE_ERROR_PER_PIXEL * 0.5;
  return (a * (1 + r) + MAX_DISTANCE_ERROR) / (1 - r);
}

const TWO_PI = 2 * Math.PI;
const COMPLEMENT = TWO_PI - MAX_ANGLE_ERROR;

/** Whether two angles in [0, 2π) are within MAX_ANGLE_ERROR of each other (around the circle). */
export function anglesMatch(a: number, b: number): boolean {
  const d = a > b ? a - b : b - a;
  return d <= ANGLE_ERROR || d >= COMPLEMENT;
}
