import type { Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

export interface AuditRow {
  seq: number;
  occurred_at: Date;
  actor: string;
  action: string;
  subject: string;
  purpose: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

/**
 * Takes the chain head with `SELECT … FOR UPDATE`: concurrent appends queue on this row until the
 * holder commits, so two entries can never claim the same predecessor. Row locks behave the same
 * on PostgreSQL and PGlite (where there is one connection anyway).
 */
export async function lockChainHead(trx: Transaction<Database>): Promise<{ lastSeq: number; lastHash: string }> {
  const head = await trx
    .selectFrom('audit_chain_head')
    .select(['last_seq', 'last_hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { lastSeq: head.last_seq, lastHash: head.last_hash };
}

export async function appendEntry(trx: Transaction<Database>, row: AuditRow): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({ ...row, details: JSON.stringify(row.details) })
    .execute();
  await trx
    .updateTable('audit_chain_head')
    .set({ last_seq: row.seq, last_hash: row.hash })
    .where('id', '=', 1)
    .execute();
}

export async function readChainHead(db: Executor): Promise<{ lastSeq: number; lastHash: string }> {
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['last_seq', 'last_hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { lastSeq: head.last_seq, lastHash: head.last_hash };
}

export async function readEntry(db: Executor, seq: number): Promise<AuditRow | undefined> {
  return db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function readPage(db: Executor, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function listBySubject(db: Executor, subject: string, limit: number): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('seq', 'desc').limit(limit).execute();
}

/** When one of `actions` last happened to `subject`, if ever. */
export async function lastOccurrence(db: Executor, subject: string, actions: readonly string[]): Promise<Date | null> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .where('subject', '=', subject)
    .where('action', 'in', [...actions])
    .executeTakeFirst();
  return row?.at ? new Date(row.at as unknown as string) : null;
}
