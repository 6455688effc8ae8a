import type { Static } from 'typebox';
import type { DecisionBody, JustificationBody, JustificationResponse, QuincenaResponse } from '../../../server/src/modules/attendance/schema.ts';
import type { ApiClient } from './client.ts';

/**
 * Endpoints of server/src/modules/attendance/routes.ts, typed by its schemas (attendance/schema.ts,
 * type-only: nothing of the server is bundled), so a changed response breaks this build.
 */
export type QuincenaAttendance = Static<typeof QuincenaResponse>;
export type AttendanceDay = QuincenaAttendance['days'][number];
export type Reading = NonNullable<AttendanceDay['checkIn']>;
export type DayIncident = AttendanceDay['incidents'][number];
export type Incident = DayIncident['type'];
export type Method = Reading['method'];
export type DayKind = AttendanceDay['kind'];
export type Justification = Static<typeof JustificationResponse>;
export type JustificationStatus = Justification['status'];
export type NewJustification = Static<typeof JustificationBody>;
export type JustificationDecision = Static<typeof DecisionBody>;

/** Same bound as the server (attendance/attachments.ts). */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

export const attachmentUrl = (justificationId: string, attachmentId: string) =>
  `/api/attendance/justifications/${encodeURIComponent(justificationId)}/attachments/${encodeURIComponent(attachmentId)}`;

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
    requestJustification: (input: NewJustification) =>
      client.post<Justification>('/api/attendance/justifications', input),
    pendingJustifications: () => client.get<Justification[]>('/api/attendance/justifications/pending'),
    decide: (id: string, input: JustificationDecision) =>
      client.post<Justification>(`/api/attendance/justifications/${encodeURIComponent(id)}/decision`, input),
  };
}
