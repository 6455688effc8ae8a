import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { LivenessChallengesTable, VerificationGrantsTable } from './tables.ts';

export type ChallengeRow = Selectable<LivenessChallengesTable>;

export async function insertChallenge(
  db: Executor,
  row: { personId: string; purpose: string; nonce: string; steps: string[]; signature: string; issuedBy: string; issuedAt: Date; expiresAt: Date },
): Promise<ChallengeRow> {
  return db
    .insertInto('liveness_challenges')
    .values({
      person_id: row.personId,
      purpose: row.purpose,
      nonce: row.nonce,
      steps: JSON.stringify(row.steps),
      signature: row.signature,
      issued_by: row.issuedBy,
      issued_at: row.issuedAt,
      expires_at: row.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks the challenge used and returns it, in one statement: of two requests racing with the same
 * id only one gets the row (the other sees `used_at` set), on both engines.
 */
export async function consumeChallenge(db: Executor, id: string, usedBy: string, now: Date): Promise<ChallengeRow | undefined> {
  return db
    .updateTable('liveness_challenges')
    .set({ used_at: now, used_by: usedBy })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function findChallenge(db: Executor, id: string): Promise<ChallengeRow | undefined> {
  return db.selectFrom('liveness_challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function saveChallengeResult(db: Executor, id: string, result: Record<string, unknown>): Promise<void> {
  await db.updateTable('liveness_challenges').set({ result: JSON.stringify(result) }).where('id', '=', id).execute();
}

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
