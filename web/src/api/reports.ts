import type { ApiClient } from './client.ts';

/** Types and endpoints of server/src/modules/reports/routes.ts. */
export type GhostReason = 'sin_asistencia' | 'sin_biometria' | 'biometria_coincide';

export interface GhostEmployee {
  personId: string;
  curp: string;
  name: string;
  role: string;
  matricula: string | null;
  ooadCode: string | null;
  reasons: GhostReason[];
  lastCheckIn: string | null;
  biometricStatus: 'sin_registro' | 'pendiente' | 'registrado' | 'rechazado';
  adjudication: 'misma_persona' | 'fraude' | 'personas_distintas' | null;
  matchedCurps: string[];
}

export interface GhostReport {
  generatedAt: string;
  quincenas: number;
  window: { from: string; to: string; label: string; start: string; end: string };
  employees: GhostEmployee[];
  counts: Record<GhostReason, number>;
  staffReviewed: number;
}

export interface StaffMember {
  personId: string;
  name: string;
  role: string;
  matricula: string | null;
  ooadCode: string | null;
}

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
