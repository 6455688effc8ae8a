import type { Generated } from 'kysely';
import type { Role } from './roles.ts';

export interface AccountsTable {
  id: Generated<string>;
  person_id: string;
  role: Role;
  /** IMSS staff log in with matrícula + OOAD; both null for CURP-login accounts. */
  matricula: string | null;
  ooad_code: string | null;
  password_hash: string;
  failed_attempts: Generated<number>;
  /** How many lockouts in a row; each doubles the next one. Reset by a successful login. */
  lockout_level: Generated<number>;
  locked_until: Date | null;
  password_changed_at: Generated<Date>;
  created_at: Generated<Date>;
  /** Set by an administrator: the account cannot log in and its sessions were ended. */
  disabled_at: Generated<Date | null>;
  disabled_by: Generated<string | null>;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a copy of the table does not let anyone take over sessions. */
  id_hash: string;
  account_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  account_id: string;
  /** HMAC-SHA-256 of the code keyed with SESSION_SECRET. */
  code_hash: string;
  expires_at: Date;
  attempts: Generated<number>;
  used_at: Date | null;
  created_at: Generated<Date>;
}

/**
 * Failed-login state per login identifier (HMAC of `matricula:<ooad>:<matricula>` or `curp:<curp>`),
 * whether or not an account has it: lockout answers the same for real and unknown identifiers.
 */
export interface LoginThrottleTable {
  key_hash: string;
  failed_attempts: Generated<number>;
  lockout_level: Generated<number>;
  locked_until: Date | null;
  updated_at: Generated<Date>;
}

export interface AccountTables {
  accounts: AccountsTable;
  login_throttle: LoginThrottleTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
}
