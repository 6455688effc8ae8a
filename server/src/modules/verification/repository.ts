import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { VerificationGrantsTable } from './tables.ts';

export type GrantRow = Selectable<VerificationGrantsTable>;

export async function insertGrant(db: Executor, row: Insertable<VerificationGrantsTable>): Promise<GrantRow> {
  return db.insertInto('verification_grants').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Marks the grant used if it is unused and unexpired, atomically: two requests cannot both use it. */
export async function consumeGrant(db: Executor, id: string, now: Date): Promise<GrantRow | undefined> {
  return db
    .updateTable('verification_grants')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function findGrant(db: Executor, id: string): Promise<GrantRow | undefined> {
  return db.selectFrom('verification_grants').selectAll().where('id', '=', id).executeTakeFirst();
}
