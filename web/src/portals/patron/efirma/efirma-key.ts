import forge from 'node-forge';

/**
 * The patrón's e.firma, opened in the browser: the `.cer` (X.509, DER) is read, the `.key`
 * (PKCS#8 EncryptedPrivateKeyInfo, DER — SAT issues PBES2 with DES-EDE3-CBC or AES, which
 * WebCrypto cannot decrypt) is opened with node-forge and the password, checked against the
 * certificate, and handed to WebCrypto to sign the server's one-time challenge. The key and the
 * password never leave this module; only the certificate and the signature are sent.
 */

/** SAT writes the RFC in x500UniqueIdentifier and the CURP in serialNumber (as the server reads them). */
const OID_RFC = '2.5.4.45';
const OID_CURP = '2.5.4.5';
const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export type EfirmaProblem = 'CER_UNREADABLE' | 'KEY_UNREADABLE' | 'KEY_UNSUPPORTED' | 'KEY_PASSWORD_WRONG' | 'KEY_CERT_MISMATCH' | 'SIGNING_FAILED';

const MESSAGES: Record<EfirmaProblem, string> = {
  CER_UNREADABLE: 'El archivo del certificado no es un certificado de e.firma válido. Seleccione el archivo .cer de su e.firma.',
  KEY_UNREADABLE: 'El archivo de la clave privada no es una clave de e.firma (PKCS#8 cifrada). Seleccione el archivo .key de su e.firma.',
  KEY_UNSUPPORTED: 'La clave privada está cifrada con un algoritmo que esta página no puede abrir. Use la clave .key tal como la entregó el SAT.',
  KEY_PASSWORD_WRONG: 'La contraseña de la clave privada no es correcta. Revise mayúsculas y minúsculas e intente de nuevo.',
  KEY_CERT_MISMATCH: 'La clave privada (.key) no corresponde al certificado (.cer). Seleccione los dos archivos de la misma e.firma.',
  SIGNING_FAILED: 'Este navegador no pudo firmar con su e.firma. Intente con una versión reciente de Chrome, Edge, Firefox o Safari.',
};

/** A problem found in the browser, before anything is sent: its code and its Spanish message. */
export class EfirmaFileError extends Error {
  constructor(readonly code: EfirmaProblem) {
    super(MESSAGES[code]);
    this.name = 'EfirmaFileError';
  }
}

export interface EfirmaCertificate {
  der: Uint8Array;
  /** The employer's RFC: for a persona moral SAT writes «RFC moral / RFC del representante»; the first one. */
  rfc: string;
  curp: string | null;
  name: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: forge.pki.rsa.PublicKey;
}

export interface OpenedKey {
  /** PKCS#8 PrivateKeyInfo, DER (what WebCrypto imports). */
  pkcs8: Uint8Array<ArrayBuffer>;
  privateKey: forge.pki.rsa.PrivateKey;
}

function toBinary(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

function fromBinary(binary: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** DER as selected, or PEM if someone converted the file: both are accepted. */
function derOf(bytes: Uint8Array, pemLabel: RegExp): string {
  const head = toBinary(bytes.subarray(0, 64));
  if (!head.startsWith('-----BEGIN')) return toBinary(bytes);
  const text = new TextDecoder().decode(bytes);
  const block = forge.pem.decode(text).find((b) => pemLabel.test(b.type));
  if (!block) throw new Error('no PEM block');
  return block.body;
}

function attribute(cert: forge.pki.Certificate, oid: string): string | null {
  const field = cert.subject.getField({ type: oid }) as { value?: unknown; valueTagClass?: number } | null;
  if (typeof field?.value !== 'string') return null;
  // forge keeps a UTF8String as its raw bytes (SAT writes names with accents this way).
  if (field.valueTagClass !== forge.asn1.Type.UTF8) return field.value;
  try {
    return forge.util.decodeUtf8(field.value);
  } catch {
    return field.value;
  }
}

export function readCertificate(bytes: Uint8Array): EfirmaCertificate {
  let cert: forge.pki.Certificate;
  let der: string;
  try {
    der = derOf(bytes, /CERTIFICATE/);
    cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der));
  } catch {
    throw new EfirmaFileError('CER_UNREADABLE');
  }
  const rfc = (attribute(cert, OID_RFC) ?? '').split('/').map((s) => s.trim()).find(Boolean) ?? '';
  if (!rfc) throw new EfirmaFileError('CER_UNREADABLE');
  const curp = (attribute(cert, OID_CURP) ?? '').split('/').map((s) => s.trim()).find(Boolean) ?? null;
  return {
    der: fromBinary(der),
    rfc: rfc.toUpperCase(),
    curp: curp ? curp.toUpperCase() : null,
    name: attribute(cert, '2.5.4.3') ?? '',
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    publicKey: cert.publicKey as forge.pki.rsa.PublicKey,
  };
}

/** Decrypts the `.key` with its password; a wrong password and a foreign file say so apart. */
export function openKey(bytes: Uint8Array, password: string): OpenedKey {
  let encrypted: forge.asn1.Asn1;
  try {
    encrypted = forge.asn1.fromDer(derOf(bytes, /ENCRYPTED PRIVATE KEY/));
  } catch {
    throw new EfirmaFileError('KEY_UNREADABLE');
  }
  if (!isEncryptedPrivateKeyInfo(encrypted)) throw new EfirmaFileError('KEY_UNREADABLE');
  let info: forge.asn1.Asn1 | null;
  try {
    info = forge.pki.decryptPrivateKeyInfo(encrypted, password);
  } catch (error) {
    // forge names an algorithm it does not implement; otherwise the decrypted bytes were not DER,
    // which a wrong password gives when the padding check passes by chance.
    const message = error instanceof Error ? error.message : '';
    throw new EfirmaFileError(/unsupported|not supported/i.test(message) ? 'KEY_UNSUPPORTED' : 'KEY_PASSWORD_WRONG');
  }
  if (!info) throw new EfirmaFileError('KEY_PASSWORD_WRONG');
  try {
    const privateKey = forge.pki.privateKeyFromAsn1(info) as forge.pki.rsa.PrivateKey;
    return { pkcs8: fromBinary(forge.asn1.toDer(info).getBytes()), privateKey };
  } catch {
    throw new EfirmaFileError('KEY_PASSWORD_WRONG');
  }
}

/** EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING } (RFC 5958 §3). */
function isEncryptedPrivateKeyInfo(node: forge.asn1.Asn1): boolean {
  const { asn1 } = forge;
  if (node.tagClass !== asn1.Class.UNIVERSAL || node.type !== asn1.Type.SEQUENCE || !Array.isArray(node.value) || node.value.length !== 2) return false;
  const [algorithm, data] = node.value;
  return algorithm.type === asn1.Type.SEQUENCE && Array.isArray(algorithm.value) && algorithm.value[0]?.type === asn1.Type.OID && data.type === asn1.Type.OCTETSTRING;
}

/** The key is the certificate's when both carry the same RSA modulus and exponent. */
export function assertKeyMatches(certificate: EfirmaCertificate, key: OpenedKey): void {
  if (certificate.publicKey.n.compareTo(key.privateKey.n) !== 0 || certificate.publicKey.e.compareTo(key.privateKey.e) !== 0) {
    throw new EfirmaFileError('KEY_CERT_MISMATCH');
  }
}

/** RSASSA-PKCS1-v1_5 with SHA-256 over the message's UTF-8 bytes, by WebCrypto (key not extractable). */
export async function signMessage(key: OpenedKey, message: string): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new EfirmaFileError('SIGNING_FAILED');
  try {
    const imported = await subtle.importKey('pkcs8', key.pkcs8, RSA_SHA256, false, ['sign']);
    return new Uint8Array(await subtle.sign(RSA_SHA256, imported, new TextEncoder().encode(message)));
  } catch {
    throw new EfirmaFileError('SIGNING_FAILED');
  }
}

export function toBase64(bytes: Uint8Array): string {
  return btoa(toBinary(bytes));
}
