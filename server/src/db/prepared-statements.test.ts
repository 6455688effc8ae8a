import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementName } from './prepared-statements.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

describe('which statements are prepared', () => {
  it('names each data statement by its text, the same name every time', () => {
    const text = 'select "id" from "people" where "curp" = $1';
    expect(statementName(text)).toMatch(/^s\d+_[\w-]{24}$/);
    expect(statementName(text)).toBe(statementName(text));
    expect(statementName('insert into "t" ("a") values ($1)')).not.toBe(statementName(text));
  });

  it('leaves transaction control, DDL, several commands in one text and long batches unnamed', () => {
    for (const text of ['begin', 'commit', 'create table t (a int)', 'set local lock_timeout = 100', 'select 1; select 2']) {
      expect(statementName(text), text).toBeNull();
    }
    const batch = `insert into "t" ("a") values ${Array.from({ length: 41 }, (_, i) => `($${i + 1})`).join(', ')}`;
    expect(statementName(batch, 41)).toBeNull();
    expect(statementName(batch.replace(/, \(\$41\)/, ''), 40)).not.toBeNull();
  });
});

/** Only PostgreSQL runs through `pg` (PGlite has its own driver): this part runs in CI's PostgreSQL pass. */
describe.skipIf(!process.env.DATABASE_URL)('prepared statements on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  }, 60_000);
  afterAll(async () => database?.destroy());

  it('parses a repeated query once per connection and gives the same rows', async () => {
    const { db } = database;
    const rows = await db.transaction().execute(async (trx) => {
      const first = await sql<{ n: number }>`select ${41}::int + 1 as n`.execute(trx);
      const second = await sql<{ n: number }>`select ${41}::int + 1 as n`.execute(trx);
      // The same connection (one transaction): PostgreSQL lists the statement it keeps for it.
      const kept = await sql<{ name: string }>`select name from pg_prepared_statements where statement = ${'select $1::int + 1 as n'}`.execute(trx);
      return { first: first.rows, second: second.rows, kept: kept.rows };
    });
    expect(rows.first).toEqual([{ n: 42 }]);
    expect(rows.second).toEqual([{ n: 42 }]);
    expect(rows.kept).toEqual([{ name: statementName('select $1::int + 1 as n') }]);
  });

  it('prepares afresh after DDL, so a table that gains a column is read whole', async () => {
    const { db } = database;
    const rows = await db.connection().execute(async (connection) => {
      await sql`create table grows (a int)`.execute(connection);
      await sql`insert into grows values (${1})`.execute(connection);
      const before = await sql`select * from grows where a = ${1}`.execute(connection);
      await sql`alter table grows add column b int default 7`.execute(connection);
      // Without a new name this fails: "cached plan must not change result type".
      const after = await sql`select * from grows where a = ${1}`.execute(connection);
      return { before: before.rows, after: after.rows };
    });
    expect(rows.before).toEqual([{ a: 1 }]);
    expect(rows.after).toEqual([{ a: 1, b: 7 }]);
  });
});
