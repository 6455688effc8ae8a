import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, type Db } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { openPgliteFromTemplate } from './pglite-template.ts';

export interface TestDatabase {
  db: Db;
  /** 'pglite' or 'postgres': lets a test say which engine it ran on. */
  engine: 'pglite' | 'postgres';
  /** A connection string for this database (postgres only), for code that opens its own pool. */
  url: string | null;
  destroy(): Promise<void>;
}

/**
 * An isolated, migrated database for one test file. Without DATABASE_URL: an in-memory PGlite.
 * With it (CI runs the suite once per engine): a fresh `siap_test_<random>` database created
 * through that URL and dropped by `destroy()`.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const adminUrl = process.env.DATABASE_URL?.trim();
  if (!adminUrl) {
    const db = await openPgliteFromTemplate(migrate);
    return { db, engine: 'pglite', url: null, destroy: () => db.destroy() };
  }

  const name = `siap_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  try {
    if (migrate) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await dropDatabase(adminUrl, name);
    throw error;
  }
  return {
    db,
    engine: 'postgres',
    url: url.toString(),
    destroy: async () => {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // `with (force)` (PostgreSQL 13+) ends connections a failed test may have left open.
  await withAdminClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
