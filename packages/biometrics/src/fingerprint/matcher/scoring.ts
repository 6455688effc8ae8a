import {
  ANGLE_ERROR_FLATNESS,
  DISTANCE_ERROR_FLATNESS,
  MAX_ANGLE_ERROR,
  MAX_DISTANCE_ERROR,
  MIN_SUPPORTING_EDGES,
  QUICK_SCORE_WEIGHTS,
  SIMILARITY_WEIGHTS,
} from '../matcher-parameters.ts';
import type { Pairing } from './pairing.ts';
import type { PreparedTemplate } from './prepared-template.ts';

/**
 * Quick score of one pairing, to pick the best of the pairings grown from different roots of the
 * same comparison: a weighted sum of evidence that the pairing is not chance — how many minutiae
 * paired, what share of both templates that is, how many extra consistent edges hold the tree
 * together, type agreement, and how small the edge errors are (SourceAFIS's terms).
 */
export function quickScore(probe: PreparedTemplate, candidate: PreparedTemplate, pairing: Pairing): number {
  const k = pairing.count;
  if (k === 0) return 0;
  let supportSum = 0;
  let supported = 0;
  let typeHits = 0;
  let lengthErrorSum = 0;
  let angleErrorSum = 0;
  const flatLength = DISTANCE_ERROR_FLATNESS * MAX_DISTANCE_ERROR;
  const flatAngle = ANGLE_ERROR_FLATNESS * MAX_ANGLE_ERROR * 2;
  for (let t = 0; t < k; t++) {
    const s = pairing.support[t];
    supportSum += s;
    if (s >= MIN_SUPPORTING_EDGES) supported++;
    if (probe.type[pairing.probe[t]] === candidate.type[pairing.candidate[t]]) typeHits++;
    if (t > 0) {
      const le = pairing.lengthError[t];
      const ae = pairing.angleError[t];
      lengthErrorSum += le > flatLength ? le : flatLength;
      angleErrorSum += ae > flatAngle ? ae : flatAngle;
    }
  }
  const fraction = 0.5 * (k / probe.count + k / candidate.count);
  const lengthPotential = MAX_DISTANCE_ERROR * (k - 1);
  const anglePotential = 2 * MAX_ANGLE_ERROR * (k - 1);
  const distanceAccuracy = lengthPotential > 0 ? Math.max(0, lengthPotential - lengthErrorSum) / lengthPotential : 0;
  const angleAccuracy = anglePotential > 0 ? Math.max(0, anglePotential - angleErrorSum) / anglePotential : 0;
  const w = QUICK_SCORE_WEIGHTS;
  return (
    w.pairedMinutia * k +
    w.pairedFraction * fraction +
    w.supportedMinutia * supported +
    w.edge * (k + supportSum) +
    w.typeHit * typeHits +
    w.distanceAccuracy * distanceAccuracy +
    w.angleAccuracy * angleAccuracy
  );
}

/**
 * Similarity of the best pairing as the log-odds that both templates come from one finger
 * (weights and their meaning: SIMILARITY_WEIGHTS). `rootVotes` is the vote count of the best
 * root pair of the comparison (root-pairs.ts), `ownVotes` that of the root the pairing grew from.
 */
export function similarity(
  probe: PreparedTemplate,
  candidate: PreparedTemplate,
  pairing: Pairing,
  rootVotes: number,
  ownVotes: number,
): number {
  const k = pairing.count;
  let supportSum = 0;
  let typeHits = 0;
  let angleErrorSum = 0;
  let lengthErrorSum = 0;
  for (let t = 0; t < k; t++) {
    supportSum += pairing.support[t];
    if (probe.type[pairing.probe[t]] === candidate.type[pairing.candidate[t]]) typeHits++;
    if (t > 0) {
      angleErrorSum += pairing.angleError[t];
      lengthErrorSum += pairing.lengthError[t];
    }
  }
  const perPair = 1 / Math.max(1, k);
  const w = SIMILARITY_WEIGHTS;
  return (
    w.bias +
    w.paired * k +
    w.sqrtPaired * Math.sqrt(k) +
    w.pairedFraction * 0.5 * (k / probe.count + k / candidate.count) +
    w.supportPerPair * supportSum * perPair +
    w.typeAgreement * typeHits * perPair +
    w.meanAngleError * (k > 1 ? angleErrorSum / (k - 1) : 0) +
    w.meanLengthError * (k > 1 ? lengthErrorSum / (k - 1) : 0) +
    w.rootVotes * rootVotes +
    w.ownVotes * ownVotes +
    w.logSizes * Math.log(Math.max(1, probe.count * candidate.count))
  );
}
