import { sql, type Kysely } from 'kysely';

/**
 * Employers (issue 14): employers and their registros patronales, worker movements (the IDSE
 * part: alta/reingreso, baja, modificación de salario — append-only, the history is the record),
 * one-time e.firma login challenges, and issued Constancias de Vigencia de Derechos.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('employers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rfc', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('fisica', 'moral')`))
    // The person whose patrón account acts for the employer (the owner or legal representative).
    .addColumn('owner_person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('employers_owner_idx').on('employers').column('owner_person_id').execute();

  await db.schema
    .createTable('employer_registros')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employer_id', 'uuid', (c) => c.notNull().references('employers.id'))
    .addColumn('registro', 'text', (c) => c.notNull().unique())
    .addColumn('ooad_code', 'text', (c) => c.notNull())
    .addColumn('subdelegacion', 'text', (c) => c.notNull())
    .addColumn('activity_class', 'integer', (c) => c.notNull().check(sql`activity_class between 1 and 5`))
    .addColumn('risk_premium', 'numeric(8, 5)', (c) => c.notNull().check(sql`risk_premium >= 0.5 and risk_premium <= 15`))
    .addColumn('wage_zone', 'text', (c) => c.notNull().check(sql`wage_zone in ('general', 'frontera')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('employer_movements')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('registro_id', 'uuid', (c) => c.notNull().references('employer_registros.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('alta', 'reingreso', 'baja', 'modificacion')`))
    .addColumn('effective_date', 'date', (c) => c.notNull())
    .addColumn('nss', 'text', (c) => c.notNull())
    .addColumn('daily_salary', 'numeric(12, 2)')
    .addColumn('integration_factor', 'numeric(8, 4)')
    .addColumn('sbc', 'numeric(12, 2)')
    .addColumn('worker_type', 'text')
    .addColumn('salary_type', 'text')
    .addColumn('jornada', 'text')
    .addColumn('reduced_days', 'integer')
    .addColumn('baja_cause', 'text')
    .addColumn('umf', 'text')
    .addColumn('business_days_late', 'integer', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('employer_movements_person_idx').on('employer_movements').columns(['person_id', 'seq']).execute();
  await db.schema.createIndex('employer_movements_registro_idx').on('employer_movements').columns(['registro_id', 'person_id', 'seq']).execute();
  // The history is the record: a wrong movement is answered by a new movement, never an edit.
  await sql`create function employer_movements_append_only() returns trigger language plpgsql as $$
    begin raise exception 'employer_movements is append-only'; end $$`.execute(db);
  await sql`create trigger employer_movements_append_only before update or delete on employer_movements
    for each row execute function employer_movements_append_only()`.execute(db);

  await db.schema
    .createTable('efirma_challenges')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('constancias')
    .addColumn('folio', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('vigente', 'boolean', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('constancias').execute();
  await db.schema.dropTable('efirma_challenges').execute();
  await db.schema.dropTable('employer_movements').execute();
  await sql`drop function employer_movements_append_only()`.execute(db);
  await db.schema.dropTable('employer_registros').execute();
  await db.schema.dropTable('employers').execute();
}
