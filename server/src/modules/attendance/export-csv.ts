import { dateLabel, dayKindLabel, dayStatusLabel, METHOD_LABEL, readingLabel, shiftLabel, weekdayLabel } from './export-labels.ts';
import type { QuincenaAttendance } from './service.ts';

const HEADER = [
  'Folio',
  'Nombre',
  'Matrícula',
  'OOAD',
  'Fecha',
  'Día',
  'Tipo de día',
  'Jornada',
  'Entrada',
  'Método de entrada',
  'Salida',
  'Método de salida',
  'Minutos de retardo',
  'Incidencias',
];

/**
 * One row per day, nothing else: a spreadsheet or a payroll import reads it without skipping
 * sections (the totals are a sum of the rows; the PDF shows them). Every row repeats who and which
 * report (folio), so rows keep their meaning when files are merged. RFC 4180 quoting, CRLF, and a
 * UTF-8 byte-order mark so that spreadsheet programs set to es-MX show the accents.
 */
export function quincenaCsv(report: QuincenaAttendance): string {
  const { person } = report;
  const rows = report.days.map((day) => [
    report.folio,
    person.fullName,
    person.matricula ?? '',
    person.ooad ? `${person.ooad.code} ${person.ooad.name}` : '',
    dateLabel(day.date),
    weekdayLabel(day.weekday),
    dayKindLabel(day),
    day.shift ? shiftLabel(day.shift) : '',
    readingLabel(day, day.checkIn),
    day.checkIn ? METHOD_LABEL[day.checkIn.method] : '',
    readingLabel(day, day.checkOut),
    day.checkOut ? METHOD_LABEL[day.checkOut.method] : '',
    day.minutesLate === null ? '' : String(day.minutesLate),
    dayStatusLabel(day),
  ]);
  return `\uFEFF${[HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  // A leading = + - @ would make a spreadsheet evaluate the cell (CSV injection).
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
