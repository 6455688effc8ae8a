import { createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertKeyMatches, openKey, readCertificate, signMessage, type EfirmaProblem } from './efirma-key.ts';

const PASSWORD = 'ClaveDePrueba2026';
const RFC = 'GODE561231GR8';
const CURP = 'GODE561231HDFRRN04';

function rsaPair() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'der' });
}

/** A SAT-like certificate (RFC in 2.5.4.45, CURP in 2.5.4.5), self-signed with forge for the test. */
function certificateFor(pkcs8: Buffer): Uint8Array {
  const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(pkcs8.toString('binary'))) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [{ name: 'commonName', value: 'JOSÉ VÁZQUEZ PEÑA', valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }, { type: '2.5.4.45', value: `${RFC} / ` }, { type: '2.5.4.5', value: CURP }];
  // @types/node-forge types valueTagClass as a tag class; forge reads it as the ASN.1 type (UTF8String).
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(key, forge.md.sha256.create());
  return Uint8Array.from(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
}

/** The `.key` as SAT issues it: encrypted PKCS#8 DER (PBES2), with the given cipher. */
function encryptedKey(pkcs8: Buffer, cipher: string): Uint8Array {
  return Uint8Array.from(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'der', cipher, passphrase: PASSWORD }));
}

function problemOf(action: () => unknown): EfirmaProblem | null {
  try {
    action();
    return null;
  } catch (error) {
    return (error as { code?: EfirmaProblem }).code ?? null;
  }
}

describe('e.firma opened in the browser', () => {
  let pkcs8: Buffer;
  let cer: Uint8Array;
  beforeAll(() => {
    pkcs8 = rsaPair();
    cer = certificateFor(pkcs8);
  });

  it('reads the RFC and CURP where SAT writes them', () => {
    const cert = readCertificate(cer);
    expect(cert.rfc).toBe(RFC);
    expect(cert.curp).toBe(CURP);
    expect(cert.name).toBe('JOSÉ VÁZQUEZ PEÑA');
  });

  it.each(['des-ede3-cbc', 'aes-256-cbc'])('opens a PBES2 %s key, and its signature verifies with the certificate’s key', async (cipher) => {
    const key = openKey(encryptedKey(pkcs8, cipher), PASSWORD);
    const cert = readCertificate(cer);
    assertKeyMatches(cert, key);
    const message = 'SIAP-EFIRMA-LOGIN|reto|nonce';
    const signature = await signMessage(key, message);
    const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
    const publicKey = await webcrypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    expect(await webcrypto.subtle.verify('RSASSA-PKCS1-v1_5', publicKey, signature, new TextEncoder().encode(message))).toBe(true);
  });

  it('tells a wrong password, a key of another certificate and files that are not e.firma apart', () => {
    const key = encryptedKey(pkcs8, 'des-ede3-cbc');
    for (const wrong of ['clavedeprueba2026', 'x', '']) expect(problemOf(() => openKey(key, wrong))).toBe('KEY_PASSWORD_WRONG');
    const other = openKey(encryptedKey(rsaPair(), 'aes-256-cbc'), PASSWORD);
    expect(problemOf(() => assertKeyMatches(readCertificate(cer), other))).toBe('KEY_CERT_MISMATCH');
    expect(problemOf(() => readCertificate(key))).toBe('CER_UNREADABLE');
    expect(problemOf(() => openKey(cer, PASSWORD))).toBe('KEY_UNREADABLE');
    expect(problemOf(() => openKey(new TextEncoder().encode('no es una clave'), PASSWORD))).toBe('KEY_UNREADABLE');
  });
});
