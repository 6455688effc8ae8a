import type { ColumnType, Generated } from 'kysely';

type DateString = ColumnType<string, string, string>;

export type Shift = 'matutino' | 'vespertino';
export type AppointmentKind = 'ordinaria' | 'urgencias';
/** agendada → en_espera (checked in, turn given) → atendida; or cancelada. */
export type AppointmentStatus = 'agendada' | 'en_espera' | 'atendida' | 'cancelada';

/** A family clinic (UMF); `enrollment_point` = it has a biometric enrollment module. */
export interface ClinicsTable {
  id: Generated<string>;
  code: string;
  name: string;
  ooad_code: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  enrollment_point: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ConsultoriosTable {
  id: Generated<string>;
  clinic_id: string;
  number: string;
  shift: Shift;
  physician_account_id: string | null;
}

export interface AppointmentSlotsTable {
  id: Generated<string>;
  consultorio_id: string;
  starts_at: Date;
  minutes: number;
}

export interface AppointmentsTable {
  id: Generated<string>;
  person_id: string;
  clinic_id: string;
  /** Null for urgencias (no booking: attended on arrival). */
  slot_id: string | null;
  kind: AppointmentKind;
  status: AppointmentStatus;
  /** The civil day (Mexico City) of the appointment. */
  day: DateString;
  /** The gate's warning shown at booking (restringido). */
  warning: string | null;
  turn: number | null;
  checked_in_at: Date | null;
  checked_in_by: string | null;
  rescheduled_from: string | null;
  created_by: string;
  created_at: Date;
  cancelled_at: Date | null;
}

/** Stations (kiosk, reception) that stand in a clinic. */
export interface ClinicStationsTable {
  station_id: string;
  clinic_id: string;
}

export interface HealthTables {
  clinics: ClinicsTable;
  consultorios: ConsultoriosTable;
  appointment_slots: AppointmentSlotsTable;
  appointments: AppointmentsTable;
  clinic_stations: ClinicStationsTable;
}
