import { sql, type Kysely } from 'kysely';

/**
 * Issue 20, the admin portal's retention policy (modules/privacy): a period the administrator sets
 * for one data category, over the institution's policy file. One row per category changed; the
 * change itself is in the audit chain (who, from, to, why).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retention_settings')
    .addColumn('category', 'text', (c) => c.primaryKey())
    .addColumn('dias', 'integer', (c) => c.notNull().check(sql`dias between 1 and 36500`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('retention_settings').execute();
}
