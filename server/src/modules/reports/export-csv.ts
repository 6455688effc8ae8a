import type { GhostReason, GhostReport } from './service.ts';

export const REASON_LABELS: Record<GhostReason, string> = {
  sin_asistencia: 'Sin asistencia',
  sin_biometria: 'Sin biometría válida',
  biometria_coincide: 'Biometría coincide con otra identidad',
};

const STATUS_LABELS: Record<string, string> = { sin_registro: 'Sin registro', pendiente: 'Pendiente', registrado: 'Registrado', rechazado: 'Rechazado' };

/** RFC 4180 field: quoted when it holds a separator, quote or line break; formulas neutralised for spreadsheets. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One row per listed person; UTF-8 with BOM so spreadsheet programs read the accents. */
export function ghostReportCsv(report: GhostReport): string {
  const header = ['CURP', 'Nombre', 'Rol', 'Matrícula', 'OOAD', 'Motivos', 'Último registro de asistencia', 'Estado biométrico', 'Adjudicación', 'CURP coincidentes'];
  const rows = report.employees.map((e) => [
    e.curp,
    e.name,
    e.role,
    e.matricula ?? '',
    e.ooadCode ?? '',
    e.reasons.map((r) => REASON_LABELS[r]).join('; '),
    e.lastCheckIn ?? 'Nunca',
    STATUS_LABELS[e.biometricStatus] ?? e.biometricStatus,
    e.adjudication ?? '',
    e.matchedCurps.join(' '),
  ]);
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
