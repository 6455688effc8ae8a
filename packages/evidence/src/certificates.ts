// crypto-engine first: it loads reflect-metadata, which @peculiar/x509 needs as it loads.
import { crypto, SIGNING_ALGORITHM, type CryptoKey, type CryptoKeyPair } from './crypto-engine.ts';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { OID } from './oids.ts';

/** A private key with its certificate and the chain up to (not including) the trusted root. */
export interface SigningIdentity {
  privateKey: CryptoKey;
  certificate: pkijs.Certificate;
  chain: pkijs.Certificate[];
}

/** PEM texts of an identity, as they sit in the signature folder. */
export interface SigningIdentityPem {
  certificatePem: string;
  privateKeyPem: string;
  chainPem?: string;
}

/**
 * The demo trust set: an institution CA and its signing certificate, and a separate time-stamp
 * authority with its own CA (in production the TSA is a third party, reached by URL, whose CA
 * the institution installs). Every item is PEM, ready to be written as a file.
 */
export interface DemoPki {
  institutionCaPem: string;
  institutionSigning: SigningIdentityPem;
  tsaCaPem: string;
  tsa: SigningIdentityPem;
}

const RSA_KEY = { ...SIGNING_ALGORITHM, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
const YEAR_MS = 365 * 24 * 3600 * 1000;
/**
 * Demo certificates start a day before they are made (as the employer's demo PKI does): a clock
 * that is a little behind (another host, a test clock fixed before the keys were made) must not
 * see them as not yet valid.
 */
const BACKDATE_MS = 24 * 3600 * 1000;

async function newKeys(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(RSA_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

async function selfSignedCa(name: string, keys: CryptoKeyPair, now: Date): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + 20 * YEAR_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
}

async function issued(
  subject: string,
  ca: x509.X509Certificate,
  caKeys: CryptoKeyPair,
  keys: CryptoKeyPair,
  now: Date,
  validYears: number,
  extendedKeyUsage: string[] | null,
): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
  ];
  // RFC 3161 §2.3: a TSA certificate carries exactly id-kp-timeStamping, marked critical.
  if (extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension(extendedKeyUsage, true));
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + validYears * YEAR_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    extensions,
  });
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/**
 * Generates the demo trust set. `institution` names the issuing institution in the certificates'
 * subjects (O=); the signing and TSA certificates last `validYears` (short values let tests build
 * expired certificates).
 */
export async function generateDemoPki(options: { institution?: string; now?: Date; validYears?: number } = {}): Promise<DemoPki> {
  const now = options.now ?? new Date();
  const org = (options.institution ?? 'Instituto de demostración').replace(/[,=+<>#;"\\]/g, ' ');
  const validYears = options.validYears ?? 5;
  const institutionCaKeys = await newKeys();
  const institutionCa = await selfSignedCa(`CN=${org} - CA de firma (demostración), O=${org}, C=MX`, institutionCaKeys, now);
  const signingKeys = await newKeys();
  const signing = await issued(`CN=${org} - Sello de firma biométrica, O=${org}, C=MX`, institutionCa, institutionCaKeys, signingKeys, now, validYears, null);
  const tsaCaKeys = await newKeys();
  const tsaCa = await selfSignedCa(`CN=Autoridad de sellado de tiempo - CA (demostración), O=${org}, C=MX`, tsaCaKeys, now);
  const tsaKeys = await newKeys();
  const tsa = await issued(`CN=Autoridad de sellado de tiempo (demostración), O=${org}, C=MX`, tsaCa, tsaCaKeys, tsaKeys, now, validYears, [OID.timeStamping]);
  return {
    institutionCaPem: institutionCa.toString('pem'),
    institutionSigning: { certificatePem: signing.toString('pem'), privateKeyPem: await privateKeyPem(signingKeys.privateKey) },
    tsaCaPem: tsaCa.toString('pem'),
    tsa: { certificatePem: tsa.toString('pem'), privateKeyPem: await privateKeyPem(tsaKeys.privateKey) },
  };
}

/** Every certificate in a PEM text (a bundle may hold several). */
export function parseCertificates(pem: string): pkijs.Certificate[] {
  return x509.PemConverter.decode(pem).map((der) => pkijs.Certificate.fromBER(der));
}

export function parseCertificate(pem: string): pkijs.Certificate {
  const [first] = parseCertificates(pem);
  if (!first) throw new Error('no certificate in the PEM text');
  return first;
}

/** Loads an identity from its PEM texts (private key PKCS#8, RSA). */
export async function loadSigningIdentity(pem: SigningIdentityPem): Promise<SigningIdentity> {
  const [keyDer] = x509.PemConverter.decode(pem.privateKeyPem);
  if (!keyDer) throw new Error('no private key in the PEM text');
  const privateKey = await crypto.subtle.importKey('pkcs8', keyDer, SIGNING_ALGORITHM, false, ['sign']);
  return {
    privateKey,
    certificate: parseCertificate(pem.certificatePem),
    chain: pem.chainPem ? parseCertificates(pem.chainPem) : [],
  };
}
