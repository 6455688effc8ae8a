import { sql, type Kysely } from 'kysely';

/**
 * Biometrics (issue 6): stations and their readers, capture sessions, encrypted biometric blobs,
 * versioned enrollments with their 1:N deduplication candidates and adjudications.
 *
 * Biometric bytes never sit in these tables in clear: every template and image is a row of
 * `biometric_blobs` (AES-256-GCM under a per-row data key wrapped by a key-encryption key).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('biometric_blobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('fingerprint_template', 'face_template', 'fingerprint_image', 'face_image')`),
    )
    .addColumn('kek_id', 'text', (c) => c.notNull())
    // nonce ‖ tag ‖ encrypted data key (AES-256-GCM under the KEK named by kek_id)
    .addColumn('wrapped_key', 'bytea', (c) => c.notNull())
    // nonce ‖ tag ‖ ciphertext (AES-256-GCM under the data key)
    .addColumn('ciphertext', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('rewrapped_at', 'timestamptz')
    // Raw images are kept only for a configured retention; templates have no expiry.
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('biometric_blobs_kek_idx').on('biometric_blobs').column('kek_id').execute();
  await db.schema.createIndex('biometric_blobs_expiry_idx').on('biometric_blobs').column('expires_at').execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ooad_code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('readers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('station_id', 'uuid', (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('driver', 'text', (c) => c.notNull().check(sql`driver in ('archivo', 'camara_web', 'simulado')`))
    .addColumn('modality', 'text', (c) => c.notNull().check(sql`modality in ('huella', 'rostro')`))
    .addColumn('connected', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_seen_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('readers_station_idx').on('readers').column('station_id').execute();

  await db.schema
    .createTable('biometric_subjects')
    .addColumn('person_id', 'uuid', (c) => c.primaryKey().references('people.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pendiente', 'registrado', 'rechazado')`))
    .addColumn('current_enrollment_id', 'uuid')
    // Set when an adjudicator decided this person is the same human as another record.
    .addColumn('merged_into_person_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('capture_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('operator_account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('station_id', 'uuid', (c) => c.notNull().references('stations.id'))
    .addColumn('finger_reader_id', 'uuid', (c) => c.references('readers.id'))
    .addColumn('face_reader_id', 'uuid', (c) => c.references('readers.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('abierta', 'completada', 'cancelada')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('capture_sessions_person_idx').on('capture_sessions').column('person_id').execute();

  await db.schema
    .createTable('captures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('capture_sessions.id').onDelete('cascade'))
    .addColumn('modality', 'text', (c) => c.notNull().check(sql`modality in ('huella', 'rostro')`))
    // ISO/IEC 19794-2 finger position 1–10 for fingers; 0 for the face (one per session).
    .addColumn('position', 'smallint', (c) => c.notNull().check(sql`position between 0 and 10`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('capturada', 'no_disponible')`))
    .addColumn('unavailable_reason', 'text')
    .addColumn('quality_score', 'integer')
    .addColumn('quality', 'jsonb', (c) => c.notNull())
    .addColumn('template_blob_id', 'uuid', (c) => c.references('biometric_blobs.id'))
    .addColumn('image_blob_id', 'uuid', (c) => c.references('biometric_blobs.id').onDelete('set null'))
    .addColumn('reader_id', 'uuid', (c) => c.references('readers.id'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('captured_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('captures_session_position_unique', ['session_id', 'modality', 'position'])
    .addCheckConstraint(
      'captures_consistent',
      sql`(status = 'capturada' and template_blob_id is not null and unavailable_reason is null)
       or (status = 'no_disponible' and template_blob_id is null and unavailable_reason is not null and modality = 'huella')`,
    )
    .execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('session_id', 'uuid', (c) => c.notNull().unique().references('capture_sessions.id'))
    .addColumn('enrolled_by', 'uuid', (c) => c.notNull().references('accounts.id'))
    // What deduplication concluded; adjudication then records its own decision.
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('registrado', 'pendiente')`))
    .addColumn('unavailable_fingers', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('superseded_at', 'timestamptz')
    .addUniqueConstraint('enrollments_person_version_unique', ['person_id', 'version'])
    .execute();

  await db.schema
    .createTable('enrollment_templates')
    .addColumn('enrollment_id', 'uuid', (c) => c.notNull().references('enrollments.id'))
    .addColumn('modality', 'text', (c) => c.notNull().check(sql`modality in ('huella', 'rostro')`))
    .addColumn('position', 'smallint', (c) => c.notNull().check(sql`position between 0 and 10`))
    .addColumn('template_blob_id', 'uuid', (c) => c.notNull().references('biometric_blobs.id'))
    .addColumn('quality_score', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('enrollment_templates_pk', ['enrollment_id', 'modality', 'position'])
    .execute();

  await db.schema
    .createTable('enrollment_candidates')
    .addColumn('enrollment_id', 'uuid', (c) => c.notNull().references('enrollments.id'))
    .addColumn('candidate_person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('finger_score', 'double precision')
    .addColumn('face_score', 'double precision')
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('enrollment_candidates_pk', ['enrollment_id', 'candidate_person_id'])
    .execute();

  await db.schema
    .createTable('adjudications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('enrollment_id', 'uuid', (c) => c.notNull().unique().references('enrollments.id'))
    .addColumn('decision', 'text', (c) =>
      c.notNull().check(sql`decision in ('misma_persona', 'fraude', 'personas_distintas')`),
    )
    .addColumn('same_as_person_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('supervisor_account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('notes', 'text')
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'adjudications',
    'enrollment_candidates',
    'enrollment_templates',
    'enrollments',
    'captures',
    'capture_sessions',
    'biometric_subjects',
    'readers',
    'stations',
    'biometric_blobs',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
