/**
 * Shared fingerprint vocabulary. Every part of the engine (extractor, matcher, template codecs,
 * synthetic generator) speaks in these types, so they are agreed here and nowhere else.
 *
 * Coordinates are pixels at the engine's working resolution of 500 dpi (images at other
 * resolutions are rescaled on input), origin top-left, x to the right, y downwards.
 *
 * `direction` is in radians in [0, 2π), measured counterclockwise from the +x axis as seen on
 * screen: the unit vector is (cos θ, −sin θ) in image coordinates (y grows downwards), which is
 * how ISO/IEC 19794-2 and ANSI/INCITS 378 measure angles. For a ridge ending it points from the
 * ending along the ridge it terminates (into the ridge body); for a bifurcation it points from the
 * fork along the stem (the single ridge that splits). The ISO/ANSI codecs map this to the
 * standards' own convention.
 */
export type MinutiaType = 'ending' | 'bifurcation';

export interface Minutia {
  x: number;
  y: number;
  direction: number;
  type: MinutiaType;
  /** Reliability 0..100 (100 = certain), as in ISO/IEC 19794-2 minutia quality. */
  quality: number;
}

/** The engine's working resolution; all templates are expressed at it. */
export const WORKING_DPI = 500;

export interface FingerprintTemplate {
  /** Image size in pixels at 500 dpi. */
  width: number;
  height: number;
  minutiae: Minutia[];
}

/** ISO/IEC 19794-2 finger position codes (0 unknown, 1 right thumb … 10 left little). */
export type FingerPosition = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
