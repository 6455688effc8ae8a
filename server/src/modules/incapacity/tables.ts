import type { ColumnType, Generated } from 'kysely';

export type Ramo = 'enfermedad_general' | 'riesgo_trabajo' | 'maternidad';
export type TipoIncapacidad = 'inicial' | 'subsecuente' | 'recaida';
export type SignatureModality = 'rostro' | 'huella';

type Json = ColumnType<unknown, string, string>;

export interface IncapacidadesTable {
  id: Generated<string>;
  folio: string;
  person_id: string;
  ramo: Ramo;
  tipo: TipoIncapacidad;
  /** `date`, read back as YYYY-MM-DD. */
  start_date: string;
  days: number;
  end_date: string;
  diagnosis_code: string;
  details: Json;
  subsidy: Json;
  employer_id: string | null;
  registro: string | null;
  document_pdf: Uint8Array;
  document_sha256: string;
  issued_by: string;
  issued_at: Date;
}

export interface SignaturesTable {
  id: Generated<string>;
  folio: string;
  incapacidad_id: string;
  person_id: string;
  modality: SignatureModality;
  evidence_json: Uint8Array;
  evidence_p7s: Uint8Array;
  evidence_tsr: Uint8Array;
  institution_ca_pem: string;
  tsa_ca_pem: string;
  signed_pdf: Uint8Array;
  timestamped_at: Date;
  signed_by: string;
  created_at: Date;
}

export interface SignatureAttemptsTable {
  id: Generated<string>;
  incapacidad_id: string;
  person_id: string;
  /** Only recordAttempt writes it, with the modality tried (the column has no check constraint). */
  modality: SignatureModality;
  reason: string;
  details: Json;
  recorded_by: string;
  created_at: Date;
}

export interface IncapacityTables {
  incapacidades: IncapacidadesTable;
  signatures: SignaturesTable;
  signature_attempts: SignatureAttemptsTable;
}
