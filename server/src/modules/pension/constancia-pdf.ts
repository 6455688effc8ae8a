import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export interface ConstanciaData {
  folio: string;
  name: string;
  curp: string;
  /** 'YYYY-MM-DD' in Mexico City. */
  date: string;
  channel: 'remoto' | 'clinica';
  nextDueDate: string | null;
  /** The public page the QR opens (folio valid, date, masked name). */
  verifyUrl: string;
}

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} de ${MONTHS[m - 1]} de ${y}`;
}

/** "Constancia de supervivencia": A5, large type, folio and a QR to the public check. */
export async function constanciaPdf(data: ConstanciaData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(data.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const doc = new PDFDocument({ size: 'A5', margin: 36, info: { Title: `Constancia de supervivencia ${data.folio}`, Author: 'SIAP Biométrico' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text('Constancia de supervivencia', { align: 'center' });
  doc.moveDown(0.5).font('Helvetica').fontSize(11).text('Instituto Mexicano del Seguro Social · SIAP Biométrico', { align: 'center' });
  doc.moveDown(1.2).fontSize(12);
  doc.font('Helvetica-Bold').text('Folio: ', { continued: true }).font('Helvetica').text(data.folio);
  doc.font('Helvetica-Bold').text('Nombre: ', { continued: true }).font('Helvetica').text(data.name);
  doc.font('Helvetica-Bold').text('CURP: ', { continued: true }).font('Helvetica').text(data.curp);
  doc.font('Helvetica-Bold').text('Fecha: ', { continued: true }).font('Helvetica').text(longDate(data.date));
  doc.font('Helvetica-Bold').text('Medio: ', { continued: true }).font('Helvetica').text(data.channel === 'remoto' ? 'desde su teléfono (rostro y prueba de vida)' : 'en clínica (huella, con personal del IMSS)');
  if (data.nextDueDate) doc.font('Helvetica-Bold').text('Próxima comprobación: ', { continued: true }).font('Helvetica').text(`antes del ${longDate(data.nextDueDate)}`);
  doc.moveDown(1).fontSize(10).text('La persona nombrada comprobó su supervivencia en la fecha indicada. Cualquiera puede confirmar esta constancia con el código QR:');
  doc.moveDown(0.5).image(qr, { fit: [140, 140], align: 'center' });
  doc.moveDown(0.3).fontSize(8).text(data.verifyUrl, { align: 'center' });
  doc.end();
  return done;
}
