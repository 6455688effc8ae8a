import {
  ANGLE_ERROR_FLATNESS,
  DISTANCE_ERROR_FLATNESS,
  MAX_ANGLE_ERROR,
  MAX_DISTANCE_ERROR,
  MIN_OVERLAP_MINUTIAE,
  MIN_SUPPORTING_EDGES,
  SCORE_WEIGHTS,
} from '../matcher-parameters.ts';
import { alignment, alignPairing } from './alignment.ts';
import type { Pairing } from './pairing.ts';
import type { PreparedTemplate } from './prepared-template.ts';

/**
 * Raw similarity of one pairing: a weighted sum of evidence that the pairing is not chance —
 * how many minutiae paired, what share of both templates that is, how many extra consistent
 * edges hold the tree together, type agreement, and how small the edge errors are. The terms
 * follow SourceAFIS's scoring; the weights are ours (matcher-parameters.ts).
 */
export function scorePairing(probe: PreparedTemplate, candidate: PreparedTemplate, pairing: Pairing, aligned: boolean): number {
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
  // Without alignment: share of whole templates (SourceAFIS). With it: only pairs that agree with
  // the rigid fit count, as a share of the minutiae inside the common area (see alignment.ts).
  let paired = k;
  let fraction = 0.5 * (k / probe.count + k / candidate.count);
  let consistency = 1;
  if (aligned) {
    alignPairing(probe, candidate, pairing);
    paired = alignment.consistent;
    consistency = paired / k;
    const probeArea = Math.max(paired, alignment.probeInOverlap, MIN_OVERLAP_MINUTIAE);
    const candidateArea = Math.max(paired, alignment.candidateInOverlap, MIN_OVERLAP_MINUTIAE);
    fraction = 0.5 * (paired / probeArea + paired / candidateArea);
  }
  const lengthPotential = MAX_DISTANCE_ERROR * (k - 1);
  const anglePotential = 2 * MAX_ANGLE_ERROR * (k - 1);
  const distanceAccuracy = lengthPotential > 0 ? Math.max(0, lengthPotential - lengthErrorSum) / lengthPotential : 0;
  const angleAccuracy = anglePotential > 0 ? Math.max(0, anglePotential - angleErrorSum) / anglePotential : 0;
  const w = SCORE_WEIGHTS;
  return (
    w.pairedMinutia * paired +
    w.pairedFraction * fraction +
    consistency * (w.supportedMinutia * supported + w.edge * (k + supportSum) + w.typeHit * typeHits) +
    w.distanceAccuracy * distanceAccuracy +
    w.angleAccuracy * angleAccuracy
  );
}
