import { sql, type Kysely } from 'kysely';

/**
 * Security hardening of the biometric flows (issue 19, items 1, 3, 11, 16):
 * - who took part in a capture session (they may never adjudicate its enrollment) and when a
 *   session was last touched (abandoned sessions expire and are erased);
 * - the first of the two decisions a possible duplicate needs (four eyes), and the second
 *   supervisor on the adjudication itself;
 * - verification grants: single-use, short-lived proof that the server matched a person at a
 *   station, which an attendance check-in must carry; check-ins record which grant they used and
 *   whether the match was of a capture an offline kiosk kept.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('capture_session_participants')
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('capture_sessions.id').onDelete('cascade'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addPrimaryKeyConstraint('capture_session_participants_pk', ['session_id', 'account_id'])
    .execute();
  await sql`insert into capture_session_participants (session_id, account_id) select id, operator_account_id from capture_sessions`.execute(db);

  await db.schema.alterTable('capture_sessions').addColumn('last_activity_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`)).execute();
  await sql`update capture_sessions set last_activity_at = coalesce(closed_at, created_at)`.execute(db);
  await sql`alter table capture_sessions drop constraint capture_sessions_status_check`.execute(db);
  await sql`alter table capture_sessions add constraint capture_sessions_status_check check (status in ('abierta', 'completada', 'cancelada', 'expirada'))`.execute(db);
  await db.schema.createIndex('capture_sessions_open_activity_idx').on('capture_sessions').column('last_activity_at').where(sql.ref('status'), '=', 'abierta').execute();

  await db.schema
    .createTable('adjudication_proposals')
    .addColumn('enrollment_id', 'uuid', (c) => c.primaryKey().references('enrollments.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('misma_persona', 'fraude', 'personas_distintas')`))
    .addColumn('same_as_person_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('notes', 'text')
    .addColumn('proposed_by', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Null only on adjudications decided before four eyes were required.
  await db.schema.alterTable('adjudications').addColumn('confirmed_by_account_id', 'uuid', (c) => c.references('accounts.id')).execute();
  await db.schema.alterTable('adjudications').addColumn('confirmation_notes', 'text').execute();

  await db.schema
    .createTable('verification_grants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('station_id', 'uuid', (c) => c.notNull().references('stations.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('huella', 'rostro')`))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('issued_to', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('verification_grants_expires_idx').on('verification_grants').column('expires_at').execute();

  await db.schema.alterTable('attendance_records').addColumn('verification_id', 'uuid', (c) => c.unique().references('verification_grants.id')).execute();
  await db.schema.alterTable('attendance_records').addColumn('offline', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attendance_records').dropColumn('offline').execute();
  await db.schema.alterTable('attendance_records').dropColumn('verification_id').execute();
  await db.schema.dropTable('verification_grants').execute();
  await db.schema.alterTable('adjudications').dropColumn('confirmation_notes').execute();
  await db.schema.alterTable('adjudications').dropColumn('confirmed_by_account_id').execute();
  await db.schema.dropTable('adjudication_proposals').execute();
  await sql`alter table capture_sessions drop constraint capture_sessions_status_check`.execute(db);
  await sql`alter table capture_sessions add constraint capture_sessions_status_check check (status in ('abierta', 'completada', 'cancelada'))`.execute(db);
  await db.schema.alterTable('capture_sessions').dropColumn('last_activity_at').execute();
  await db.schema.dropTable('capture_session_participants').execute();
}
