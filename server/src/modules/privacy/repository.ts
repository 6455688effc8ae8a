import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ConsentChannel, ConsentScope, ConsentsTable } from './tables.ts';

export type ConsentRow = Selectable<ConsentsTable>;

export async function insertConsent(
  db: Executor,
  row: { personId: string; scope: ConsentScope; granted: boolean; noticeVersion: string; noticeSha256: string; channel: ConsentChannel; recordedBy: string; stationId: string | null; recordedAt: Date },
): Promise<ConsentRow> {
  return db
    .insertInto('consents')
    .values({
      person_id: row.personId,
      scope: row.scope,
      granted: row.granted,
      notice_version: row.noticeVersion,
      notice_sha256: row.noticeSha256,
      channel: row.channel,
      recorded_by: row.recordedBy,
      station_id: row.stationId,
      recorded_at: row.recordedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function latestConsent(db: Executor, personId: string, scope: ConsentScope): Promise<ConsentRow | undefined> {
  return db
    .selectFrom('consents')
    .selectAll()
    .where('person_id', '=', personId)
    .where('scope', '=', scope)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listConsents(db: Executor, personId: string): Promise<ConsentRow[]> {
  return db.selectFrom('consents').selectAll().where('person_id', '=', personId).orderBy('seq', 'asc').execute();
}
