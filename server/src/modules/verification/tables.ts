import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

/** A server-issued active liveness challenge (issue 19, item 2). */
export interface LivenessChallengesTable {
  id: Generated<string>;
  person_id: string;
  purpose: string;
  nonce: string;
  steps: Json<string[]>;
  signature: string;
  issued_by: string;
  issued_at: Date;
  expires_at: Date;
  /** Set once, by the request that consumes the challenge, whatever its outcome. */
  used_at: Date | null;
  used_by: string | null;
  /** What the evaluation found: challenge decision and reasons, passive PAD scores. */
  result: Json<Record<string, unknown>> | null;
}

export interface VerificationTables {
  liveness_challenges: LivenessChallengesTable;
}
