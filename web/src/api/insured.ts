/** Wire types of /api/insured and /api/care (server/src/modules/insured, server/src/modules/health). */
import type { InsuredView } from '../../../server/src/modules/insured/schema.ts';


export type { InsuredView, StaffInsuredRow, Wave } from '../../../server/src/modules/insured/schema.ts';
export type RestrictionState = InsuredView['restriction']['state'];

export interface ClinicView {
  id: string;
  code: string;
  name: string;
  ooadCode: string;
  address: string;
  enrollmentPoint: boolean;
}

export interface MyClinic {
  clinic: ClinicView | null;
  urgencias: { message: string; where: string };
  nearestEnrollmentPoint: ClinicView | null;
}

export interface Gate {
  allowed: boolean;
  warning: string | null;
  message: string | null;
}

export interface Slot {
  id: string;
  startsAt: string;
  minutes: number;
  consultorio: string;
  shift: string;
}

export interface Appointment {
  id: string;
  kind: string;
  status: string;
  day: string;
  startsAt: string | null;
  consultorio: string | null;
  shift: string | null;
  warning: string | null;
  turn: number | null;
}

export interface PatientRow {
  appointmentId: string;
  personId: string;
  name: string;
  nss: string | null;
  kind: string;
  status: string;
  turn: number | null;
  startsAt: string | null;
  consultorio: string | null;
  checkedInAt: string | null;
}

export const STATE_LABELS: Record<RestrictionState, string> = {
  sin_biometria: 'Sin biometría',
  restringido: 'Trámite restringido por falta de biometría',
  nss_suspendido: 'NSS suspendido',
  al_corriente: 'Al corriente',
};

export const BIOMETRIC_LABELS: Record<InsuredView['biometricStatus'], string> = {
  sin_registro: 'Sin registro',
  pendiente: 'En revisión',
  registrado: 'Registrado',
  rechazado: 'Rechazado',
};

/** "lunes 7 de diciembre, 08:20" in Mexico City. */
export function formatSlot(iso: string): string {
  return new Intl.DateTimeFormat('es-MX', { timeZone: 'America/Mexico_City', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function mexicoDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
