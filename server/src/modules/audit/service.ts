import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Db, Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { canonicalContent, contentHash, DEMO_AUDIT_KEY, entryHash, entryMac, GENESIS_HASH, normaliseDetails, type AuditKey, type CanonicalContent } from './hash-chain.ts';
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

/** Entries written but not yet chained (see seal). */
export interface UnsealedReport {
  count: number;
  oldestAt: Date | null;
  /** Unsealed for longer than the sealing window: the sealer is not running (or was kept from it). */
  overdue: number;
  /** Ids of unsealed rows whose writer's MAC does not hold: inserted by someone without the key. */
  forged: number[];
}

export type ChainVerification =
  | { ok: true; entries: number; headHash: string; unsealed: UnsealedReport }
  | { ok: false; entries: number; firstBrokenSeq: number | null; reason: string; unsealed?: UnsealedReport };

export interface VerifyChainOptions {
  now?: Date;
  /** How long an entry may stay unsealed before the verifier calls it overdue (default SEAL_WINDOW_MS). */
  sealWindowMs?: number;
}

const VERIFY_PAGE = 1_000;
const SEAL_BATCH = 500;
/**
 * The longest an entry normally stays unsealed: the in-process trigger seals within milliseconds
 * of the commit, the job fallback (`audit.seal`, every minute) after a crash or a commit nobody
 * poked for. Five minutes leaves room for a restart; the verifier reports anything older.
 */
export const SEAL_WINDOW_MS = 5 * 60_000;

export class AuditService {
  /** `key`: the chain's HMAC key (config.audit); the published demo key when none is given. */
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly key: AuditKey = DEMO_AUDIT_KEY,
  ) {}

  /** Called after every record (the in-process sealing trigger, AuditSealer.poke). */
  onRecord: (() => void) | null = null;

  /**
   * Appends an entry inside the caller's transaction, so the record exists exactly when the action
   * it records committed. Takes a Transaction (not the Db) on purpose: an audit entry outside the
   * action's transaction could survive a rolled-back action or be lost after a committed one.
   *
   * One INSERT, no lock: the entry carries the writer's MAC and gets its place in the hash chain
   * from the sealer after commit (seal). Taking the chain head here serialised every request that
   * audits anything on one row lock held until commit.
   */
  async record(trx: Transaction<Database>, entry: AuditEntry): Promise<{ uid: string }> {
    const [recorded] = await this.recordAll(trx, [entry]);
    return recorded!;
  }

  /** Several entries in one INSERT, in order (a verification's read of the templates and its result). */
  async recordAll(trx: Transaction<Database>, entries: readonly AuditEntry[]): Promise<Array<{ uid: string }>> {
    return this.insertEntries(trx, entries);
  }

  /**
   * Entries that are the whole of what an action writes (a 1:1 verification that issues no grant:
   * the read of the templates and the result), without a transaction of their own: a single
   * INSERT commits all its rows or none. Calls that arrive while such an INSERT is running wait
   * for it and then go in together, in one INSERT (group commit): under load the busiest route
   * pays one statement and one commit (one WAL flush) for several requests, and alone it waits
   * for nothing. Each call returns once its own rows are committed; if the INSERT fails, every
   * call in it fails and nothing of any of them is written.
   */
  async recordAlone(db: Db, entries: readonly AuditEntry[]): Promise<Array<{ uid: string }>> {
    if (entries.length === 0) return [];
    const rows = this.rowsOf(entries);
    let group = this.aloneGroups.get(db);
    if (!group) {
      group = { waiting: [], writing: false };
      this.aloneGroups.set(db, group);
    }
    await new Promise<void>((resolve, reject) => {
      group.waiting.push({ rows, resolve, reject });
      if (!group.writing) void this.writeGroups(db, group);
    });
    this.onRecord?.();
    return rows.map((row) => ({ uid: row.uid }));
  }

  /**
   * The canonical content of entries this process wrote and has not sealed yet, by uid. The sealer
   * chains such an entry from what was written instead of canonicalising the row again and checking
   * its MAC: ~8 % of the event loop per 1:1 verification (profile). Nothing is lost by it. A row
   * altered between insert and seal (only possible with the trigger disabled) is chained with what
   * was written, so the verifier names it at once. An entry not found here (written by another
   * process, before a restart, or pushed out by newer ones) takes the full check.
   */
  private readonly written = new LRUCache<string, CanonicalContent>({ max: 20_000 });

  /** Pending recordAlone calls per database handle (tests use several). */
  private readonly aloneGroups = new WeakMap<Db, AloneGroup>();

  /** Writes what is waiting, then what arrived meanwhile, until nothing waits. */
  private async writeGroups(db: Db, group: AloneGroup): Promise<void> {
    group.writing = true;
    try {
      while (group.waiting.length > 0) {
        const calls = takeGroup(group.waiting);
        try {
          await repository.insertUnsealed(db, calls.flatMap((call) => call.rows));
          for (const call of calls) call.resolve();
        } catch (error) {
          for (const call of calls) call.reject(error);
        }
      }
    } finally {
      group.writing = false;
    }
  }

  private async insertEntries(db: Executor, entries: readonly AuditEntry[]): Promise<Array<{ uid: string }>> {
    if (entries.length === 0) return [];
    const rows = this.rowsOf(entries);
    await repository.insertUnsealed(db, rows);
    this.onRecord?.();
    return rows.map((row) => ({ uid: row.uid }));
  }

  /** The rows to insert: each entry with its uid and its writer's MAC. */
  private rowsOf(entries: readonly AuditEntry[]): repository.NewEntry[] {
    const occurredAt = this.clock();
    return entries.map((entry) => {
      const uid = randomUUID();
      const details = normaliseDetails(entry.details);
      const unsealed = { uid, occurredAt, actor: entry.actor, action: entry.action, subject: entry.subject, purpose: entry.purpose, details };
      const content = canonicalContent(unsealed);
      this.written.set(uid, content);
      return {
        uid,
        occurred_at: occurredAt,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        purpose: entry.purpose,
        details: content.details,
        key_id: this.key.keyId,
        entry_mac: entryMac(this.key, unsealed, content),
      };
    });
  }

  /**
   * Chains committed unsealed entries, in the order they are found (insertion order within a
   * pass): each gets the next seq, the previous entry's hash and its HMAC, in one transaction that
   * holds the chain head, so concurrent sealers queue and the chain never forks. Sequence gaps
   * (rolled-back writers) and out-of-order commits do not matter: seq is assigned here, by the
   * sealer, to what has committed. An entry whose writer's MAC does not hold is left unsealed
   * (the verifier reports it as forged). Returns how many were sealed and skipped.
   */
  async seal(db: Db, limit = SEAL_BATCH): Promise<{ sealed: number; skipped: number; more: boolean }> {
    // An idle pass (the trailing one, the job) costs one indexed read and no lock: locking the head
    // writes to it, and on PGlite every commit that wrote anything is an fsync.
    if (!(await repository.hasUnsealed(db))) return { sealed: 0, skipped: 0, more: false };
    return db.transaction().execute(async (trx) => {
      // Under the chain head (READ COMMITTED: the read after the lock is a new snapshot, which
      // sees what a sealer before us sealed).
      const head = await repository.lockChainHead(trx);
      const rows = await repository.readUnsealedKeys(trx, limit);
      if (rows.length === 0) return { sealed: 0, skipped: 0, more: false };
      // What this process wrote, looked up once, before the read below lets other writes push
      // entries out of the cache; whole rows only for the entries it did not write (or no longer
      // remembers).
      const owned = rows.map((row) => (row.uid !== null && row.key_id === this.key.keyId ? this.written.get(row.uid) : undefined));
      const others = new Map((await repository.readRows(trx, rows.filter((_, i) => !owned[i]).map((row) => row.id))).map((row) => [row.id, row]));
      let { lastSeq, lastHash } = head;
      const seals: repository.Seal[] = [];
      let skipped = 0;
      for (const [i, key] of rows.entries()) {
        const own = owned[i];
        const row = others.get(key.id);
        const content = own ?? (row ? rowContent(row) : undefined);
        if (!content || (!own && !this.macHolds(row!, content))) {
          skipped += 1;
          continue;
        }
        const seq = lastSeq + 1;
        const hash = contentHash(lastHash, seq, content, this.key);
        seals.push({ id: key.id, seq, prev_hash: lastHash, hash });
        lastSeq = seq;
        lastHash = hash;
      }
      if (seals.length > 0) {
        await repository.sealEntries(trx, seals, this.clock());
        await repository.setChainHead(trx, lastSeq, lastHash);
      }
      // Sealed (or, on rollback, unsealed and found again by the full check next time).
      for (const row of rows) if (row.uid) this.written.delete(row.uid);
      return { sealed: seals.length, skipped, more: rows.length === limit && seals.length > 0 };
    });
  }

  /** Seals until nothing committed is left unsealed (forged rows aside). */
  async sealAll(db: Db): Promise<number> {
    let total = 0;
    for (;;) {
      const pass = await this.seal(db);
      total += pass.sealed;
      if (!pass.more) return total;
    }
  }

  private macHolds(row: repository.AuditRow, content: CanonicalContent = rowContent(row)): boolean {
    if (!row.uid || !row.entry_mac || row.key_id !== this.key.keyId) return false;
    const mac = entryMac(this.key, { uid: row.uid, occurredAt: row.occurred_at, actor: row.actor, action: row.action, subject: row.subject, purpose: row.purpose, details: row.details }, content);
    return mac === row.entry_mac;
  }

  /**
   * Re-computes the chain from the first entry and names the first one that does not hold.
   * Entries written before the chain was keyed (key_id null) are accepted only as a prefix:
   * an unkeyed entry after a keyed one is a forgery by someone without the key.
   */
  async verify(db: Executor, options: VerifyChainOptions = {}): Promise<ChainVerification> {
    if (db.isTransaction) return this.verifySnapshot(db, options);
    // One snapshot: a seal pass committing between the last page and the head read would
    // otherwise look like entries removed from the chain's end.
    return db.transaction().setIsolationLevel('repeatable read').execute((trx) => this.verifySnapshot(trx, options));
  }

  private async verifySnapshot(db: Executor, options: VerifyChainOptions): Promise<ChainVerification> {
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
        const content = rowContent(row);
        const recomputed = entryHash(prevHash, {
          seq: row.seq,
          occurredAt: row.occurred_at,
          actor: row.actor,
          action: row.action,
          subject: row.subject,
          purpose: row.purpose,
          details: row.details,
        }, row.key_id === null ? undefined : this.key, content);
        if (recomputed !== row.hash) return broken('el contenido de la entrada no corresponde a su hash');
        // Sealed after this change: the writer's MAC must hold too (the sealer checked it).
        if (row.entry_mac !== null && !this.macHolds(row, content)) return broken('la entrada no lleva la firma de quien la escribió');
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
    const unsealed = await this.unsealedReport(db, options);
    if (unsealed.forged.length > 0) {
      return {
        ok: false,
        entries,
        firstBrokenSeq: null,
        reason: `${unsealed.forged.length} entradas sin sellar no llevan la firma de la aplicación (insertadas sin la clave; id ${unsealed.forged.slice(0, 5).join(', ')})`,
        unsealed,
      };
    }
    return { ok: true, entries, headHash: prevHash, unsealed };
  }

  /** Entries not yet in the chain: how many, since when, how many overdue or forged. */
  private async unsealedReport(db: Executor, options: VerifyChainOptions): Promise<UnsealedReport> {
    const now = options.now ?? this.clock();
    const window = options.sealWindowMs ?? SEAL_WINDOW_MS;
    const report: UnsealedReport = { count: 0, oldestAt: null, overdue: 0, forged: [] };
    let afterId = 0;
    for (;;) {
      const page = await repository.readUnsealedPage(db, afterId, VERIFY_PAGE);
      for (const row of page) {
        report.count += 1;
        if (!report.oldestAt || row.occurred_at < report.oldestAt) report.oldestAt = row.occurred_at;
        if (now.getTime() - row.occurred_at.getTime() > window) report.overdue += 1;
        if (!this.macHolds(row)) report.forged.push(row.id);
        afterId = row.id;
      }
      if (page.length < VERIFY_PAGE) return report;
    }
  }

  listBySubject(db: Executor, subject: string, limit = 100): Promise<repository.AuditRow[]> {
    return repository.listBySubject(db, subject, limit);
  }

  /** Which of `subjects` had one of `actions` since `since` (e.g. people who used their biometrics lately). */
  subjectsActiveSince(db: Executor, subjects: readonly string[], actions: readonly string[], since: Date): Promise<Set<string>> {
    return repository.subjectsActiveSince(db, subjects, actions, since);
  }

}

interface AloneCall {
  rows: repository.NewEntry[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface AloneGroup {
  waiting: AloneCall[];
  writing: boolean;
}

/** At most this many rows in one group INSERT (13 parameters a row; PostgreSQL allows 65,535). */
const GROUP_MAX_ROWS = 500;

/** Takes the calls of the next INSERT off the front of the queue: whole calls, up to GROUP_MAX_ROWS rows (always at least one call). */
function takeGroup(waiting: AloneCall[]): AloneCall[] {
  let rows = 0;
  let count = 0;
  while (count < waiting.length && (count === 0 || rows + waiting[count]!.rows.length <= GROUP_MAX_ROWS)) {
    rows += waiting[count]!.rows.length;
    count += 1;
  }
  return waiting.splice(0, count);
}

/** A stored entry's content in canonical form, once for both its MAC and its chain hash. */
function rowContent(row: repository.AuditRow): CanonicalContent {
  return canonicalContent({ occurredAt: row.occurred_at, actor: row.actor, action: row.action, subject: row.subject, purpose: row.purpose, details: row.details });
}
