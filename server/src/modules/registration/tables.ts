import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

/** Who a self-registration is for: the account role it ends in. */
export type RegistrationProgram = 'pensionado' | 'asegurado';

/**
 * A self-registration in progress (CURP + e-mail + one-time code), before the account exists: one
 * row per CURP. Shared by pensioners (issue 12) and insured workers (issue 15); the table was
 * `pension_registrations` until migration 0011.
 */
export interface SelfRegistrationsTable {
  curp: string;
  program: RegistrationProgram;
  email: string;
  ooad_code: string | null;
  /** The NSS the person typed (insured workers), check digit verified. */
  nss: string | null;
  /** The names as the person typed them (cross-checked again when the account is made). */
  identity: Json<{ givenNames: string; firstSurname: string; secondSurname: string | null }>;
  /** HMAC-SHA-256 of the e-mailed one-time code (keyed with SESSION_SECRET). */
  code_hmac: string;
  code_expires_at: Date;
  attempts: number;
  /** HMAC of the token handed out once the code was right; it lets the person set a password. */
  token_hmac: string | null;
  token_expires_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Date;
}

export interface RegistrationTables {
  self_registrations: SelfRegistrationsTable;
}
