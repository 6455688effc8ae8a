/**
 * (sin 2θ, cos 2θ) pairs where an orientation bin is easiest to get wrong: signed zeros, the axes,
 * values next to zero, and doubled angles right at and a hair either side of every bin boundary
 * (k + 0.5)·π/bins. Shared by the tests of orientationBin against Math.atan2 and of its compiled twin.
 */
export function orientationEdgeCases(bins: number, epsilons: readonly number[]): [number, number][] {
  const cases: [number, number][] = [
    [0, 0],
    [-0, 0],
    [0, -0],
    [-0, -0],
    [0, 1],
    [0, -1],
    [-0, -1],
    [1, 0],
    [-1, 0],
    [1e-300, -1],
    [-1e-300, -1],
  ];
  for (let k = -bins; k <= bins; k++) {
    const boundary = ((k + 0.5) * 2 * Math.PI) / bins;
    for (const eps of epsilons) cases.push([Math.sin(boundary + eps), Math.cos(boundary + eps)]);
  }
  return cases;
}
