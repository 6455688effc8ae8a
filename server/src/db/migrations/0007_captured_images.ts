import { sql, type Kysely } from 'kysely';

/**
 * Captured images beside the templates (issue 20, item 3): each enrolled template points at the
 * encrypted image it was extracted from (WSQ for fingers, JPEG for faces, both rows of
 * `biometric_blobs`), and names the extractor version that made it, so `npm run
 * biometrics:reextract` can redo every template made by an older engine and resume where it
 * stopped (the rows it finished carry the new version).
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
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index enrollment_templates_version_idx`.execute(db);
  await db.schema.alterTable('enrollment_templates').dropColumn('reextracted_at').execute();
  await db.schema.alterTable('enrollment_templates').dropColumn('extractor_version').execute();
  await db.schema.alterTable('enrollment_templates').dropColumn('image_blob_id').execute();
}
