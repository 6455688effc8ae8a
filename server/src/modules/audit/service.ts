import type { Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { DEMO_AUDIT_KEY, entryHash, GENESIS_HASH, normaliseDetails, type AuditKey } from './hash-chain.ts';
import * as repository from './repository.ts';

/** Who did something: an account, the system itself, or an unauthenticated caller. */
export type Actor = `account:${string}` | `kiosk:${string}` | 'system' | 'anonymous';

export interface AuditEntry {
  actor: Actor;
  /** Dotted verb, e.g. `identity.read`, `accounts.login.failed`. */
  action: string;
  /** What it was done to, e.g. `person:<uuid>`, `account:<uuid>`. */
  subject: string;
  /** Why (required for reads of personal or biometric data; LFPDPPP purpose principle). */
  purpose: string;
  details?: Record<string, unknown>;
}

export type ChainVerification =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; firstBrokenSeq: number; reason: string };

const VERIFY_PAGE = 1_000;

export class AuditService {
  /** `key`: the chain's HMAC key (config.audit); the published demo key when none is given. */
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly key: AuditKey = DEMO_AUDIT_KEY,
  ) {}

  /**
   * Appends an entry inside the caller's transaction, so the record exists exactly when the action
   * it records committed. Takes a Transaction (not the Db) on purpose: an audit entry outside the
   * action's transaction could survive a rolled-back action or be lost after a committed one.
   */
  async record(trx: Transaction<Database>, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
    const head = await repository.lockChainHead(trx);
    const seq = head.lastSeq + 1;
    const occurredAt = this.clock();
    const details = normaliseDetails(entry.details);
    const hash = entryHash(head.lastHash, { ...entry, seq, occurredAt, details }, this.key);
    await repository.appendEntry(trx, {
      seq,
      occurred_at: occurredAt,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      purpose: entry.purpose,
      details,
      prev_hash: head.lastHash,
      hash,
      key_id: this.key.keyId,
    });
    return { seq, hash };
  }

  /**
   * Re-computes the chain from the first entry and names the first one that does not hold.
   * Entries written before the chain was keyed (key_id null) are accepted only as a prefix:
   * an unkeyed entry after a keyed one is a forgery by someone without the key.
   */
  async verify(db: Executor): Promise<ChainVerification> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let keyedSeen = false;
    for (;;) {
      const page = await repository.readPage(db, expectedSeq - 1, VERIFY_PAGE);
      for (const row of page) {
        const broken = (reason: string): ChainVerification => ({
          ok: false,
          entries: expectedSeq - 1,
          firstBrokenSeq: expectedSeq,
          reason,
        });
        if (row.seq !== expectedSeq) return broken(`falta la entrada ${expectedSeq} (sigue la ${row.seq})`);
        if (row.prev_hash !== prevHash) return broken('el hash anterior no coincide con la entrada previa');
        if (row.key_id === null && keyedSeen) return broken('entrada sin clave después de entradas con clave');
        if (row.key_id !== null && row.key_id !== this.key.keyId) {
          return broken(`la entrada dice estar firmada con la clave «${row.key_id}», que no es la configurada («${this.key.keyId}»)`);
        }
        keyedSeen ||= row.key_id !== null;
        const recomputed = entryHash(prevHash, {
          seq: row.seq,
          occurredAt: row.occurred_at,
          actor: row.actor,
          action: row.action,
          subject: row.subject,
          purpose: row.purpose,
          details: row.details,
        }, row.key_id === null ? undefined : this.key);
        if (recomputed !== row.hash) return broken('el contenido de la entrada no corresponde a su hash');
        prevHash = row.hash;
        expectedSeq += 1;
      }
      if (page.length < VERIFY_PAGE) break;
    }
    const entries = expectedSeq - 1;
    const head = await repository.readChainHead(db);
    if (head.lastSeq !== entries || head.lastHash !== prevHash) {
      // Entries after the last one we saw were removed (or the head row was edited).
      return {
        ok: false,
        entries,
        firstBrokenSeq: Math.min(head.lastSeq, entries + 1),
        reason: `la cabeza de la cadena indica ${head.lastSeq} entradas y hay ${entries}`,
      };
    }
    return { ok: true, entries, headHash: prevHash };
  }

  listBySubject(db: Executor, subject: string, limit = 100): Promise<repository.AuditRow[]> {
    return repository.listBySubject(db, subject, limit);
  }

  /** When one of `actions` last happened to `subject` (e.g. the last biometric use of a person). */
  lastOccurrence(db: Executor, subject: string, actions: readonly string[]): Promise<Date | null> {
    return repository.lastOccurrence(db, subject, actions);
  }
}
