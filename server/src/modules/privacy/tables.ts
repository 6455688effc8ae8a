import type { ColumnType, Generated } from 'kysely';

/**
 * What a consent is about. `datos_biometricos` is the express, separate consent for sensitive
 * biometric data (face, fingerprints); the privacy work adds its own scopes to this list.
 */
export type ConsentScope = 'datos_biometricos';
/** Where the person gave it: their own portal, a capture station with an operator, or a kiosk on first use. */
export type ConsentChannel = 'portal' | 'estacion' | 'quiosco';

/** One decision (grant or revocation): rows are only added, the newest per scope counts. */
export interface ConsentsTable {
  id: Generated<string>;
  /** Order of decisions (the newest per person and scope counts). */
  seq: Generated<number>;
  person_id: string;
  scope: ConsentScope;
  granted: boolean;
  notice_version: string;
  notice_sha256: string;
  channel: ConsentChannel;
  /** `account:<id>` of whoever recorded it (the person themself on the portal, the operator at a station). */
  recorded_by: string;
  station_id: string | null;
  recorded_at: Date;
}

/** ARCO rights (LGPDPPSO arts. 43–47) and the report of an access the person does not recognise. */
export type PrivacyRequestKind = 'acceso' | 'rectificacion' | 'cancelacion' | 'oposicion' | 'acceso_no_reconocido';
export type PrivacyRequestStatus = 'recibida' | 'procedente' | 'improcedente' | 'ejecutada';

export interface PrivacyRequestsTable {
  id: Generated<string>;
  /** Human folio, e.g. ARCO-2026-000123. */
  folio: string;
  person_id: string;
  kind: PrivacyRequestKind;
  /** The person on their portal, or an operator at a window (ventanilla) on their behalf. */
  channel: 'portal' | 'ventanilla';
  filed_by: string;
  description: string;
  /** Evidence (rectification), the audit entry reported, the window's identity check… */
  details: ColumnType<Record<string, unknown>, string, string>;
  status: PrivacyRequestStatus;
  /** Civil dates (Mexico City): received, and the legal clock in business days. */
  received_on: ColumnType<string, string, string>;
  answer_due_on: ColumnType<string, string, string>;
  execute_due_on: ColumnType<string | null, string | null, string | null>;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  executed_at: Date | null;
  created_at: Date;
}

/** A reason not to erase (a pending signature dispute, a lawsuit…): erasure is refused while open. */
export interface LegalHoldsTable {
  id: Generated<string>;
  person_id: string;
  reason: string;
  placed_by: string;
  placed_at: Date;
  released_by: string | null;
  released_at: Date | null;
}

export interface PrivacyErasuresTable {
  id: Generated<string>;
  person_id: string;
  cause: 'cancelacion' | 'retencion';
  request_id: string | null;
  status: 'programada' | 'ejecutada' | 'bloqueada';
  /** End of the blocking period (bloqueo) after a cancellation: not erased before. */
  not_before: Date;
  blocked_reason: string | null;
  records: number | null;
  executed_at: Date | null;
  created_at: Date;
}

/** A retention period set by the administrator over the policy file's (issue 20); absent = the file's. */
export interface RetentionSettingsTable {
  category: string;
  dias: number;
  reason: string;
  updated_by: string;
  updated_at: Date;
}

export interface PrivacyTables {
  consents: ConsentsTable;
  privacy_requests: PrivacyRequestsTable;
  legal_holds: LegalHoldsTable;
  privacy_erasures: PrivacyErasuresTable;
  retention_settings: RetentionSettingsTable;
}
