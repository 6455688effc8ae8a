import type { Static } from 'typebox';
import type { GhostResponse, StaffResponse } from '../../../server/src/modules/reports/schema.ts';
import type { ApiClient } from './client.ts';

/** Endpoints of server/src/modules/reports/routes.ts, typed by its schemas (type-only imports). */
export type GhostReport = Static<typeof GhostResponse>;
export type GhostEmployee = GhostReport['employees'][number];
export type GhostReason = GhostEmployee['reasons'][number];
export type StaffMember = Static<typeof StaffResponse>[number];

export const GHOST_REASON_LABELS: Record<GhostReason, string> = {
  sin_asistencia: 'Sin asistencia',
  sin_biometria: 'Sin biometría válida',
  biometria_coincide: 'Biometría de otra identidad',
};

export const GHOST_PURPOSE = 'revisión de posibles empleados fantasma';
export const STAFF_PURPOSE = 'nombres del personal en la revisión de justificaciones';

const ghostQuery = (quincenas: number) => `quincenas=${quincenas}&purpose=${encodeURIComponent(GHOST_PURPOSE)}`;

/** The CSV download, a plain link (the server audits it as an export). */
export function ghostCsvUrl(quincenas: number): string {
  return `/api/reports/ghost-employees.csv?${ghostQuery(quincenas)}`;
}

export function reportsApi(client: ApiClient) {
  return {
    ghostEmployees: (quincenas: number) => client.get<GhostReport>(`/api/reports/ghost-employees?${ghostQuery(quincenas)}`),
    staff: () => client.get<StaffMember[]>(`/api/reports/staff?purpose=${encodeURIComponent(STAFF_PURPOSE)}`),
  };
}
