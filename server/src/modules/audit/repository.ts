import { sql, type Transaction } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.ts';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

export interface AuditRow {
  id: number;
  seq: number | null;
  occurred_at: Date;
  actor: string;
  action: string;
  subject: string;
  purpose: string;
  details: Record<string, unknown>;
  prev_hash: string | null;
  hash: string | null;
  key_id: string | null;
  uid: string | null;
  entry_mac: string | null;
  sealed_at: Date | null;
}

/** A sealed row: what the chain verifier walks. */
export type SealedRow = AuditRow & { seq: number; prev_hash: string; hash: string };

export interface NewEntry {
  uid: string;
  occurred_at: Date;
  actor: string;
  action: string;
  subject: string;
  purpose: string;
  /** The details as JSON text: the canonical text the writer's MAC covers (hash-chain.ts). */
  details: string;
  key_id: string;
  entry_mac: string;
}

/**
 * Takes the chain head with `SELECT … FOR UPDATE`: concurrent sealers (two processes, the job and
 * the in-process trigger) queue on this row until the holder commits, so two entries can never
 * claim the same predecessor. Writers never take it. Row locks behave the same on PostgreSQL and
 * PGlite (where there is one connection anyway).
 */
export function lockChainHead(trx: Transaction<Database>): Promise<{ lastSeq: number; lastHash: string }> {
  return selectChainHead(trx, true);
}

/**
 * One INSERT in the writer's transaction; no lock, no read: the sealer chains them after commit.
 * The rows go in as one array per column, so the statement's text is the same whatever the number
 * of rows: compiled once here, prepared once per connection on PostgreSQL
 * (db/prepared-statements.ts), where a multi-row VALUES list was built by Kysely on every call and
 * was a new statement for each row count (a verification writes 2 rows, a group commit 2 × n).
 * `with ordinality … order by` keeps the rows' order, so ids follow it as they did.
 */
const insertColumns = compiledOnce((db: Executor, uids: string[], occurredAt: string[], actors: string[], actions: string[], subjects: string[], purposes: string[], details: string[], keyIds: string[], macs: string[]) =>
  sql`insert into audit_log (uid, occurred_at, actor, action, subject, purpose, details, key_id, entry_mac)
    select uid, occurred_at, actor, action, subject, purpose, details, key_id, entry_mac
    from unnest(${uids}::uuid[], ${occurredAt}::timestamptz[], ${actors}::text[], ${actions}::text[], ${subjects}::text[], ${purposes}::text[],
                ${details}::jsonb[], ${keyIds}::text[], ${macs}::text[])
      with ordinality as row (uid, occurred_at, actor, action, subject, purpose, details, key_id, entry_mac, position)
    order by position`.compile(db));

export async function insertUnsealed(db: Executor, entries: readonly NewEntry[]): Promise<void> {
  await insertColumns(
    db,
    entries.map((e) => e.uid),
    entries.map((e) => e.occurred_at.toISOString()),
    entries.map((e) => e.actor),
    entries.map((e) => e.action),
    entries.map((e) => e.subject),
    entries.map((e) => e.purpose),
    entries.map((e) => e.details),
    entries.map((e) => e.key_id),
    entries.map((e) => e.entry_mac),
  );
}

export async function hasUnsealed(db: Executor): Promise<boolean> {
  return (await db.selectFrom('audit_log').select('id').where('seq', 'is', null).limit(1).executeTakeFirst()) !== undefined;
}

/** What the sealer needs to tell its own entries (whose content it remembers) from the others. */
export type UnsealedKey = Pick<AuditRow, 'id' | 'uid' | 'key_id'>;

/**
 * Committed entries not yet sealed, in insertion order: their keys only. The sealer reads whole
 * rows (readRows) only for entries it did not write itself; its own it chains from the content it
 * wrote, so their text and details need not come back and be parsed again.
 */
export async function readUnsealedKeys(db: Executor, limit: number): Promise<UnsealedKey[]> {
  return db.selectFrom('audit_log').select(['id', 'uid', 'key_id']).where('seq', 'is', null).orderBy('id').limit(limit).execute();
}

/** Whole rows by id, in id order. */
export async function readRows(db: Executor, ids: readonly number[]): Promise<AuditRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('audit_log').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export interface Seal {
  id: number;
  seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * Seals a batch in one UPDATE … FROM unnest(arrays): one statement text whatever the batch size
 * (compiled once, prepared once per connection), where a VALUES list was a new statement for each
 * size. `seq is null` makes a row sealed meanwhile (it cannot be: the caller holds the chain head)
 * fail the count check instead of being re-sealed.
 */
const sealColumns = compiledOnce((db: Executor, ids: string[], seqs: string[], prevHashes: string[], hashes: string[], sealedAt: string) =>
  sql`update audit_log set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash, sealed_at = ${sealedAt}::timestamptz
    from unnest(${ids}::bigint[], ${seqs}::bigint[], ${prevHashes}::text[], ${hashes}::text[]) as v(id, seq, prev_hash, hash)
    where audit_log.id = v.id and audit_log.seq is null`.compile(db));

export async function sealEntries(trx: Transaction<Database>, seals: readonly Seal[], sealedAt: Date): Promise<void> {
  if (seals.length === 0) return;
  const result = await sealColumns(
    trx,
    seals.map((s) => String(s.id)),
    seals.map((s) => String(s.seq)),
    seals.map((s) => s.prev_hash),
    seals.map((s) => s.hash),
    sealedAt.toISOString(),
  );
  if (Number(result.numAffectedRows ?? -1) !== seals.length) {
    throw new Error(`audit seal: ${String(result.numAffectedRows)} rows sealed of ${seals.length}`);
  }
}

export async function setChainHead(trx: Transaction<Database>, lastSeq: number, lastHash: string): Promise<void> {
  await trx.updateTable('audit_chain_head').set({ last_seq: lastSeq, last_hash: lastHash }).where('id', '=', 1).execute();
}

export function readChainHead(db: Executor): Promise<{ lastSeq: number; lastHash: string }> {
  return selectChainHead(db, false);
}

async function selectChainHead(db: Executor, forUpdate: boolean): Promise<{ lastSeq: number; lastHash: string }> {
  const query = db.selectFrom('audit_chain_head').select(['last_seq', 'last_hash']).where('id', '=', 1);
  const head = await (forUpdate ? query.forUpdate() : query).executeTakeFirstOrThrow();
  return { lastSeq: head.last_seq, lastHash: head.last_hash };
}

export async function readEntry(db: Executor, seq: number): Promise<AuditRow | undefined> {
  return db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function readPage(db: Executor, afterSeq: number, limit: number): Promise<SealedRow[]> {
  return (await db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()) as SealedRow[];
}

/** Unsealed entries in insertion order, a page after `afterId`. */
export async function readUnsealedPage(db: Executor, afterId: number, limit: number): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().where('seq', 'is', null).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function listBySubject(db: Executor, subject: string, limit: number): Promise<AuditRow[]> {
  // Newest first by insertion order: an entry not yet sealed has no seq but is the newest.
  return db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('id', 'desc').limit(limit).execute();
}


/** Which of `subjects` had one of `actions` at or after `since` (one query per 1,000 subjects). */
export async function subjectsActiveSince(db: Executor, subjects: readonly string[], actions: readonly string[], since: Date): Promise<Set<string>> {
  const active = new Set<string>();
  for (let i = 0; i < subjects.length; i += 1_000) {
    const rows = await db
      .selectFrom('audit_log')
      .select('subject')
      .distinct()
      .where('subject', 'in', subjects.slice(i, i + 1_000))
      .where('action', 'in', [...actions])
      .where('occurred_at', '>=', since)
      .execute();
    for (const row of rows) active.add(row.subject);
  }
  return active;
}
