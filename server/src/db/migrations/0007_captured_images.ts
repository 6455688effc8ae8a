import { sql, type Kysely } from 'kysely';

/**
 * Captured images beside the templates (issue 20, item 3): each enrolled template points at the
 * encrypted image it was extracted from (WSQ for fingers, JPEG for faces, both rows of
 * `biometric_blobs`), and names the extractor version that made it, so `npm run
 * biometrics:reextract` can redo every template made by an older engine and resume where it
 * stopped (the rows it finished carry the new version). Also the encrypted attachments of
 * attendance justifications (item 5).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('enrollment_templates')
    .addColumn('image_blob_id', 'uuid', (c) => c.references('biometric_blobs.id').onDelete('set null'))
    .execute();
  // null: made before versions were recorded (treated as older than any named version).
  await db.schema.alterTable('enrollment_templates').addColumn('extractor_version', 'text').execute();
  await db.schema.alterTable('enrollment_templates').addColumn('reextracted_at', 'timestamptz').execute();
  await sql`create index enrollment_templates_version_idx on enrollment_templates (modality, extractor_version)`.execute(db);

  // Attachments of attendance justifications (a medical certificate…): sealed in the same
  // encrypted store (a new blob kind), described here.
  await sql`alter table biometric_blobs drop constraint biometric_blobs_kind_check`.execute(db);
  await sql`alter table biometric_blobs add constraint biometric_blobs_kind_check
    check (kind in ('fingerprint_template', 'face_template', 'fingerprint_image', 'face_image', 'justification_attachment'))`.execute(db);
  await db.schema
    .createTable('attendance_justification_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('justification_id', 'uuid', (c) => c.notNull().references('attendance_justifications.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull().check(sql`media_type in ('application/pdf', 'image/jpeg')`))
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('blob_id', 'uuid', (c) => c.notNull().references('biometric_blobs.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('attendance_justification_attachments_idx').on('attendance_justification_attachments').column('justification_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attendance_justification_attachments').execute();
  await sql`alter table biometric_blobs drop constraint biometric_blobs_kind_check`.execute(db);
  await sql`alter table biometric_blobs add constraint biometric_blobs_kind_check
    check (kind in ('fingerprint_template', 'face_template', 'fingerprint_image', 'face_image'))`.execute(db);
  await sql`drop index enrollment_templates_version_idx`.execute(db);
  await db.schema.alterTable('enrollment_templates').dropColumn('reextracted_at').execute();
  await db.schema.alterTable('enrollment_templates').dropColumn('extractor_version').execute();
  await db.schema.alterTable('enrollment_templates').dropColumn('image_blob_id').execute();
}
