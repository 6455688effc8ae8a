import type { DayAttendance, DayKind, Incident, IncidentType, Reading } from './rules/attendance-day.ts';

/** es-MX wording shared by the CSV and PDF exports, so both say the same thing. */
export const DAY_KIND_LABEL: Record<DayKind, string> = {
  laboral: 'Laboral',
  descanso_semanal: 'Descanso semanal',
  descanso_obligatorio: 'Descanso obligatorio',
  inhabil_institucional: 'Inhábil institucional',
  sin_jornada: 'Sin jornada asignada',
};

export const INCIDENT_LABEL: Record<IncidentType, string> = {
  retardo: 'Retardo',
  falta: 'Falta',
  omision_entrada: 'Omisión de entrada',
  omision_salida: 'Omisión de salida',
};

export const METHOD_LABEL = { huella: 'Huella', rostro: 'Rostro' } as const;

const WEEKDAY_LABEL = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

export function weekdayLabel(isoWeekday: number): string {
  return WEEKDAY_LABEL[isoWeekday - 1];
}

/** 'DD/MM/AAAA', as dates are written in Mexico. */
export function dateLabel(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** The reading's time; a night shift's check-out after midnight says so. */
export function readingLabel(day: DayAttendance, reading: Reading | null): string {
  if (!reading) return '';
  return reading.date === day.date ? reading.time : `${reading.time} (${dateLabel(reading.date).slice(0, 5)})`;
}

export function incidentLabel(incident: Incident): string {
  const name = INCIDENT_LABEL[incident.type];
  if (incident.justified) return `${name} (justificada)`;
  if (incident.type !== incident.original) return `${name} (antes ${INCIDENT_LABEL[incident.original].toLowerCase()}, justificada)`;
  if (incident.pendingJustificationId) return `${name} (justificación en trámite)`;
  return name;
}

export function dayStatusLabel(day: DayAttendance): string {
  if (day.upcoming) return 'Por venir';
  if (day.pending) return 'En curso';
  if (day.incidents.length === 0) return day.kind === 'laboral' ? 'Sin incidencias' : '';
  return day.incidents.map(incidentLabel).join('; ');
}

export function dayKindLabel(day: DayAttendance): string {
  return day.nonWorkingReason ? `${DAY_KIND_LABEL[day.kind]}: ${day.nonWorkingReason}` : DAY_KIND_LABEL[day.kind];
}

/** '08:00–16:00' once: a shift named after its hours is not followed by the same hours again. */
export function shiftLabel(shift: { name: string; start: string; end: string }): string {
  const hours = `${shift.start}–${shift.end}`;
  const named = shift.name.replace(/\s+/g, '').replace(/[-‐‑–—]/g, '–');
  return named.includes(hours) || (named.includes(shift.start) && named.includes(shift.end)) ? shift.name : `${shift.name} ${hours}`;
}

const LOCAL_INSTANT = (timeZone: string) =>
  new Intl.DateTimeFormat('es-MX', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });

/** '17/11/2026 08:05 (hora del centro de trabajo)': an instant on the workplace's wall clock, never UTC ISO. */
export function localInstantLabel(iso: string, timeZone: string): string {
  return LOCAL_INSTANT(timeZone).format(new Date(iso)).replace(',', '');
}

/** 'Nombre Apellido Apellido · matrícula 10000001 · OOAD 35 Jalisco' */
export function personLabel(person: { fullName: string; matricula: string | null; ooad: { code: string; name: string } | null }): string {
  return [person.fullName, person.matricula ? `matrícula ${person.matricula}` : null, person.ooad ? `OOAD ${person.ooad.code} ${person.ooad.name}` : null].filter(Boolean).join(' · ');
}
