import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Role } from './roles.ts';
import type { AccountsTable } from './tables.ts';

export type AccountRow = Selectable<AccountsTable>;

export async function insertAccount(trx: Transaction<Database>, account: Insertable<AccountsTable>): Promise<AccountRow> {
  return trx.insertInto('accounts').values(account).returningAll().executeTakeFirstOrThrow();
}

export async function findByMatricula(db: Executor, ooadCode: string, matricula: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('ooad_code', '=', ooadCode)
    .where('matricula', '=', matricula)
    .executeTakeFirst();
}

export async function findByPersonId(db: Executor, personId: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function lockAccount(trx: Transaction<Database>, id: string): Promise<AccountRow> {
  return trx.selectFrom('accounts').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export async function updateLoginState(
  trx: Transaction<Database>,
  id: string,
  state: { failed_attempts: number; lockout_level: number; locked_until: Date | null },
): Promise<void> {
  await trx.updateTable('accounts').set(state).where('id', '=', id).execute();
}

export async function setPassword(trx: Transaction<Database>, id: string, passwordHash: string, at: Date): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ password_hash: passwordHash, password_changed_at: at, failed_attempts: 0, lockout_level: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function insertSession(
  trx: Transaction<Database>,
  session: { id_hash: string; account_id: string; expires_at: Date; ip: string | null; user_agent: string | null },
): Promise<void> {
  await trx.insertInto('sessions').values(session).execute();
}

export async function findLiveSession(
  db: Executor,
  idHash: string,
  now: Date,
): Promise<{ account_id: string; person_id: string; role: Role } | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['sessions.account_id', 'accounts.person_id', 'accounts.role'])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .where('accounts.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOf(trx: Transaction<Database>, accountId: string): Promise<number> {
  const result = await trx.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Executor, accountId: string, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('account_id', '=', accountId).where('expires_at', '<=', now).execute();
}

export async function countRecentRecoveryCodes(db: Executor, accountId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A new code supersedes every earlier one: only the latest e-mail works. */
export async function replaceRecoveryCode(
  trx: Transaction<Database>,
  code: { account_id: string; code_hash: string; expires_at: Date; created_at: Date },
): Promise<void> {
  await trx
    .updateTable('recovery_codes')
    .set({ used_at: code.created_at })
    .where('account_id', '=', code.account_id)
    .where('used_at', 'is', null)
    .execute();
  await trx.insertInto('recovery_codes').values(code).execute();
}

export async function lockActiveRecoveryCode(
  trx: Transaction<Database>,
  accountId: string,
  now: Date,
  maxAttempts: number,
): Promise<{ id: string; code_hash: string; attempts: number } | undefined> {
  return trx
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash', 'attempts'])
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', maxAttempts)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function countRecoveryAttempt(trx: Transaction<Database>, id: string): Promise<void> {
  await trx.updateTable('recovery_codes').set({ attempts: sql`attempts + 1` }).where('id', '=', id).execute();
}

export async function markRecoveryCodeUsed(trx: Transaction<Database>, id: string, at: Date): Promise<void> {
  await trx.updateTable('recovery_codes').set({ used_at: at }).where('id', '=', id).execute();
}

// ── administration (issue 20) ─────────────────────────────────────────────────────────────

export interface AccountListRow extends AccountRow {
  active_sessions: number;
}

export async function listAccounts(db: Executor, now: Date): Promise<AccountListRow[]> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll('accounts')
    .select((eb) =>
      eb
        .selectFrom('sessions')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('sessions.account_id', '=', 'accounts.id')
        .where('sessions.expires_at', '>', now)
        .as('active_sessions'),
    )
    .orderBy('accounts.created_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((row) => ({ ...row, active_sessions: Number(row.active_sessions ?? 0) }));
}

export async function findById(db: Executor, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setDisabled(trx: Transaction<Database>, id: string, at: Date | null): Promise<void> {
  await trx.updateTable('accounts').set({ disabled_at: at }).where('id', '=', id).execute();
}

export async function findSessionExpiry(db: Executor, idHash: string): Promise<Date | undefined> {
  const row = await db.selectFrom('sessions').select('expires_at').where('id_hash', '=', idHash).executeTakeFirst();
  return row?.expires_at;
}
