import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** The foundation's tables; later migrations add more, which this test does not need to know. */
const FOUNDATION_TABLES = [
  'accounts',
  'app_meta',
  'audit_chain_head',
  'audit_log',
  'mail_outbox',
  'people',
  'population_registry',
  'recovery_codes',
  'sessions',
];

describe('migrations', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase({ migrate: false });
  });
  afterAll(() => test.destroy());

  it('creates every table on an empty database', async () => {
    const results = await migrateToLatest(test.db);
    expect(results.map((r) => [r.migrationName, r.status])).toEqual(
      Object.keys(MIGRATIONS).map((name) => [name, 'Success']),
    );
    expect(await listTables()).toEqual(expect.arrayContaining(FOUNDATION_TABLES));
  });

  it('is a no-op the second time', async () => {
    const tablesBefore = await listTables();
    const before = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(test.db);
    expect(await migrateToLatest(test.db)).toEqual([]);
    const after = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(test.db);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(await listTables()).toEqual(tablesBefore);
  });

  async function listTables(): Promise<string[]> {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name`.execute(test.db);
    return tables.rows.map((r) => r.table_name);
  }

  it('reads dates as YYYY-MM-DD strings and bigints as numbers on this engine', async () => {
    const { rows } = await sql<{ d: string; n: number }>`select date '1990-01-31' as d, 42::bigint as n`.execute(test.db);
    expect(rows[0]).toEqual({ d: '1990-01-31', n: 42 });
  });
});
