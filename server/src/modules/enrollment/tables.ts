import type { ColumnType, Generated } from 'kysely';
import type { Modality } from '../readers/tables.ts';

export type BiometricStatus = 'pendiente' | 'registrado' | 'rechazado';
export type AdjudicationDecision = 'misma_persona' | 'fraude' | 'personas_distintas';
type Json<T> = ColumnType<T, string, string>;

/** A person's biometric status; no row = "sin registro". */
export interface BiometricSubjectsTable {
  person_id: string;
  status: BiometricStatus;
  current_enrollment_id: string | null;
  merged_into_person_id: string | null;
  updated_at: Generated<Date>;
}

export interface CaptureSessionsTable {
  id: Generated<string>;
  person_id: string;
  operator_account_id: string;
  station_id: string;
  finger_reader_id: string | null;
  face_reader_id: string | null;
  status: 'abierta' | 'completada' | 'cancelada' | 'expirada';
  created_at: Generated<Date>;
  closed_at: Date | null;
  /** Last capture, retake, reader choice…: an open session untouched for too long expires. */
  last_activity_at: Generated<Date>;
}

/** Every account that changed a session (opened it, captured in it): none may adjudicate its enrollment. */
export interface CaptureSessionParticipantsTable {
  session_id: string;
  account_id: string;
}

export interface CaptureQualityJson {
  score: number;
  problems: Array<{ code: string; message: string }>;
  source?: string;
  minutiae?: number;
}

export interface CapturesTable {
  id: Generated<string>;
  session_id: string;
  modality: Modality;
  /** Finger position 1–10, or 0 for the face. */
  position: number;
  status: 'capturada' | 'no_disponible';
  unavailable_reason: string | null;
  quality_score: number | null;
  quality: Json<CaptureQualityJson | Record<string, never>>;
  template_blob_id: string | null;
  image_blob_id: string | null;
  reader_id: string | null;
  attempts: Generated<number>;
  captured_at: Generated<Date>;
}

export interface UnavailableFinger {
  position: number;
  reason: string;
}

export interface EnrollmentsTable {
  id: Generated<string>;
  person_id: string;
  version: number;
  session_id: string;
  enrolled_by: string;
  outcome: 'registrado' | 'pendiente';
  unavailable_fingers: Json<UnavailableFinger[]>;
  created_at: Generated<Date>;
  superseded_at: Date | null;
}

export interface EnrollmentTemplatesTable {
  enrollment_id: string;
  modality: Modality;
  position: number;
  template_blob_id: string;
  quality_score: number;
  /** The encrypted capture the template was extracted from (WSQ finger, JPEG face); migration 0007. */
  image_blob_id: string | null;
  /** Engine version that made the template (null: before versions were recorded). */
  extractor_version: string | null;
  reextracted_at: Date | null;
}

export interface EnrollmentCandidatesTable {
  enrollment_id: string;
  candidate_person_id: string;
  score: number;
  finger_score: number | null;
  face_score: number | null;
  details: Json<Record<string, unknown>>;
}

export interface AdjudicationsTable {
  id: Generated<string>;
  enrollment_id: string;
  decision: AdjudicationDecision;
  same_as_person_id: string | null;
  /** The supervisor who made the first decision. */
  supervisor_account_id: string;
  notes: string | null;
  decided_at: Generated<Date>;
  /** The second, different supervisor who confirmed it (four eyes); null only on older rows. */
  confirmed_by_account_id: string | null;
  confirmation_notes: string | null;
}

/** The first of the two decisions on a possible duplicate, waiting for a second supervisor. */
export interface AdjudicationProposalsTable {
  enrollment_id: string;
  decision: AdjudicationDecision;
  same_as_person_id: string | null;
  notes: string | null;
  proposed_by: string;
  proposed_at: Generated<Date>;
}

export interface EnrollmentTables {
  biometric_subjects: BiometricSubjectsTable;
  capture_sessions: CaptureSessionsTable;
  capture_session_participants: CaptureSessionParticipantsTable;
  captures: CapturesTable;
  enrollments: EnrollmentsTable;
  enrollment_templates: EnrollmentTemplatesTable;
  enrollment_candidates: EnrollmentCandidatesTable;
  adjudications: AdjudicationsTable;
  adjudication_proposals: AdjudicationProposalsTable;
}
