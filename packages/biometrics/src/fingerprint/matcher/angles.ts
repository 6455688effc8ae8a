/** Angle helpers in radians, in the template's convention (counterclockwise, y downwards). */

export const TWO_PI = 2 * Math.PI;

/** Wraps any angle into [0, 2π). */
export function normalizeAngle(angle: number): number {
  const a = angle % TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}

/** Smallest absolute difference between two angles, in [0, π]. */
export function angleDistance(a: number, b: number): number {
  let d = a - b;
  if (d < 0) d = -d;
  // d % 2π is exactly d below 2π (the remainder is exact), which is every call with two angles
  // in [0, 2π): skip it there, as V8 computes it with the x87 fprem instruction (slow).
  if (d >= TWO_PI) d = d % TWO_PI;
  return d > Math.PI ? TWO_PI - d : d;
}

/**
 * Direction of the vector (dx, dy) given in image coordinates (y down), in the same convention as
 * Minutia.direction: the unit vector of angle θ is (cos θ, −sin θ).
 */
export function vectorAngle(dx: number, dy: number): number {
  return normalizeAngle(Math.atan2(-dy, dx));
}
