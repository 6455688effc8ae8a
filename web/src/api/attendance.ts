import type { ApiClient } from './client.ts';

/** Types and endpoints of server/src/modules/attendance/routes.ts, as the web app reads them. */
export type Incident = 'retardo' | 'falta' | 'omision_entrada' | 'omision_salida';
export type Method = 'huella' | 'rostro';
export type DayKind = 'laboral' | 'descanso_semanal' | 'descanso_obligatorio' | 'inhabil_institucional' | 'sin_jornada';
export type JustificationStatus = 'pendiente' | 'aprobada' | 'rechazada';

export interface Reading {
  punchId: string;
  at: string;
  date: string;
  time: string;
  method: Method;
  stationId: string;
}

export interface DayIncident {
  type: Incident;
  original: Incident;
  justified: boolean;
  justificationId: string | null;
  pendingJustificationId: string | null;
}

export interface AttendanceDay {
  date: string;
  weekday: number;
  kind: DayKind;
  nonWorkingReason: string | null;
  shift: { id: string; name: string; start: string; end: string } | null;
  /** Its reading window is open now: the day in course. */
  pending: boolean;
  /** Its reading window has not begun: a day still to come. */
  upcoming: boolean;
  checkIn: Reading | null;
  checkOut: Reading | null;
  readings: number;
  minutesLate: number | null;
  incidents: DayIncident[];
}

export interface Justification {
  id: string;
  personId: string;
  date: string;
  incident: Incident;
  effect: 'cancelar' | 'convertir_retardo';
  reason: string;
  status: JustificationStatus;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  history: Array<{ event: 'solicitada' | 'aprobada' | 'rechazada'; actor: string; comment: string | null; at: string }>;
  /** Proof attached by the employee (PDF or JPEG, stored encrypted on the server). */
  attachments?: Array<{ id: string; fileName: string; mediaType: string; sizeBytes: number }>;
}

/** Same bound as the server (attendance/attachments.ts). */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

export const attachmentUrl = (justificationId: string, attachmentId: string) =>
  `/api/attendance/justifications/${encodeURIComponent(justificationId)}/attachments/${encodeURIComponent(attachmentId)}`;

export interface QuincenaAttendance {
  quincena: { id: string; label: string; start: string; end: string };
  person: { id: string; givenNames: string };
  timeZone: string;
  generatedAt: string;
  days: AttendanceDay[];
  totals: {
    scheduledDays: number;
    attendedDays: number;
    pendingDays: number;
    upcomingDays: number;
    restDaysWorked: number;
    incidents: Record<Incident, number>;
    justifiedIncidents: number;
  };
  justifications: Justification[];
}

export const INCIDENT_LABELS: Record<Incident, string> = {
  retardo: 'Retardo',
  falta: 'Falta',
  omision_entrada: 'Omisión de entrada',
  omision_salida: 'Omisión de salida',
};

export const METHOD_LABELS: Record<Method, string> = { huella: 'Huella', rostro: 'Rostro' };

export const STATUS_LABELS: Record<JustificationStatus, string> = {
  pendiente: 'Justificación pendiente',
  aprobada: 'Justificación aprobada',
  rechazada: 'Justificación rechazada',
};

/** Where the server's exports of one's own quincena are (plain links: the browser downloads them). */
export function ownExportUrl(quincenaId: string, format: 'csv' | 'pdf'): string {
  return `/api/attendance/quincenas/${encodeURIComponent(quincenaId)}/export.${format}`;
}

export function attendanceApi(client: ApiClient) {
  return {
    ownQuincena: (id: string) => client.get<QuincenaAttendance>(`/api/attendance/quincenas/${encodeURIComponent(id)}`),
    requestJustification: (input: { date: string; incident: Incident; reason: string; attachment?: { fileName: string; content: string } }) =>
      client.post<Justification>('/api/attendance/justifications', input),
    pendingJustifications: () => client.get<Justification[]>('/api/attendance/justifications/pending'),
    decide: (id: string, input: { decision: 'aprobada' | 'rechazada'; comment?: string | null }) =>
      client.post<Justification>(`/api/attendance/justifications/${encodeURIComponent(id)}/decision`, input),
  };
}
