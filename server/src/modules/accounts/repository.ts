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

/** The OOAD of each of these people's staff accounts (people without one are not listed). */
export async function ooadsOfPeople(db: Executor, personIds: readonly string[]): Promise<Array<{ person_id: string; ooad_code: string | null }>> {
  if (personIds.length === 0) return [];
  return db.selectFrom('accounts').select(['person_id', 'ooad_code']).where('person_id', 'in', [...personIds]).execute();
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

/**
 * Counts one login attempt for an identifier before its password is checked (issue 19 item 7):
 * the row is taken `FOR UPDATE`, so parallel attempts queue here and each sees the count the one
 * before it left. Returns the lock end when the identifier is locked (the attempt is then not
 * counted and no password may be checked).
 */
export async function takeLoginAttempt(
  trx: Transaction<Database>,
  keyHash: string,
  next: (row: { failed_attempts: number; lockout_level: number }) => { failed_attempts: number; lockout_level: number; locked_until: Date | null },
  now: Date,
): Promise<{ lockedUntil: Date | null }> {
  await trx.insertInto('login_throttle').values({ key_hash: keyHash, locked_until: null }).onConflict((oc) => oc.column('key_hash').doNothing()).execute();
  const row = await trx.selectFrom('login_throttle').selectAll().where('key_hash', '=', keyHash).forUpdate().executeTakeFirstOrThrow();
  if (row.locked_until && row.locked_until > now) return { lockedUntil: row.locked_until };
  await trx.updateTable('login_throttle').set({ ...next(row), updated_at: now }).where('key_hash', '=', keyHash).execute();
  return { lockedUntil: null };
}

export async function resetLoginAttempts(db: Executor, keyHash: string, now: Date): Promise<void> {
  await db.updateTable('login_throttle').set({ failed_attempts: 0, lockout_level: 0, locked_until: null, updated_at: now }).where('key_hash', '=', keyHash).execute();
}

export async function anyAdmin(db: Executor): Promise<boolean> {
  return (await db.selectFrom('accounts').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst()) !== undefined;
}

export async function setDisabled(trx: Transaction<Database>, id: string, at: Date | null, by: string | null): Promise<void> {
  await trx.updateTable('accounts').set({ disabled_at: at, disabled_by: by }).where('id', '=', id).execute();
}

export async function findById(db: Executor, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listForOoad(
  db: Executor,
  ooadCode: string | null,
  now: Date,
): Promise<Array<AccountRow & { live_sessions: number }>> {
  return db
    .selectFrom('accounts')
    .selectAll('accounts')
    .select((eb) =>
      eb
        .selectFrom('sessions')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('sessions.account_id', '=', 'accounts.id')
        .where('sessions.expires_at', '>', now)
        .as('live_sessions'),
    )
    .where((eb) => eb.or([eb('accounts.ooad_code', 'is', null), eb('accounts.ooad_code', '=', ooadCode ?? '')]))
    .orderBy('accounts.created_at')
    .limit(1_000)
    .execute() as Promise<Array<AccountRow & { live_sessions: number }>>;
}

export async function countSessionsOf(db: Executor, accountId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findLiveSession(
  db: Executor,
  idHash: string,
  now: Date,
): Promise<{ account_id: string; person_id: string; role: Role; expires_at: Date } | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['sessions.account_id', 'accounts.person_id', 'accounts.role', 'sessions.expires_at'])
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

export async function findSessionExpiry(db: Executor, idHash: string): Promise<Date | undefined> {
  const row = await db.selectFrom('sessions').select('expires_at').where('id_hash', '=', idHash).executeTakeFirst();
  return row?.expires_at;
}
