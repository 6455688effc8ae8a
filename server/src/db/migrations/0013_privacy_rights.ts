import { sql, type Kysely } from 'kysely';

/**
 * Issue 17, data-subject rights (modules/privacy):
 * - consents may be given at a kiosk on first use (`quiosco`);
 * - ARCO requests and "no reconozco este acceso" reports, with their legal clock;
 * - legal holds that block an erasure (e.g. a pending signature dispute);
 * - erasures (crypto-shredding) and their outcome;
 * - biometric_blobs.shredded_at: the row's data key was destroyed (the ciphertext can never be read again).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table consents drop constraint if exists consents_channel_check`.execute(db);
  await sql`alter table consents add constraint consents_channel_check check (channel in ('portal', 'estacion', 'quiosco'))`.execute(db);

  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('folio', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('acceso', 'rectificacion', 'cancelacion', 'oposicion', 'acceso_no_reconocido')`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('portal', 'ventanilla')`))
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('recibida', 'procedente', 'improcedente', 'ejecutada')`))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('answer_due_on', 'date', (c) => c.notNull())
    .addColumn('execute_due_on', 'date')
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('executed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_requests_person_idx').on('privacy_requests').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('privacy_requests_status_idx').on('privacy_requests').columns(['status', 'answer_due_on']).execute();

  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_by', 'text')
    .addColumn('released_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('legal_holds_person_idx').on('legal_holds').columns(['person_id']).execute();

  await db.schema
    .createTable('privacy_erasures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('cause', 'text', (c) => c.notNull().check(sql`cause in ('cancelacion', 'retencion')`))
    .addColumn('request_id', 'uuid', (c) => c.references('privacy_requests.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('programada', 'ejecutada', 'bloqueada')`))
    .addColumn('not_before', 'timestamptz', (c) => c.notNull())
    .addColumn('blocked_reason', 'text')
    .addColumn('records', 'integer')
    .addColumn('executed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_erasures_person_idx').on('privacy_erasures').columns(['person_id']).execute();

  await db.schema.alterTable('biometric_blobs').addColumn('shredded_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('biometric_blobs').dropColumn('shredded_at').execute();
  await db.schema.dropTable('privacy_erasures').execute();
  await db.schema.dropTable('legal_holds').execute();
  await db.schema.dropTable('privacy_requests').execute();
  await sql`alter table consents drop constraint if exists consents_channel_check`.execute(db);
  await sql`alter table consents add constraint consents_channel_check check (channel in ('portal', 'estacion'))`.execute(db);
}
