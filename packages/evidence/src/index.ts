/**
 * Signed, timestamped evidence (CMS/CAdES-BES + RFC 3161) and its independent verifier. A pure
 * library over bytes: no database, no HTTP; the server's signature module and the
 * `signature:verify` CLI are its callers. See README.md.
 */
export { generateDemoPki, loadSigningIdentity, parseCertificate, parseCertificates } from './certificates.ts';
export type { DemoPki, SigningIdentity, SigningIdentityPem } from './certificates.ts';
export { signDetached, parseSignedData } from './cms.ts';
export { EmbeddedTsa, createTimeStampRequest, readTimeStampResponse } from './timestamp.ts';
export type { EmbeddedTsaOptions, TimeStampInfo } from './timestamp.ts';
export { PACKAGE_FILES, buildEvidencePackage } from './evidence-package.ts';
export type { BuildPackageInput, EvidencePackage, PackageFile, TimeStampClient } from './evidence-package.ts';
export { verifyEvidencePackage } from './verify.ts';
export type { PackageVerification, VerificationCheck } from './verify.ts';
export { sha256, toHex } from './crypto-engine.ts';
