import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { signDetached, type SigningIdentity } from '@siap/evidence';
import type { Subsidy } from './rules/subsidy.ts';
import type { CertificateTerms } from './rules/certificate.ts';

export interface CertificateDocument {
  folio: string;
  /** The instant of issue: also the PDF's CreationDate, so the rendering is reproducible. */
  issuedAt: Date;
  patient: { name: string; curp: string; nss: string | null };
  physician: string;
  terms: CertificateTerms;
  subsidy: Subsidy;
  employer: { name: string; registro: string } | null;
}

/** The visible signature block of the signed copy. */
export interface SignatureBlock {
  signatureFolio: string;
  signer: string;
  modality: 'rostro' | 'huella';
  decision: string;
  timestampedAt: string;
  tsa: string;
  documentSha256: string;
  verifyUrl: string;
}

const RAMO_WORDS = { enfermedad_general: 'Enfermedad general', riesgo_trabajo: 'Riesgo de trabajo', maternidad: 'Maternidad' } as const;
const TIPO_WORDS = { inicial: 'Inicial', subsecuente: 'Subsecuente', recaida: 'Recaída' } as const;

function utc(d: Date): string {
  return `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/**
 * The certificado as a PDF. Without `signature` it is the canonical document the person reviews
 * and whose SHA-256 the evidence names: the same data always give the same bytes (pdfkit derives
 * the file ID from the info dictionary, whose CreationDate is the issue time). With `signature`
 * it is the signed copy: the same content plus the visible signature block and the QR.
 */
export async function renderCertificate(data: CertificateDocument, signature?: SignatureBlock): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 56,
    compress: false,
    info: { Title: `Certificado de incapacidad ${data.folio}`, Author: 'SIAP Biométrico', CreationDate: data.issuedAt, ModDate: data.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const row = (label: string, value: string) => doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  const { terms, subsidy } = data;

  doc.font('Helvetica-Bold').fontSize(15).text('Certificado de incapacidad temporal para el trabajo', { align: 'center' });
  doc.moveDown(0.3).font('Helvetica').fontSize(10).text('Instituto Mexicano del Seguro Social — SIAP Biométrico (implementación abierta)', { align: 'center' });
  doc.moveDown(1).fontSize(11);
  row('Folio', data.folio);
  row('Expedido', utc(data.issuedAt));
  row('Médico', data.physician);
  doc.moveDown(0.5);
  row('Asegurado(a)', data.patient.name);
  row('CURP', data.patient.curp);
  row('NSS', data.patient.nss ?? 'sin NSS');
  row('Patrón', data.employer ? `${data.employer.name} (registro patronal ${data.employer.registro})` : 'sin patrón registrado');
  doc.moveDown(0.5);
  row('Ramo', RAMO_WORDS[terms.ramo]);
  row('Tipo', TIPO_WORDS[terms.tipo]);
  row('Diagnóstico (CIE-10)', terms.diagnosisCode);
  row('Días autorizados', `${terms.days}, del ${terms.startDate} al ${terms.endDate}`);
  if (terms.maternity) {
    row('Descanso prenatal', `${terms.maternity.prenatalDays} días${terms.maternity.weeksTransferred ? ` (${terms.maternity.weeksTransferred} semanas transferidas al posnatal, LFT art. 170 fr. II)` : ''}`);
    row('Descanso posnatal', `${terms.maternity.postnatalDays} días`);
    row('Fecha probable de parto', terms.maternity.probableBirthDate);
  }
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').text('Subsidio');
  if (subsidy.eligible) {
    doc.font('Helvetica').text(`${subsidy.rate} % del salario base de cotización (${subsidy.sbc}) = ${subsidy.dailyAmount} diarios por ${subsidy.paidDays} días desde el ${subsidy.firstPaidDate}: ${subsidy.total} en total.`);
  } else {
    doc.font('Helvetica').text(`Sin subsidio del Instituto: ${subsidy.reason ?? ''}`);
  }
  for (const check of subsidy.checks) doc.fontSize(9).text(`${check.met ? '[cumple]' : '[no cumple]'} ${check.rule} (${check.source}): ${check.detail}`);
  if (subsidy.historySource === 'demostracion') doc.fontSize(9).text('Historial de cotización de demostración: la persona aún no tiene movimientos de un patrón en el sistema.');
  doc.fontSize(11).moveDown(1);

  if (signature) {
    const qr = await QRCode.toBuffer(signature.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
    const top = doc.y;
    doc.rect(56, top, 500, 150).stroke();
    doc.image(qr, 66, top + 10, { width: 120 });
    doc.font('Helvetica-Bold').fontSize(11).text('Firmado biométricamente por la persona asegurada', 200, top + 10, { width: 346 });
    doc.font('Helvetica').fontSize(9);
    doc.text(`${signature.signer} · ${signature.modality === 'rostro' ? 'rostro con prueba de vida' : 'huella en estación'} (${signature.decision})`, { width: 346 });
    doc.text(`Sello de tiempo: ${signature.timestampedAt} (${signature.tsa})`, { width: 346 });
    doc.text(`Folio de firma: ${signature.signatureFolio}`, { width: 346 });
    doc.text(`SHA-256 del documento firmado: ${signature.documentSha256}`, { width: 346 });
    doc.text(`Verifique en ${signature.verifyUrl}`, { width: 346 });
    doc.x = 56;
    doc.y = top + 160;
    doc.fontSize(8).text('La evidencia (evidence.json, evidence.p7s, evidence.tsr) se descarga del portal y se verifica sin el servidor: npm run signature:verify, o OpenSSL (cms -verify, ts -verify).');
  } else {
    doc.font('Helvetica-Oblique').fontSize(10).text('Pendiente de firma de la persona asegurada. Este es el documento que revisa y firma; su SHA-256 queda en la evidencia de la firma.');
  }
  doc.end();
  return done;
}

/** @signpdf's signer over our CAdES-BES detached CMS (with signing-certificate-v2): PAdES-B-B. */
class EvidenceSigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return Buffer.from(await signDetached(new Uint8Array(pdfBuffer), this.identity, signingTime ?? new Date()));
  }
}

/** Signs the PDF with the institution's key (sub-filter ETSI.CAdES.detached); readers and `pdfsig` check it. */
export async function signCertificatePdf(pdf: Buffer, identity: SigningIdentity): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'Firma biométrica de certificado de incapacidad',
    contactInfo: 'SIAP Biométrico',
    name: 'Instituto Mexicano del Seguro Social (demostracion)',
    location: 'Mexico',
    signatureLength: 16384,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  return new SignPdf().sign(withPlaceholder, new EvidenceSigner(identity));
}
