import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { LegalHoldsTable, PrivacyErasuresTable, PrivacyRequestsTable, PrivacyRequestStatus } from './tables.ts';

export type RequestRow = Selectable<PrivacyRequestsTable>;
export type HoldRow = Selectable<LegalHoldsTable>;
export type ErasureRow = Selectable<PrivacyErasuresTable>;

export async function insertRequest(db: Executor, row: Insertable<PrivacyRequestsTable>): Promise<RequestRow> {
  return db.insertInto('privacy_requests').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findRequest(db: Executor, id: string, forUpdate = false): Promise<RequestRow | undefined> {
  let query = db.selectFrom('privacy_requests').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listRequestsOf(db: Executor, personId: string): Promise<RequestRow[]> {
  return db.selectFrom('privacy_requests').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').execute();
}

export async function listRequests(db: Executor, statuses: readonly PrivacyRequestStatus[]): Promise<RequestRow[]> {
  return db.selectFrom('privacy_requests').selectAll().where('status', 'in', statuses).orderBy('answer_due_on').orderBy('created_at').execute();
}

export async function updateRequest(db: Executor, id: string, set: Partial<Omit<RequestRow, 'id'>>): Promise<void> {
  await db.updateTable('privacy_requests').set(set as never).where('id', '=', id).execute();
}

export async function openHolds(db: Executor, personId: string): Promise<HoldRow[]> {
  return db.selectFrom('legal_holds').selectAll().where('person_id', '=', personId).where('released_at', 'is', null).orderBy('placed_at').execute();
}

export async function listOpenHolds(db: Executor): Promise<HoldRow[]> {
  return db.selectFrom('legal_holds').selectAll().where('released_at', 'is', null).orderBy('placed_at').execute();
}

export async function insertHold(db: Executor, row: Insertable<LegalHoldsTable>): Promise<HoldRow> {
  return db.insertInto('legal_holds').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function releaseHold(db: Executor, id: string, by: string, at: Date): Promise<HoldRow | undefined> {
  return db.updateTable('legal_holds').set({ released_by: by, released_at: at }).where('id', '=', id).where('released_at', 'is', null).returningAll().executeTakeFirst();
}

export async function insertErasure(db: Executor, row: Insertable<PrivacyErasuresTable>): Promise<ErasureRow> {
  return db.insertInto('privacy_erasures').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findErasure(db: Executor, id: string, forUpdate = false): Promise<ErasureRow | undefined> {
  let query = db.selectFrom('privacy_erasures').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function erasuresOf(db: Executor, personId: string): Promise<ErasureRow[]> {
  return db.selectFrom('privacy_erasures').selectAll().where('person_id', '=', personId).orderBy('created_at').execute();
}

export async function dueErasures(db: Executor, now: Date): Promise<ErasureRow[]> {
  return db.selectFrom('privacy_erasures').selectAll().where('status', 'in', ['programada', 'bloqueada']).where('not_before', '<=', now).execute();
}

export async function updateErasure(db: Executor, id: string, set: Partial<Omit<ErasureRow, 'id'>>): Promise<void> {
  await db.updateTable('privacy_erasures').set(set).where('id', '=', id).execute();
}

/** A cancellation or erasure under way or done: biometric processing is blocked (bloqueo, LGPDPPSO art. 3 fr. III). */
export async function hasBlockingErasure(db: Executor, personId: string): Promise<boolean> {
  const row = await db.selectFrom('privacy_erasures').select('id').where('person_id', '=', personId).limit(1).executeTakeFirst();
  return row !== undefined;
}
