import { sql, type Kysely } from 'kysely';

/**
 * Admin portal (issue 20): kiosks paired from their own screen (a pending pairing code, then a
 * station session with kiosk rights only), and accounts an admin can disable.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kiosk_devices')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Shown on the kiosk while it waits; unique among devices still waiting.
    .addColumn('pairing_code', 'text', (c) => c.notNull())
    // Ed25519 public key the kiosk signs readings with (SPKI DER, base64).
    .addColumn('public_key', 'text', (c) => c.notNull())
    // SHA-256 of the device cookie token: a copy of the table does not let anyone act as a kiosk.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pendiente', 'vinculado', 'revocado')`))
    .addColumn('station_id', 'uuid', (c) => c.references('stations.id').onDelete('cascade'))
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A pending code expires; a paired kiosk's session lasts until this time or a revocation.
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_seen_at', 'timestamptz')
    .execute();
  await sql`create unique index kiosk_devices_pending_code on kiosk_devices (pairing_code) where status = 'pendiente'`.execute(db);

  // IF NOT EXISTS: the security work (issue 19) may add the same column; either migration may come first.
  await sql`alter table accounts add column if not exists disabled_at timestamptz`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kiosk_devices').execute();
}
