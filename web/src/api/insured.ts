/** Wire types of /api/insured and /api/care (server/src/modules/insured, server/src/modules/health). */
import type { InsuredView } from '../../../server/src/modules/insured/schema.ts';
import type { SlotsResponse } from '../../../server/src/modules/health/schema.ts';

export type { InsuredView, StaffInsuredRow, Wave } from '../../../server/src/modules/insured/schema.ts';
export type {
  AppointmentView as Appointment,
  ClinicView,
  KioskCheckInResponse,
  MedicoDayResponse,
  MyClinicResponse as MyClinic,
  PatientRow,
  ReceptionResponse,
  SlotsResponse,
  StationClinicResponse,
} from '../../../server/src/modules/health/schema.ts';
/** The restriction an extension answers with (POST /api/insured/people/:curp/extension). */
export type Restriction = InsuredView['restriction'];
export type RestrictionState = Restriction['state'];
export type Gate = SlotsResponse['gate'];
export type Slot = SlotsResponse['slots'][number];

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
