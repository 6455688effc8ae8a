import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
/** What repositories accept: the database itself or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

const OID_INT8 = 20;
const OID_DATE = 1082;

/**
 * Both drivers are told to read `date` as the plain 'YYYY-MM-DD' string (a JS Date would shift it
 * by the process time zone) and `bigint` as a number (our bigints — audit sequence numbers, counts —
 * stay far below 2^53).
 */
const parseInt8 = (value: string): number => Number(value);
const keepDate = (value: string): string => value;

export interface DatabaseLocation {
  databaseUrl: string | null;
  /** PGlite data directory; null = in-memory. */
  dataDir: string | null;
}

export function openDatabase(location: DatabaseLocation): Db {
  if (location.databaseUrl) return openPostgres(location.databaseUrl);
  return openPglite(location.dataDir);
}

export function openPostgres(connectionString: string): Db {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === OID_INT8) return parseInt8;
        if (oid === OID_DATE) return keepDate;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection can be ended by the server (restart, admin terminating it, a test
  // dropping its database): pg then emits 'error' on the pool, which would crash the process if
  // nobody listened. The pool discards that client by itself; the next query opens a new one.
  pool.on('error', (error) => {
    process.emitWarning(`conexión inactiva a PostgreSQL cerrada: ${error.message}`);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function openPglite(dataDir: string | null): Db {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return wrapPglite(openPgliteClient(dataDir));
}

/** `loadDataDir`: start from a dumped data directory instead of running initdb (test templates). */
export function openPgliteClient(dataDir: string | null, loadDataDir?: Blob): PGlite {
  // The options-object form: `new PGlite(undefined, options)` silently ignores the options.
  return new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { [OID_INT8]: parseInt8, [OID_DATE]: keepDate },
  });
}

export function wrapPglite(client: PGlite): Db {
  return new Kysely<Database>({ dialect: new PGliteDialect(client) });
}
