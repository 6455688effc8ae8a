/**
 * Multi-finger score fusion: a subject's fused score is the sum, over the probe's fingers, of the
 * subject's best score for each. Sum-of-best is the simplest rule that grows with every finger
 * that agrees (so ten fingers separate far better than one: impostor sums grow like √n of the
 * spread while genuine sums grow like n), keeps the single-finger scale when only one finger is
 * searched (one threshold for verification and 1:1), and needs no training data, unlike
 * likelihood-ratio fusion. A probe finger whose mate did not survive the pre-filter adds 0.
 */
import type { FingerScore } from './protocol.ts';

export function fuseFingerScores(fingerScores: readonly FingerScore[]): number {
  let sum = 0;
  for (const f of fingerScores) sum += f.score;
  return sum;
}
