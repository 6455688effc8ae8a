import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.ts';
import type { Executor } from './database.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

describe('compiledOnce', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database?.destroy());

  it('runs the statement compiled at the first call with each call’s own values, in and out of transactions', async () => {
    let builds = 0;
    const from = compiledOnce((db: Executor, first: number, count: number, label: string) => {
      builds += 1;
      return sql<{ x: number; label: string }>`select x, ${label}::text as label from (values (1), (2), (3), (4), (5)) as t(x) where x >= ${first} order by x limit ${count}`.compile(db);
    });
    const { db } = database;
    expect((await from(db, 2, 1, 'a')).rows).toEqual([{ x: 2, label: 'a' }]);
    expect((await from(db, 3, 2, 'b')).rows).toEqual([{ x: 3, label: 'b' }, { x: 4, label: 'b' }]);
    await db.transaction().execute(async (trx) => expect((await from(trx, 5, 9, 'c')).rows).toEqual([{ x: 5, label: 'c' }]));
    expect(builds).toBe(1);
  });

  it('refuses a statement that does not carry an argument as a parameter', async () => {
    const careless = compiledOnce((db: Executor, _unused: string) => sql<{ one: number }>`select 1 as one`.compile(db));
    await expect(careless(database.db, 'x')).rejects.toThrow(/argument 0 is not a parameter/);
  });
});
