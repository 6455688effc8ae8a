import type { Generated } from 'kysely';
import type { CaptureMethod, IncidentType, JustificationEffect, JustificationStatus } from './rules/attendance-day.ts';

export interface AttendanceShiftsTable {
  id: Generated<string>;
  name: string;
  start_minute: number;
  end_minute: number;
  weekdays: number[];
  tolerance_minutes: number;
  falta_after_minutes: number;
  created_at: Generated<Date>;
}

/** Who works which shift, from when to when (dates inclusive; `valid_to` null = open). */
export interface AttendanceAssignmentsTable {
  id: Generated<string>;
  person_id: string;
  shift_id: string;
  valid_from: string;
  valid_to: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface AttendanceKioskKeysTable {
  station_id: string;
  public_key: string;
  registered_by: string;
  registered_at: Generated<Date>;
}

/** One reading at a kiosk after a biometric match; whether it is a check-in or out is derived. */
export interface AttendanceRecordsTable {
  id: Generated<string>;
  idempotency_key: string;
  person_id: string;
  station_id: string;
  method: CaptureMethod;
  verification_score: number;
  captured_at: Date;
  signature: string;
  received_at: Date;
  recorded_by: string;
  /** The server's verification grant this reading consumed (null only on readings before grants). */
  verification_id: string | null;
  /** True when the server matched a capture an offline kiosk kept, after the fact. */
  offline: Generated<boolean>;
}

export interface AttendanceJustificationsTable {
  id: Generated<string>;
  person_id: string;
  work_date: string;
  incident: IncidentType;
  effect: JustificationEffect;
  reason: string;
  status: JustificationStatus;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
}

export interface AttendanceJustificationEventsTable {
  id: Generated<number>;
  justification_id: string;
  event: 'solicitada' | 'aprobada' | 'rechazada';
  actor: string;
  comment: string | null;
  occurred_at: Date;
}

/** A justification's proof, sealed in the encrypted store (`blob_id`); migration 0007. */
export interface AttendanceJustificationAttachmentsTable {
  id: Generated<string>;
  justification_id: string;
  file_name: string;
  media_type: 'application/pdf' | 'image/jpeg';
  size_bytes: number;
  blob_id: string;
  created_at: Generated<Date>;
}

export interface AttendanceCalendarTable {
  date: string;
  kind: 'descanso_obligatorio' | 'inhabil_institucional';
  description: string;
  created_by: string;
  created_at: Generated<Date>;
}

export interface AttendanceTables {
  attendance_shifts: AttendanceShiftsTable;
  attendance_assignments: AttendanceAssignmentsTable;
  attendance_kiosk_keys: AttendanceKioskKeysTable;
  attendance_records: AttendanceRecordsTable;
  attendance_justifications: AttendanceJustificationsTable;
  attendance_justification_events: AttendanceJustificationEventsTable;
  attendance_calendar: AttendanceCalendarTable;
  attendance_justification_attachments: AttendanceJustificationAttachmentsTable;
}
