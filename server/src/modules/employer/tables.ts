import type { ColumnType, Generated } from 'kysely';

export type EmployerKind = 'fisica' | 'moral';
export type MovementKind = 'alta' | 'reingreso' | 'baja' | 'modificacion';

/** numeric columns come back as strings (exact decimals); written as strings or numbers. */
type Numeric = ColumnType<string, string | number, string | number>;
type NullableNumeric = ColumnType<string | null, string | number | null, string | number | null>;

export interface EmployersTable {
  id: Generated<string>;
  rfc: string;
  name: string;
  kind: EmployerKind;
  owner_person_id: string;
  created_at: Generated<Date>;
}

export interface EmployerRegistrosTable {
  id: Generated<string>;
  employer_id: string;
  registro: string;
  ooad_code: string;
  subdelegacion: string;
  activity_class: number;
  risk_premium: Numeric;
  wage_zone: 'general' | 'frontera';
  created_at: Generated<Date>;
}

export interface EmployerMovementsTable {
  id: Generated<string>;
  seq: Generated<string>;
  registro_id: string;
  person_id: string;
  kind: MovementKind;
  /** `date`, read back as YYYY-MM-DD. */
  effective_date: string;
  nss: string;
  daily_salary: NullableNumeric;
  integration_factor: NullableNumeric;
  sbc: NullableNumeric;
  worker_type: string | null;
  salary_type: string | null;
  jornada: string | null;
  reduced_days: number | null;
  baja_cause: string | null;
  umf: string | null;
  business_days_late: number;
  late: boolean;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export interface EfirmaChallengesTable {
  id: Generated<string>;
  nonce: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface ConstanciasTable {
  folio: string;
  person_id: string;
  vigente: boolean;
  summary: ColumnType<unknown, string, string>;
  pdf_sha256: string;
  issued_by: string;
  issued_at: Generated<Date>;
}

export interface EmployerTables {
  employers: EmployersTable;
  employer_registros: EmployerRegistrosTable;
  employer_movements: EmployerMovementsTable;
  efirma_challenges: EfirmaChallengesTable;
  constancias: ConstanciasTable;
}
