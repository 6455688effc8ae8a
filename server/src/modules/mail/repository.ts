import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

export interface OutboxRow {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Date;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
}

const COLUMNS = ['id', 'kind', 'to_address', 'subject', 'body_text', 'created_at', 'sent_at', 'attempts', 'last_error'] as const;

/** What replaces the body of a message that carried a secret, once sent or expired. */
export const ERASED_BODY_SENT = '[Contenido eliminado tras el envío: contenía un código de un solo uso.]';
export const ERASED_BODY_EXPIRED = '[Contenido eliminado: el código de un solo uso que contenía ya venció.]';

export async function insertMessage(
  trx: Transaction<Database>,
  message: { kind: string; to_address: string; subject: string; body_text: string; erase_body_at?: Date | null },
): Promise<string> {
  const row = await trx.insertInto('mail_outbox').values(message).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listRecent(db: Executor, limit: number): Promise<OutboxRow[]> {
  return db.selectFrom('mail_outbox').select(COLUMNS).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function listByRecipient(db: Executor, toAddress: string): Promise<OutboxRow[]> {
  return db.selectFrom('mail_outbox').select(COLUMNS).where('to_address', '=', toAddress).orderBy('created_at', 'desc').execute();
}

/**
 * Claims up to `limit` due messages by pushing their next attempt into the future (a lease), so
 * SMTP is spoken outside any transaction and two dispatchers never send the same message.
 */
export async function claimDue(
  trx: Transaction<Database>,
  now: Date,
  leaseUntil: Date,
  limit: number,
  maxAttempts: number,
): Promise<OutboxRow[]> {
  const due = await trx
    .selectFrom('mail_outbox')
    .select(COLUMNS)
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    // A secret that expired is not worth sending (and its body is already erased).
    .where((eb) => eb.or([eb('erase_body_at', 'is', null), eb('erase_body_at', '>', now)]))
    .where('attempts', '<', maxAttempts)
    .orderBy('created_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (due.length > 0) {
    await trx
      .updateTable('mail_outbox')
      .set({ next_attempt_at: leaseUntil, attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((m) => m.id))
      .execute();
  }
  return due;
}

export async function markSent(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('mail_outbox').set({ sent_at: at, last_error: null }).where('id', '=', id).execute();
  // Mail that carried a secret keeps no copy of it once delivered (issue 19 item 10).
  await db
    .updateTable('mail_outbox')
    .set({ body_text: ERASED_BODY_SENT, erase_body_at: null })
    .where('id', '=', id)
    .where('erase_body_at', 'is not', null)
    .execute();
}

/** Erases the body of every unsent message whose secret expired; returns how many. */
export async function eraseExpiredSecrets(db: Executor, now: Date): Promise<number> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ body_text: ERASED_BODY_EXPIRED, erase_body_at: null })
    .where('erase_body_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function markFailed(db: Executor, id: string, error: string, retryAt: Date): Promise<void> {
  await db.updateTable('mail_outbox').set({ last_error: error.slice(0, 500), next_attempt_at: retryAt }).where('id', '=', id).execute();
}
