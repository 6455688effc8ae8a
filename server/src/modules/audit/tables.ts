import type { ColumnType, Generated } from 'kysely';

export interface AuditLogTable {
  /** Insertion order (an identity: gaps where a transaction rolled back); not the chain position. */
  id: Generated<number>;
  /** Gapless position in the chain (1, 2, …), assigned by the sealer under the chain-head lock; null until sealed. */
  seq: number | null;
  occurred_at: Date;
  actor: string;
  action: string;
  subject: string;
  purpose: string;
  /** jsonb: written as a JSON string, read back as an object. */
  details: ColumnType<Record<string, unknown>, string, never>;
  /** The previous entry's hash and this entry's chain hash: null until sealed. */
  prev_hash: string | null;
  hash: string | null;
  /** Id of the audit key the entry's HMAC was made with; null = a plain SHA-256 entry from before keying. */
  key_id: Generated<string | null>;
  /** Random id covered by entry_mac, unique: a copy of an unsealed row is refused. Null on entries from before sealing. */
  uid: string | null;
  /** The writer's HMAC of the entry (hash-chain.ts entryMac): the sealer chains only entries that carry a valid one. */
  entry_mac: string | null;
  sealed_at: Date | null;
}

/** One row (id = 1): the tip of the chain. Locking it serialises sealers (not writers) on PGlite and PostgreSQL. */
export interface AuditChainHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}
