import PDFDocument from 'pdfkit';
import { dateLabel, dayKindLabel, dayStatusLabel, INCIDENT_LABEL, localInstantLabel, METHOD_LABEL, personLabel, readingLabel, shiftLabel, weekdayLabel } from './export-labels.ts';
import type { IncidentType } from './rules/attendance-day.ts';
import type { QuincenaAttendance } from './service.ts';

const COLUMNS = [
  { title: 'Fecha', width: 58 },
  { title: 'Día', width: 52 },
  { title: 'Tipo de día / jornada', width: 118 },
  { title: 'Entrada', width: 58 },
  { title: 'Salida', width: 58 },
  { title: 'Método', width: 48 },
  { title: 'Incidencias', width: 123 },
];
const MARGIN = 40;
const FONT_SIZE = 8;

/** The quincena as a printable A4 report (es-MX headings), with the totals at the end. */
export function quincenaPdf(report: QuincenaAttendance): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Asistencia ${report.quincena.id}`, Author: 'SIAP Biométrico' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(14).text('Reporte de asistencia');
  doc.font('Helvetica').fontSize(10);
  doc.text(`Periodo: ${report.quincena.label} (${dateLabel(report.quincena.start)} al ${dateLabel(report.quincena.end)})`);
  doc.text(`Persona trabajadora: ${personLabel(report.person)} · CURP ${report.person.curp}`);
  doc.text(`Folio: ${report.folio}`);
  doc.text(`Horas en la hora local del centro de trabajo (${report.timeZone}).`);
  doc.moveDown();

  row(doc, COLUMNS.map((c) => c.title), true);
  for (const day of report.days) {
    const method = [day.checkIn, day.checkOut].filter((r) => r !== null).map((r) => METHOD_LABEL[r.method]);
    row(doc, [
      dateLabel(day.date),
      weekdayLabel(day.weekday),
      day.shift && day.kind === 'laboral' ? shiftLabel(day.shift) : dayKindLabel(day),
      readingLabel(day, day.checkIn),
      readingLabel(day, day.checkOut),
      [...new Set(method)].join('/'),
      dayStatusLabel(day),
    ]);
  }

  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(10).text('Totales de la quincena', MARGIN);
  doc.font('Helvetica').fontSize(9);
  const t = report.totals;
  doc.text(`Días laborables: ${t.scheduledDays} · Días con registro: ${t.attendedDays} · Días en curso: ${t.pendingDays} · Días por venir: ${t.upcomingDays}`);
  doc.text((Object.keys(t.incidents) as IncidentType[]).map((k) => `${INCIDENT_LABEL[k]}: ${t.incidents[k]}`).join(' · '));
  doc.text(`Incidencias justificadas: ${t.justifiedIncidents} · Días de descanso laborados: ${t.restDaysWorked}`);
  doc.moveDown();
  doc.fontSize(7).fillColor('#555555').text(`Folio ${report.folio}. Generado el ${localInstantLabel(report.generatedAt, report.timeZone)} por SIAP Biométrico. Incidencias calculadas al momento de la consulta.`);
  doc.end();
  return done;
}

function row(doc: PDFKit.PDFDocument, cells: string[], header = false): void {
  doc.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
  const heights = cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: COLUMNS[i].width - 4 }));
  const height = Math.max(...heights) + 4;
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
  const top = doc.y;
  let x = MARGIN;
  cells.forEach((cell, i) => {
    doc.text(cell, x + 2, top + 2, { width: COLUMNS[i].width - 4 });
    x += COLUMNS[i].width;
  });
  doc.moveTo(MARGIN, top + height).lineTo(x, top + height).lineWidth(header ? 0.8 : 0.3).strokeColor('#999999').stroke();
  doc.x = MARGIN;
  doc.y = top + height;
}
