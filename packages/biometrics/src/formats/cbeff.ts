/**
 * Registered identifiers that finger minutiae records carry (CBEFF, ISO/IEC 19785 and
 * ANSI/INCITS 398; the registry is kept by the International Biometrics + Identity Association).
 *
 * A record's product owner tells a reader whose software wrote it; ANSI/INCITS 378 requires it to
 * be nonzero, and strict readers (FingerprintIO among them) refuse 0. An institution that has its
 * own IBIA registration passes it in the encoders' options; without one we write IBIA's code for
 * "unknown organization", as SourceAFIS does.
 */
export interface CbeffProductId {
  /** IBIA-registered product owner (organization), nonzero in every version but 2004. */
  owner: number;
  /** The owner's own product/type code. */
  type: number;
}

/** IBIA's registered organization code for "unknown". */
export const IBIA_UNKNOWN_ORGANIZATION = 0x0103;

/** Quality algorithm ID for "unknown" under the unknown organization (ANSI/INCITS 378-2009 view header). */
export const IBIA_UNKNOWN_QUALITY_ALGORITHM = 0x0001;
