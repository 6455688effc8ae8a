/** Object identifiers used by the evidence package, with where each is defined. */
export const OID = {
  /** RFC 5652 §4: id-data. */
  data: '1.2.840.113549.1.7.1',
  /** RFC 5652 §5: id-signedData. */
  signedData: '1.2.840.113549.1.7.2',
  /** RFC 5652 §11.1–11.3: content-type, message-digest, signing-time attributes. */
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** RFC 5035 (ESS update): id-aa-signingCertificateV2 — what makes a CMS signature CAdES-BES. */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 3161 §2.4.2: id-ct-TSTInfo. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** RFC 3161 §2.3: id-kp-timeStamping. */
  timeStamping: '1.3.6.1.5.5.7.3.8',
  /** NIST: id-sha256. */
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;
