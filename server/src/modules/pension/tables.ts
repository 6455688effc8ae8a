import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

/** Proof-of-life status: vigente → por_vencer (30 days before due) → en_riesgo (past due). */
export type ProofStatus = 'vigente' | 'por_vencer' | 'en_riesgo';
/** Where self-registration stands (resumable). */
export type RegistrationStep = 'consentimiento' | 'rostro' | 'completo';
/** Biometric side: face only until fingers are taken at a clinic; `en_revision` = possible duplicate. */
export type PensionerBiometricStatus = 'sin_rostro' | 'registro_parcial_rostro' | 'en_revision' | 'completo' | 'rechazado';

export interface PensionersTable {
  person_id: string;
  account_id: string;
  ooad_code: string | null;
  step: RegistrationStep;
  biometric_status: PensionerBiometricStatus;
  registered_at: Date;
  /** 'YYYY-MM-DD' (the parser keeps dates as strings). */
  next_due_date: ColumnType<string, string, string>;
  status: ProofStatus;
  status_changed_at: Date;
}

export interface ProofsOfLifeTable {
  id: Generated<string>;
  person_id: string;
  /** Only on a passed proof: the constancia's folio. */
  folio: string | null;
  channel: 'remoto' | 'clinica';
  outcome: 'aprobada' | 'fallida';
  reason: string | null;
  evidence: Json<Record<string, unknown>>;
  recorded_by: string;
  station_id: string | null;
  next_due_date: ColumnType<string | null, string | null, string | null>;
  created_at: Date;
}

export interface PensionTables {
  pensioners: PensionersTable;
  proofs_of_life: ProofsOfLifeTable;
}
