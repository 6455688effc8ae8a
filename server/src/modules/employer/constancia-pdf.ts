import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import forge from 'node-forge';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { loadSigningIdentity, signDetached, type SigningIdentity } from '@siap/evidence';

export interface ConstanciaData {
  folio: string;
  issuedAt: string;
  date: string;
  name: string;
  curp: string;
  nss: string | null;
  vigente: boolean;
  reason: string;
  from: string | null;
  to: string | null;
  employer: { name: string; rfc: string; registro: string } | null;
  umf: string | null;
  verifyUrl: string;
}

/** The constancia as an unsigned PDF (pdfkit, uncompressed so the plain placeholder can be added). */
export async function renderConstancia(data: ConstanciaData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(data.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
  const doc = new PDFDocument({ size: 'LETTER', margin: 56, compress: false, info: { Title: `Constancia de Vigencia de Derechos ${data.folio}`, Author: 'SIAP Biométrico' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(16).text('Constancia de Vigencia de Derechos', { align: 'center' });
  doc.moveDown(0.3).font('Helvetica').fontSize(10).text('Instituto Mexicano del Seguro Social — SIAP Biométrico (implementación abierta)', { align: 'center' });
  doc.moveDown(1.2).fontSize(11);
  const row = (label: string, value: string) => doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  row('Folio', data.folio);
  row('Fecha de emisión', data.issuedAt);
  row('Nombre', data.name);
  row('CURP', data.curp);
  row('NSS', data.nss ?? 'sin NSS');
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(14).fillColor(data.vigente ? '#1b5e20' : '#b71c1c').text(data.vigente ? 'VIGENTE' : 'NO VIGENTE');
  doc.fillColor('black').font('Helvetica').fontSize(11).text(`Derecho a servicios médicos al ${data.date}. ${data.reason}`);
  doc.moveDown(0.8);
  row('Patrón', data.employer ? `${data.employer.name} (RFC ${data.employer.rfc})` : '—');
  row('Registro patronal', data.employer?.registro ?? '—');
  row('Unidad de Medicina Familiar', data.umf ?? '—');
  row('Periodo', data.from ? `${data.from} a ${data.to ?? 'la fecha'}` : '—');
  doc.moveDown(1);
  doc.image(qr, { width: 120 });
  doc.moveDown(0.3).fontSize(9).text(`Verifique esta constancia en ${data.verifyUrl}`);
  doc.text('Documento firmado electrónicamente por el Instituto (firma PDF): su lector de PDF muestra si fue alterado.');
  doc.end();
  return done;
}

/**
 * The CMS of a PAdES baseline signature (PAdES-B-B, ETSI EN 319 142-1): detached SignedData over
 * the PDF's byte ranges with content-type, message-digest and signing-certificate-v2, made by
 * @siap/evidence's CAdES-BES signer; no signing-time attribute (the claimed time is the signature
 * dictionary's M entry, which the placeholder writes).
 */
class PadesSigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Buffer.from(await signDetached(pdfBuffer, this.identity, null));
  }
}

function pem(type: 'certificate' | 'key', der: forge.asn1.Asn1): string {
  const body = forge.asn1.toDer(der).getBytes();
  return forge.pem.encode({ type: type === 'certificate' ? 'CERTIFICATE' : 'PRIVATE KEY', body });
}

/**
 * The institution's key and certificate chain from its PKCS#12 (node-forge reads the container,
 * WebCrypto signs): the signing certificate is the one whose public key is the key's.
 */
export async function identityFromP12(p12: Buffer, passphrase: string): Promise<SigningIdentity> {
  const container = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), passphrase);
  const keyBag = [
    ...(container.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(container.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ][0];
  const key = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error('the PKCS#12 has no private key');
  const certificates = (container.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const own = certificates.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
  if (!own) throw new Error('the PKCS#12 has no certificate for its private key');
  return loadSigningIdentity({
    privateKeyPem: pem('key', forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))),
    certificatePem: pem('certificate', forge.pki.certificateToAsn1(own)),
    chainPem: certificates.filter((c) => c !== own).map((c) => pem('certificate', forge.pki.certificateToAsn1(c))).join('\n'),
  });
}

/**
 * Signs a PDF with the institution's PKCS#12 (key + certificate): a PAdES-B-B signature
 * (sub-filter ETSI.CAdES.detached). Any PDF reader, and `pdfsig`, checks it.
 */
export async function signPdf(pdf: Buffer, p12: Buffer, passphrase: string): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'Constancia de Vigencia de Derechos',
    contactInfo: 'SIAP Biométrico',
    name: 'Instituto Mexicano del Seguro Social (demostración)',
    location: 'México',
    signatureLength: 8192,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  return new SignPdf().sign(withPlaceholder, new PadesSigner(await identityFromP12(p12, passphrase)));
}
