import { expressionBuilder, type Selectable } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.ts';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
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

/**
 * The consent gate in one statement (every verification asks it): whether an erasure of the
 * person exists (scheduled, held or done) and the newest decision for the biometric scope. Built
 * and compiled once (db/compiled-once.ts): the statement is the same every time but for the
 * person, and it runs on every 1:1 verification, the busiest route.
 */
const eb = expressionBuilder<Database, never>();
const useState = compiledOnce((db: Executor, personId: string) =>
  db
    .selectNoFrom([
      eb.exists(eb.selectFrom('privacy_erasures').select('id').where('person_id', '=', personId)).as('erasure'),
      eb.selectFrom('consents').select('granted').where('person_id', '=', personId).where('scope', '=', 'datos_biometricos').orderBy('seq', 'desc').limit(1).as('granted'),
    ])
    .compile());

export async function biometricUseState(db: Executor, personId: string): Promise<{ erasure: boolean; granted: boolean | null }> {
  const row = (await useState(db, personId)).rows[0]!;
  return { erasure: Boolean(row.erasure), granted: row.granted ?? null };
}
