import 'reflect-metadata';
import { createPrivateKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** RSA PKCS#1 v1.5 with SHA-256: what SAT's e.firma certificates and signatures use. */
export const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** SAT puts the RFC in x500UniqueIdentifier (2.5.4.45) and the CURP in serialNumber (2.5.4.5). */
export const OID_RFC = '2.5.4.45';
export const OID_CURP = '2.5.4.5';

export interface KeyPairFiles {
  keys: CryptoKeyPair;
  /** Unencrypted PKCS#8 DER (kept in memory only). */
  pkcs8: Buffer;
}

export type { CryptoKey, CryptoKeyPair };

export async function generateRsaKeys(): Promise<KeyPairFiles> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey('pkcs8', pkcs8, RSA_SHA256, true, ['sign']),
    publicKey: await subtle.importKey('spki', spki, RSA_SHA256, true, ['verify']),
  } as CryptoKeyPair;
  return { keys, pkcs8 };
}

/** The SAT `.key` format: PKCS#8 EncryptedPrivateKeyInfo, DER (here PBES2 · PBKDF2-SHA256 · AES-256-CBC). */
export function encryptedPkcs8Der(pkcs8: Buffer, password: string): Buffer {
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: password });
}

export async function createCa(name: string, keys: CryptoKeyPair, notBefore: Date, years = 10): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore,
    notAfter: new Date(notBefore.getTime() + years * 365 * 86_400_000),
    keys,
    signingAlgorithm: RSA_SHA256,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
}

export interface SubjectCertificate {
  ca: x509.X509Certificate;
  caKey: CryptoKey;
  publicKey: CryptoKey;
  /** e.g. [{ CN: ['…'] }, { '2.5.4.45': ['RFC'] }, …] — JSON name so OIDs are written as given. */
  subject: x509.JsonName;
  notBefore: Date;
  notAfter: Date;
  crlUrl?: string;
  keyUsage?: number;
}

export async function issueCertificate(spec: SubjectCertificate): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(spec.keyUsage ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
  ];
  if (spec.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([spec.crlUrl]));
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: new x509.Name(spec.subject).toString(),
    issuer: spec.ca.subject,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    signingAlgorithm: RSA_SHA256,
    publicKey: spec.publicKey,
    signingKey: spec.caKey,
    extensions,
  });
}

export async function createCrl(ca: x509.X509Certificate, caKey: CryptoKey, revoked: x509.X509Certificate[], thisUpdate: Date, days = 7): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create({
    issuer: ca.subject,
    thisUpdate,
    nextUpdate: new Date(thisUpdate.getTime() + days * 86_400_000),
    entries: revoked.map((c) => ({ serialNumber: c.serialNumber, revocationDate: thisUpdate })),
    signingAlgorithm: RSA_SHA256,
    signingKey: caKey,
  });
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}
