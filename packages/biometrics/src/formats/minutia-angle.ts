import type { Minutia } from '../fingerprint/types.ts';
import { corrupt } from './bytes.ts';
import { wrapAngle, type AngleCodec } from './minutiae-record.ts';

/**
 * Minutia angle conventions.
 *
 * Both standards define minutia type, location and direction in their minutiae-determination
 * clause (clause 6 of ISO/IEC 19794-2:2005 and of ANSI/INCITS 378-2004) and store the angle in
 * the record-format clause (clause 7): measured counterclockwise from the horizontal axis
 * pointing right, as the image is seen — the same reference as our types.ts, so no mirroring is
 * needed. What differs is which way along the ridge the angle points. In ANSI/INCITS 378 (and in
 * the NIST EFS markup of ANSI/NIST-ITL 1-2011, which follows it) a ridge ending's angle runs *up
 * the ridge* it terminates, while a bifurcation's angle runs *down the valley* between the two
 * branches — a bifurcation being the ending of that valley. ISO/IEC 19794-2:2005 defines the
 * angle the same way; SourceAFIS/FingerprintIO read and write both standards with one mapping
 * from a ridge-ending-into-ridge, bifurcation-into-valley direction.
 *
 * Our convention (types.ts) points a bifurcation along its stem, i.e. away from the branches,
 * so:  standard angle = direction            for ridge endings
 *      standard angle = direction + π        for bifurcations,
 * and the inverse on reading. Angles are wrapped into [0, 2π) before quantising, so 359.9°
 * becomes code 0 rather than an out-of-range 256 (ISO) or 180 (ANSI).
 */
function toStandard(direction: number, type: Minutia['type']): number {
  return wrapAngle(type === 'bifurcation' ? direction + Math.PI : direction);
}

function fromStandard(angle: number, type: Minutia['type']): number {
  return wrapAngle(type === 'bifurcation' ? angle - Math.PI : angle);
}

/** ISO/IEC 19794-2:2005: one byte in units of 360/256 = 1.40625°. */
export const ISO_2005_ANGLE: AngleCodec = {
  encode: (direction, type) => Math.round((toStandard(direction, type) / (2 * Math.PI)) * 256) % 256,
  decode: (value, type) => fromStandard((value / 256) * 2 * Math.PI, type),
};

/** ANSI/INCITS 378-2004: one byte in units of 2°, valid values 0–179. */
export const ANSI_2004_ANGLE: AngleCodec = {
  encode: (direction, type) => Math.round((toStandard(direction, type) / (2 * Math.PI)) * 180) % 180,
  decode: (value, type, where) => {
    if (value >= 180) throw corrupt('minutia angle above 179 (2° units)', { index: where, value });
    return fromStandard((value / 180) * 2 * Math.PI, type);
  },
};
