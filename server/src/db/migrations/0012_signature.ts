import { sql, type Kysely } from 'kysely';

/**
 * Incapacidades and their biometric signatures (issue 16, modules/incapacity):
 * - incapacidades: the certificado de incapacidad temporal para el trabajo as the médico issued it,
 *   with the canonical PDF whose SHA-256 the signature covers, and the subsidy computed at issue;
 * - signatures: the evidence package of a signature (evidence.json, CMS, RFC 3161 response, the
 *   two roots) and the signed PDF; one per incapacidad;
 * - signature_attempts: refused signatures with their reason (another person, liveness, replay,
 *   TSA down, expired certificate…).
 * All three are append-only (a trigger refuses UPDATE and DELETE): evidence is never edited.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incapacidades')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('folio', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('ramo', 'text', (c) => c.notNull().check(sql`ramo in ('enfermedad_general', 'riesgo_trabajo', 'maternidad')`))
    .addColumn('tipo', 'text', (c) => c.notNull().check(sql`tipo in ('inicial', 'subsecuente', 'recaida')`))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addColumn('diagnosis_code', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('subsidy', 'jsonb', (c) => c.notNull())
    .addColumn('employer_id', 'uuid', (c) => c.references('employers.id'))
    .addColumn('registro', 'text')
    .addColumn('document_pdf', 'bytea', (c) => c.notNull())
    .addColumn('document_sha256', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incapacidades_person_idx').on('incapacidades').columns(['person_id', 'issued_at']).execute();
  await db.schema.createIndex('incapacidades_employer_idx').on('incapacidades').columns(['employer_id', 'issued_at']).execute();

  await db.schema
    .createTable('signatures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('folio', 'text', (c) => c.notNull().unique())
    .addColumn('incapacidad_id', 'uuid', (c) => c.notNull().unique().references('incapacidades.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('modality', 'text', (c) => c.notNull().check(sql`modality in ('rostro', 'huella')`))
    .addColumn('evidence_json', 'bytea', (c) => c.notNull())
    .addColumn('evidence_p7s', 'bytea', (c) => c.notNull())
    .addColumn('evidence_tsr', 'bytea', (c) => c.notNull())
    .addColumn('institution_ca_pem', 'text', (c) => c.notNull())
    .addColumn('tsa_ca_pem', 'text', (c) => c.notNull())
    .addColumn('signed_pdf', 'bytea', (c) => c.notNull())
    .addColumn('timestamped_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('signature_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('incapacidad_id', 'uuid', (c) => c.notNull().references('incapacidades.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signature_attempts_incapacidad_idx').on('signature_attempts').columns(['incapacidad_id', 'created_at']).execute();

  await sql`create function signature_evidence_append_only() returns trigger language plpgsql as $$
    begin raise exception '% is append-only', tg_table_name; end $$`.execute(db);
  for (const table of ['incapacidades', 'signatures', 'signature_attempts']) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function signature_evidence_append_only()`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['signature_attempts', 'signatures', 'incapacidades']) await db.schema.dropTable(table).execute();
  await sql`drop function signature_evidence_append_only()`.execute(db);
}
