import type { ColumnType, Generated } from 'kysely';

export interface AuditLogTable {
  /** Gapless position in the chain (1, 2, …); assigned under the chain-head lock, not by a sequence. */
  seq: number;
  occurred_at: Date;
  actor: string;
  action: string;
  subject: string;
  purpose: string;
  /** jsonb: written as a JSON string, read back as an object. */
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
  /** Id of the audit key the entry's HMAC was made with; null = a plain SHA-256 entry from before keying. */
  key_id: Generated<string | null>;
}

/** One row (id = 1): the tip of the chain. Locking it serialises appends on PGlite and PostgreSQL. */
export interface AuditChainHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}
