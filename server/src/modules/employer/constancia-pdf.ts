import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

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
 * Signs a PDF with the institution's PKCS#12 (key + certificate): a CMS detached signature over
 * the byte ranges, sub-filter ETSI.CAdES.detached, made by @signpdf (node-forge underneath). Any
 * PDF reader, and `pdfsig`, checks it.
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
  return new SignPdf().sign(withPlaceholder, new P12Signer(p12, { passphrase }));
}
