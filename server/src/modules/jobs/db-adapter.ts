import { CompiledQuery, type Kysely, type Transaction } from 'kysely';

/** What pg-boss calls for every statement (its `db` option): text, positional values, `{ rows }`. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

interface PgliteLike {
  exec(sql: string): Promise<Array<{ rows: unknown[] }>>;
}

function isPglite(value: unknown): value is PgliteLike {
  return typeof value === 'object' && value !== null && typeof (value as PgliteLike).exec === 'function';
}

/**
 * pg-boss over our Kysely instance, so the queue shares the application's database and pool:
 * one connection on PGlite, the pool on PostgreSQL.
 *
 * Each statement takes a connection through Kysely (`provideConnection`), so on PGlite it waits for
 * an open transaction to finish instead of running inside it. pg-boss sends some scripts as several
 * statements in one text without parameters (its schema creation and migrations, wrapped in
 * BEGIN … COMMIT): PostgreSQL runs those through the simple query protocol (node-postgres does, for
 * a query without values), PGlite only through `exec`, which is what is called for them here while
 * the same connection is held.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kyselyExecutor(db: Kysely<any>): SqlExecutor {
  return {
    executeSql: (text, values = []) =>
      db.getExecutor().provideConnection(async (connection) => {
        const client = (connection as unknown as { client?: unknown }).client;
        if (values.length === 0 && isPglite(client)) {
          const results = await client.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        const result = await connection.executeQuery(CompiledQuery.raw(text, values));
        return { rows: result.rows as unknown[] };
      }),
  };
}

/**
 * The same over an open transaction: a job sent with it is written, or not, with the rest of the
 * transaction (no job for a change that rolled back, no change without its job).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function transactionExecutor(trx: Transaction<any>): SqlExecutor {
  return {
    executeSql: async (text, values = []) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}
