import type { SigningIdentity } from './certificates.ts';
import { sha256, toHex } from './crypto-engine.ts';
import { signDetached } from './cms.ts';
import { createTimeStampRequest, readTimeStampResponse } from './timestamp.ts';

/**
 * The evidence package of one biometric signature, as files anyone can check without our server:
 *
 *   document.pdf        the signed document, exactly as shown to the signer
 *   evidence.json       what happened: who, which document (its SHA-256 under `documentSha256`),
 *                       the biometric decision, the liveness evidence, channel, station, time
 *   evidence.p7s        detached CMS (CAdES-BES) signature by the institution over evidence.json
 *   evidence.tsr        RFC 3161 time-stamp response over evidence.p7s
 *   institution-ca.pem  the root that the signing certificate chains to
 *   tsa-ca.pem          the root that the time-stamp authority's certificate chains to
 */
export const PACKAGE_FILES = {
  document: 'document.pdf',
  evidence: 'evidence.json',
  signature: 'evidence.p7s',
  timestamp: 'evidence.tsr',
  institutionCa: 'institution-ca.pem',
  tsaCa: 'tsa-ca.pem',
} as const;

export type PackageFile = keyof typeof PACKAGE_FILES;
export type EvidencePackage = Record<PackageFile, Uint8Array>;

/** Sends a DER TimeStampReq to a TSA and returns its DER TimeStampResp (embedded or by URL). */
export type TimeStampClient = (requestDer: Uint8Array) => Promise<Uint8Array>;

export interface BuildPackageInput {
  document: Uint8Array;
  /** The facts to sign; `documentSha256` is added (and must not be given). */
  evidence: Record<string, unknown>;
  signer: SigningIdentity;
  timeStamp: TimeStampClient;
  institutionCaPem: string;
  tsaCaPem: string;
  signingTime?: Date;
}

/**
 * Signs the evidence and time-stamps the signature. Fails (throws) rather than return a package
 * whose timestamp is missing or does not cover its signature: a package is complete or absent.
 */
export async function buildEvidencePackage(input: BuildPackageInput): Promise<EvidencePackage> {
  if ('documentSha256' in input.evidence) throw new Error('documentSha256 is computed here, not given');
  const documentSha256 = toHex(await sha256(input.document));
  const evidence = new TextEncoder().encode(`${JSON.stringify({ documentSha256, ...input.evidence }, null, 2)}\n`);
  const signature = await signDetached(evidence, input.signer, input.signingTime);
  const timestamp = await input.timeStamp(await createTimeStampRequest(signature));
  const { info } = readTimeStampResponse(timestamp);
  if (info.imprintSha256 !== toHex(await sha256(signature))) throw new Error('the timestamp does not cover this signature');
  return {
    document: input.document,
    evidence,
    signature,
    timestamp,
    institutionCa: new TextEncoder().encode(input.institutionCaPem),
    tsaCa: new TextEncoder().encode(input.tsaCaPem),
  };
}
