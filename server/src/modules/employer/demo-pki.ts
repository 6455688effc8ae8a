import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import forge from 'node-forge';
import * as x509 from '@peculiar/x509';
import { createCa, createCrl, encryptedPkcs8Der, generateRsaKeys, issueCertificate, OID_CURP, OID_RFC, RSA_SHA256 } from './efirma/pki.ts';

const DAY = 86_400_000;
export const DEMO_EFIRMA_PASSWORD = 'EfirmaDemo2025';

export interface DemoPkiFiles {
  dir: string;
  caCert: string;
  patronCer: string;
  patronKey: string;
  password: string;
  institutionP12: string;
  institutionCer: string;
}

export function demoPkiFiles(dir: string): DemoPkiFiles {
  return {
    dir,
    caCert: join(dir, 'efirma', 'ca', 'ac-demo-sat.cer'),
    patronCer: join(dir, 'efirma', 'patron-demo.cer'),
    patronKey: join(dir, 'efirma', 'patron-demo.key'),
    password: DEMO_EFIRMA_PASSWORD,
    institutionP12: join(dir, 'institucion', 'constancias.p12'),
    institutionCer: join(dir, 'institucion', 'constancias.cer'),
  };
}

/**
 * The demo's PKI, written once into `dir` and kept across restarts: a SAT-like CA (trusted through
 * efirma/ca/), the demo patrón's e.firma (.cer DER + .key encrypted PKCS#8 DER, password
 * DEMO_EFIRMA_PASSWORD) with the RFC and CURP where SAT puts them, a CRL refreshed on every start
 * (efirma/crl/), and the institution's signing key and certificate for constancias (PKCS#12).
 * Demo only: the CA key sits in efirma/privado/. Names are ASCII: node-forge (under @signpdf's
 * P12Signer) re-encodes the issuer name into the CMS signer identifier, and a non-ASCII name would
 * then no longer match the certificate (pdfsig: "signer certificate not found").
 */
export async function ensureDemoPki(dir: string, patron: { name: string; rfc: string; curp: string }, signingPassword: string, now = new Date()): Promise<DemoPkiFiles> {
  const files = demoPkiFiles(dir);
  for (const sub of ['efirma/ca', 'efirma/crl', 'efirma/privado', 'institucion']) await mkdir(join(dir, sub), { recursive: true });
  const caKeyFile = join(dir, 'efirma', 'privado', 'ac-demo-sat.pkcs8');
  let ca: x509.X509Certificate;
  let caKey: webcrypto.CryptoKey;
  if (existsSync(files.caCert) && existsSync(caKeyFile)) {
    ca = new x509.X509Certificate(await readFile(files.caCert));
    caKey = await webcrypto.subtle.importKey('pkcs8', await readFile(caKeyFile), RSA_SHA256, false, ['sign']);
  } else {
    const keys = await generateRsaKeys();
    ca = await createCa('CN=AC DEMO DEL SAT, OU=SAT-IES Authority (demostracion), O=Servicio de Administracion Tributaria, C=MX', keys.keys, new Date(now.getTime() - DAY));
    caKey = keys.keys.privateKey;
    await writeFile(files.caCert, Buffer.from(ca.rawData));
    await writeFile(caKeyFile, keys.pkcs8, { mode: 0o600 });
  }
  if (!existsSync(files.patronCer) || !existsSync(files.patronKey)) {
    const keys = await generateRsaKeys();
    const cert = await issueCertificate({
      ca,
      caKey,
      publicKey: keys.keys.publicKey,
      subject: [{ CN: [patron.name] }, { [OID_RFC]: [patron.rfc] }, { [OID_CURP]: [patron.curp] }, { C: ['MX'] }],
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 4 * 365 * DAY),
    });
    await writeFile(files.patronCer, Buffer.from(cert.rawData));
    await writeFile(files.patronKey, encryptedPkcs8Der(keys.pkcs8, DEMO_EFIRMA_PASSWORD));
  }
  const crl = await createCrl(ca, caKey, [], new Date(now.getTime() - 60_000), 30);
  await writeFile(join(dir, 'efirma', 'crl', 'ac-demo-sat.crl'), Buffer.from(crl.rawData));
  if (!existsSync(files.institutionP12)) {
    const keys = await generateRsaKeys();
    const cert = await issueCertificate({
      ca,
      caKey,
      publicKey: keys.keys.publicKey,
      subject: [{ CN: ['Instituto Mexicano del Seguro Social (demostracion) - Constancias'] }, { O: ['SIAP Biometrico'] }, { C: ['MX'] }],
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 5 * 365 * DAY),
      keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    });
    await writeFile(files.institutionCer, Buffer.from(cert.rawData));
    await writeFile(files.institutionP12, toP12(keys.pkcs8, [cert, ca], signingPassword), { mode: 0o600 });
  }
  return files;
}

/** PKCS#12 with node-forge (the format @signpdf's P12Signer reads). */
export function toP12(pkcs8: Buffer, chain: x509.X509Certificate[], password: string): Buffer {
  const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(pkcs8.toString('binary'))));
  const certs = chain.map((c) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(c.rawData).toString('binary')))));
  const p12 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
