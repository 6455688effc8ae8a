import { sql, type Kysely } from 'kysely';

/**
 * Security hardening (issue 19, HTTP and accounts side):
 * - `login_throttle`: failed-login state per login identifier (HMAC of it), for accounts that exist
 *   and for those that do not, so lockout answers the same for both and is counted atomically.
 * - `accounts.disabled_at/_by`: an administrator can disable an account (its sessions end at once).
 * - `audit_log.key_id`: entries written from now on are HMAC-chained under the audit key named here;
 *   older rows (null) stay a plain SHA-256 prefix of the chain.
 * - `mail_outbox.erase_body_at`: mail that carries a secret (a recovery code) keeps its body only
 *   until it is sent or the secret expires, whichever comes first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lockout_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('accounts').addColumn('disabled_at', 'timestamptz').execute();
  await db.schema.alterTable('accounts').addColumn('disabled_by', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('erase_body_at', 'timestamptz').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('erase_body_at').execute();
  await db.schema.alterTable('audit_log').dropColumn('key_id').execute();
  await db.schema.alterTable('accounts').dropColumn('disabled_by').execute();
  await db.schema.alterTable('accounts').dropColumn('disabled_at').execute();
  await db.schema.dropTable('login_throttle').execute();
}
