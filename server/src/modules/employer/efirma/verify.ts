import 'reflect-metadata';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { AppError } from '../../../shared/app-error.ts';
import { OID_CURP, OID_RFC, RSA_SHA256 } from './pki.ts';

export interface EfirmaTrust {
  /** Folder of trusted CA certificates (DER .cer/.crt or PEM): EFIRMA_TRUSTED_CA_DIR. */
  trustedCaDir: string;
  /** Optional folder of CRLs (DER .crl or PEM) checked before the certificate's distribution point. */
  crlDir: string | null;
  /** How a CRL is fetched from a distribution point URL (tests point it at a local fake responder). */
  fetchCrl?: (url: string) => Promise<Uint8Array>;
}

export interface CertificateIdentity {
  rfc: string;
  curp: string | null;
  name: string;
  serialNumber: string;
  notAfter: string;
  issuer: string;
}

const refused = (code: string, message: string, status = 401) => new AppError(code, message, status);

/** Reads every certificate of a folder; a file that is not one is skipped (README files, etc.). */
async function readCertificates(dir: string): Promise<x509.X509Certificate[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw refused('EFIRMA_TRUST_UNAVAILABLE', 'No están configuradas las autoridades certificadoras de confianza (EFIRMA_TRUSTED_CA_DIR).', 503);
  }
  const certs: x509.X509Certificate[] = [];
  for (const name of names.filter((n) => /\.(cer|crt|pem|der)$/i.test(n))) {
    try {
      certs.push(new x509.X509Certificate(await readFile(join(dir, name))));
    } catch {
      // not a certificate
    }
  }
  return certs;
}

async function readCrls(dir: string | null): Promise<x509.X509Crl[]> {
  if (!dir) return [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const crls: x509.X509Crl[] = [];
  for (const name of names.filter((n) => /\.crl$/i.test(n))) {
    try {
      crls.push(new x509.X509Crl(await readFile(join(dir, name))));
    } catch {
      // not a CRL
    }
  }
  return crls;
}

export function parseCertificate(der: Uint8Array): x509.X509Certificate {
  try {
    return new x509.X509Certificate(der);
  } catch {
    throw refused('EFIRMA_CERTIFICATE_INVALID', 'El archivo .cer no es un certificado X.509 válido (DER).', 400);
  }
}

/**
 * SAT writes the RFC in x500UniqueIdentifier and the CURP in serialNumber; for a persona moral both
 * carry "company / representative" ("AAA010101AAA / PEJJ800101AB1", " / PEJJ800101HDFRRN09").
 */
export function identityOf(cert: x509.X509Certificate): CertificateIdentity {
  const rfcField = cert.subjectName.getField(OID_RFC)[0] ?? '';
  const curpField = cert.subjectName.getField(OID_CURP)[0] ?? '';
  const rfc = rfcField.split('/').map((s) => s.trim()).find(Boolean) ?? '';
  const curp = curpField.split('/').map((s) => s.trim()).filter(Boolean).pop() ?? null;
  if (!rfc) throw refused('EFIRMA_NO_RFC', 'El certificado no contiene un RFC (x500UniqueIdentifier).', 400);
  return {
    rfc: rfc.toUpperCase(),
    curp: curp?.toUpperCase() ?? null,
    name: cert.subjectName.getField('CN')[0] ?? '',
    serialNumber: cert.serialNumber,
    notAfter: cert.notAfter.toISOString(),
    issuer: cert.issuer,
  };
}

/**
 * Every check of an e.firma login, in the order a person would want to hear about them: the
 * signature over the challenge (a key that is not the certificate's), the validity dates, the
 * chain to a trusted CA, the revocation status (CRL from the folder, else from the certificate's
 * distribution point; unknown status is a refusal).
 */
export async function verifyEfirma(certDer: Uint8Array, message: Uint8Array, signature: Uint8Array, now: Date, trust: EfirmaTrust): Promise<CertificateIdentity> {
  const cert = parseCertificate(certDer);
  const publicKey = await cert.publicKey.export(RSA_SHA256, ['verify'], webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]).catch(() => {
    throw refused('EFIRMA_CERTIFICATE_INVALID', 'El certificado no contiene una clave RSA.', 400);
  });
  const signed = await webcrypto.subtle.verify(RSA_SHA256, publicKey as unknown as webcrypto.CryptoKey, signature, message);
  if (!signed) throw refused('EFIRMA_SIGNATURE_INVALID', 'La firma no corresponde al certificado: la clave privada (.key) no es la de este certificado (.cer).');
  if (now < cert.notBefore) throw refused('EFIRMA_NOT_YET_VALID', `El certificado aún no es válido (desde ${cert.notBefore.toISOString().slice(0, 10)}).`);
  if (now > cert.notAfter) throw refused('EFIRMA_EXPIRED', `El certificado venció el ${cert.notAfter.toISOString().slice(0, 10)}. Renueve su e.firma en el SAT.`);

  const anchors = await readCertificates(trust.trustedCaDir);
  let issuer: x509.X509Certificate | undefined;
  for (const ca of anchors.filter((a) => a.subject === cert.issuer)) {
    if (await cert.verify({ publicKey: ca.publicKey, signatureOnly: true })) {
      issuer = ca;
      break;
    }
  }
  if (!issuer) throw refused('EFIRMA_UNTRUSTED', 'El certificado no fue emitido por una autoridad certificadora de confianza (SAT).');
  if (now > issuer.notAfter) throw refused('EFIRMA_UNTRUSTED', 'La autoridad certificadora que emitió el certificado ya no está vigente.');

  const crl = await findCrl(cert, issuer, now, trust);
  if (crl.findRevoked(cert)) throw refused('EFIRMA_REVOKED', 'El certificado fue revocado. Tramite una nueva e.firma en el SAT.');
  return identityOf(cert);
}

async function findCrl(cert: x509.X509Certificate, issuer: x509.X509Certificate, now: Date, trust: EfirmaTrust): Promise<x509.X509Crl> {
  const usable = async (crl: x509.X509Crl) =>
    crl.issuer === issuer.subject && (!crl.nextUpdate || crl.nextUpdate >= now) && (await crl.verify({ publicKey: issuer.publicKey }));
  for (const crl of await readCrls(trust.crlDir)) if (await usable(crl)) return crl;
  const urls = (cert.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints ?? [])
    .flatMap((d) => d.distributionPoint?.fullName ?? [])
    .map((n) => n.uniformResourceIdentifier)
    .filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u));
  const fetchCrl = trust.fetchCrl ?? defaultFetchCrl;
  for (const url of urls) {
    try {
      const crl = new x509.X509Crl(await fetchCrl(url));
      if (await usable(crl)) return crl;
    } catch {
      // try the next distribution point
    }
  }
  throw refused('EFIRMA_REVOCATION_UNKNOWN', 'No se pudo comprobar si el certificado está revocado (lista de revocación no disponible). Intente más tarde.', 503);
}

async function defaultFetchCrl(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`CRL ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
