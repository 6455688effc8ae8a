import { sql, type Kysely } from 'kysely';

/**
 * Pensioners (issue 12) and presence liveness (issue 19, item 2):
 * - liveness_challenges: server-issued active challenges, bound to one person and one purpose,
 *   single use (used_at set in the statement that consumes it), with their evaluated result.
 * The job queue (modules/jobs) keeps its own tables in its own schema, created by its library.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('liveness_challenges')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('steps', 'jsonb', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('used_by', 'text')
    .addColumn('result', 'jsonb')
    .execute();
  await db.schema.createIndex('liveness_challenges_person_idx').on('liveness_challenges').columns(['person_id', 'issued_at']).execute();

  // Effects done once per key whatever the job runs (modules/jobs claimOnce).
  await db.schema
    .createTable('job_effects')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Consents (modules/privacy): only added, the newest per person and scope counts.
  await db.schema
    .createTable('consents')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('granted', 'boolean', (c) => c.notNull())
    .addColumn('notice_version', 'text', (c) => c.notNull())
    .addColumn('notice_sha256', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('portal', 'estacion')`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('station_id', 'uuid', (c) => c.references('stations.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_person_scope_idx').on('consents').columns(['person_id', 'scope', 'seq']).execute();

  // Pensioners (modules/pension).
  await db.schema
    .createTable('pension_registrations')
    .addColumn('curp', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ooad_code', 'text')
    .addColumn('identity', 'jsonb', (c) => c.notNull())
    .addColumn('code_hmac', 'text', (c) => c.notNull())
    .addColumn('code_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('token_hmac', 'text')
    .addColumn('token_expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('pensioners')
    .addColumn('person_id', 'uuid', (c) => c.primaryKey().references('people.id'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().unique().references('accounts.id'))
    .addColumn('ooad_code', 'text')
    .addColumn('step', 'text', (c) => c.notNull().check(sql`step in ('consentimiento', 'rostro', 'completo')`))
    .addColumn('biometric_status', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('next_due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('vigente', 'por_vencer', 'en_riesgo')`))
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pensioners_status_idx').on('pensioners').columns(['status', 'ooad_code']).execute();
  await db.schema
    .createTable('proofs_of_life')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('folio', 'text', (c) => c.unique())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('remoto', 'clinica')`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('aprobada', 'fallida')`))
    .addColumn('reason', 'text')
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('station_id', 'uuid', (c) => c.references('stations.id'))
    .addColumn('next_due_date', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proofs_of_life_person_idx').on('proofs_of_life').columns(['person_id', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['proofs_of_life', 'pensioners', 'pension_registrations', 'consents']) await db.schema.dropTable(table).execute();
  await db.schema.dropTable('job_effects').execute();
  await db.schema.dropTable('liveness_challenges').execute();
}
