import * as pkijs from 'pkijs';
import { parseCertificates } from './certificates.ts';
import { arrayBuffer, sha256, toHex } from './crypto-engine.ts';
import { parseSignedData } from './cms.ts';
import type { EvidencePackage } from './evidence-package.ts';
import { readTimeStampResponse } from './timestamp.ts';

/**
 * The independent verifier: given the package's files and nothing else (no server, no database),
 * checks in order that
 *   1. evidence.json is readable and names the document's SHA-256,
 *   2. document.pdf has that SHA-256,
 *   3. evidence.p7s is a valid signature over evidence.json,
 *   4. evidence.tsr is a granted RFC 3161 response whose token covers exactly evidence.p7s,
 *   5. the token is validly signed by a TSA chaining to tsa-ca.pem,
 *   6. the signing certificate chains to institution-ca.pem and it, the TSA certificate and their
 *      CAs were valid at the timestamp's time (not today: a certificate that has expired since
 *      does not undo a signature made while it was valid).
 * It stops at the first check that fails and names it.
 */
export interface VerificationCheck {
  id: 'evidence_json' | 'document_hash' | 'cms_signature' | 'timestamp_covers_signature' | 'timestamp_token' | 'certificates_at_timestamp';
  ok: boolean;
  /** What was checked and what was found, in Spanish for the person reading the report. */
  detail: string;
}

export interface PackageVerification {
  valid: boolean;
  checks: VerificationCheck[];
  firstFailure: VerificationCheck | null;
  /** The trusted time of the signature (the timestamp's genTime), once known. */
  timestampedAt: Date | null;
  documentSha256: string | null;
}

export async function verifyEvidencePackage(files: EvidencePackage): Promise<PackageVerification> {
  const checks: VerificationCheck[] = [];
  let timestampedAt: Date | null = null;
  let documentSha256: string | null = null;
  const done = (): PackageVerification => {
    const firstFailure = checks.find((c) => !c.ok) ?? null;
    return { valid: firstFailure === null, checks, firstFailure, timestampedAt, documentSha256 };
  };
  const fail = (id: VerificationCheck['id'], detail: string) => {
    checks.push({ id, ok: false, detail });
    return done();
  };
  const pass = (id: VerificationCheck['id'], detail: string) => checks.push({ id, ok: true, detail });

  // 1–2: the document is the one the evidence names.
  let evidence: { documentSha256?: unknown };
  try {
    evidence = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files.evidence));
  } catch {
    return fail('evidence_json', 'evidence.json no es un JSON válido.');
  }
  if (typeof evidence?.documentSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(evidence.documentSha256)) {
    return fail('evidence_json', 'evidence.json no contiene documentSha256 (SHA-256 en hexadecimal).');
  }
  documentSha256 = evidence.documentSha256;
  pass('evidence_json', 'evidence.json es legible y nombra el SHA-256 del documento.');
  const actual = toHex(await sha256(files.document));
  if (actual !== documentSha256) return fail('document_hash', `document.pdf tiene SHA-256 ${actual}, no el ${documentSha256} firmado.`);
  pass('document_hash', `document.pdf tiene el SHA-256 firmado (${actual}).`);

  // 3: the institution's signature over the evidence.
  let signed: pkijs.SignedData;
  try {
    signed = parseSignedData(files.signature);
    const result = await signed.verify({ signer: 0, data: arrayBuffer(files.evidence), checkChain: false, extendedMode: true });
    if (!result.signatureVerified) throw new Error(result.message || 'firma inválida');
  } catch (error) {
    return fail('cms_signature', `evidence.p7s no es una firma válida de evidence.json (${reason(error)}).`);
  }
  pass('cms_signature', 'evidence.p7s es una firma CMS válida de evidence.json.');

  // 4–5: the timestamp covers this very signature, and is a valid token of the trusted TSA.
  let tsa: ReturnType<typeof readTimeStampResponse>;
  try {
    tsa = readTimeStampResponse(files.timestamp);
  } catch (error) {
    return fail('timestamp_token', `evidence.tsr no es una respuesta de sello de tiempo concedida (${reason(error)}).`);
  }
  const signatureHash = toHex(await sha256(files.signature));
  if (tsa.info.imprintSha256 !== signatureHash) {
    return fail('timestamp_covers_signature', `El sello cubre el SHA-256 ${tsa.info.imprintSha256}, no el de evidence.p7s (${signatureHash}).`);
  }
  pass('timestamp_covers_signature', 'El sello de tiempo cubre exactamente evidence.p7s.');
  let tsaCas: pkijs.Certificate[];
  try {
    tsaCas = parseCertificates(new TextDecoder().decode(files.tsaCa));
    // For a TSTInfo token pkijs also re-checks the imprint against `data`, and the chain at genTime.
    const result = await tsa.signedData.verify({
      signer: 0,
      data: arrayBuffer(files.signature),
      trustedCerts: tsaCas,
      checkChain: true,
      checkDate: tsa.info.genTime,
      extendedMode: true,
    });
    if (!result.signatureVerified) throw new Error(result.message || 'firma del sello inválida');
  } catch (error) {
    return fail('timestamp_token', `evidence.tsr no es un sello de tiempo válido de la autoridad de tsa-ca.pem (${reason(error)}).`);
  }
  timestampedAt = tsa.info.genTime;
  pass('timestamp_token', `evidence.tsr es un sello de tiempo válido del ${timestampedAt.toISOString()}.`);

  // 6: the signer's chain, and every certificate valid at the trusted time.
  try {
    const institutionCas = parseCertificates(new TextDecoder().decode(files.institutionCa));
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: institutionCas,
      certs: (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate),
      checkDate: timestampedAt,
    });
    const chain = await engine.verify();
    if (!chain.result) throw new Error(chain.resultMessage);
    const tsaCertificates = (tsa.signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    for (const certificate of [...institutionCas, ...tsaCas, ...tsaCertificates]) {
      if (certificate.notBefore.value > timestampedAt || certificate.notAfter.value < timestampedAt) {
        throw new Error(`el certificado ${certificate.subject.typesAndValues.map((t) => t.value.valueBlock.value).join(', ')} no era vigente`);
      }
    }
  } catch (error) {
    return fail('certificates_at_timestamp', `Los certificados no eran válidos a la hora del sello (${reason(error)}).`);
  }
  pass('certificates_at_timestamp', 'El certificado de firma se encadena a institution-ca.pem y todos eran vigentes a la hora del sello.');
  return done();
}

function reason(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
