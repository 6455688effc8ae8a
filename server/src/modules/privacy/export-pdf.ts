import PDFDocument from 'pdfkit';
import type { PrivacyRightsService } from './rights-service.ts';

type Export = Awaited<ReturnType<PrivacyRightsService['exportData']>>;

const WHO: Record<string, string> = { usted: 'Usted', personal: 'Personal del Instituto', quiosco: 'Quiosco', sistema: 'Proceso automático' };

/** "Mis datos en el SIAP Biométrico": the access download as a document a person reads (Letter, es-MX). */
export async function exportPdf(data: Export): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 50, info: { Title: `Mis datos — ${data.identity.curp}`, Author: 'SIAP Biométrico' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const h = (text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.2).font('Helvetica').fontSize(10);
  const line = (label: string, value: unknown) => doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value === null || value === undefined || value === '' ? '—' : String(value));

  doc.font('Helvetica-Bold').fontSize(18).text('Mis datos en el SIAP Biométrico', { align: 'center' });
  doc.font('Helvetica').fontSize(10).text(`Derecho de acceso (LGPDPPSO art. 44). Generado el ${data.generatedAt}. Aviso de privacidad versión ${data.notice.version}.`, { align: 'center' });

  const id = data.identity;
  h('1. Identidad');
  line('Nombre', [id.givenNames, id.firstSurname, id.secondSurname].filter(Boolean).join(' '));
  line('CURP', id.curp);
  line('NSS', id.nss);
  line('RFC', id.rfc);
  line('Fecha de nacimiento', id.birthDate);
  line('Correo electrónico', id.email);
  line('Registro de población', `${id.registry.status} (${id.registry.source}), verificado ${id.registry.verifiedAt}`);

  h('2. Registro biométrico');
  line('Estado', data.biometrics.status);
  doc.text(data.biometrics.note);
  for (const e of data.biometrics.enrollments) {
    doc.text(`• Registro v${e.version} del ${e.createdAt}: ${e.outcome}${e.current ? ' (vigente)' : ''}; huellas ${e.fingers.join(', ') || 'ninguna'}; rostro ${e.face ? 'sí' : 'no'}.`);
  }

  h('3. Asistencia');
  doc.text(`${data.attendance.records.length} registros de asistencia; ${data.attendance.justifications.length} justificaciones.`);
  for (const r of data.attendance.records.slice(0, 200)) doc.text(`• ${r.capturedAt} — ${r.method}`);

  h('4. Comprobaciones de supervivencia');
  if (data.proofsOfLife.pensioner) line('Estado', `${data.proofsOfLife.pensioner.status}; próxima: ${data.proofsOfLife.pensioner.nextDueDate}`);
  for (const p of data.proofsOfLife.proofsOfLife) doc.text(`• ${p.date} — ${p.channel}: ${p.outcome}${p.folio ? ` (folio ${p.folio})` : ''}`);
  if (data.proofsOfLife.proofsOfLife.length === 0) doc.text('Sin comprobaciones registradas.');

  h('5. Firmas');
  doc.text(data.signatures.length ? `${data.signatures.length} firmas.` : 'Sin firmas registradas.');

  h('6. Consentimientos');
  for (const c of data.consents) doc.text(`• ${c.recordedAt} — ${c.granted ? 'otorgado' : 'revocado'} (aviso ${c.noticeVersion}, ${c.channel})`);

  h('7. Solicitudes, supresiones y conservaciones');
  for (const r of data.requests) doc.text(`• ${r.folio} — ${r.kind}: ${r.status}`);
  for (const e of data.erasures) doc.text(`• Supresión (${e.cause}): ${e.status}${e.blockedReason ? ` — ${e.blockedReason}` : ''}`);
  for (const hld of data.legalHolds) doc.text(`• Conservación por causa legal: ${hld.reason}`);
  if (data.requests.length + data.erasures.length + data.legalHolds.length === 0) doc.text('Ninguna.');

  h('8. ¿Quién consultó mis datos?');
  for (const a of data.accesses) {
    const who = [WHO[a.who.kind], a.who.role, a.who.unit].filter(Boolean).join(' · ');
    doc.text(`• ${a.at} — ${who} — ${a.purpose}`);
  }
  doc.end();
  return done;
}
