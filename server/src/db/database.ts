import { chmodSync, fsyncSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { PreparingClient } from './prepared-statements.ts';
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
  /** PGlite: fsync on commit (default true; see openPgliteClient). */
  durable?: boolean;
  /** PostgreSQL: data statements as named prepared statements (default true; see prepared-statements.ts). */
  preparedStatements?: boolean;
}

export function openDatabase(location: DatabaseLocation): Db {
  if (location.databaseUrl) return openPostgres(location.databaseUrl, { preparedStatements: location.preparedStatements ?? true });
  return openPglite(location.dataDir, location.durable ?? true);
}

export function openPostgres(connectionString: string, options: { preparedStatements?: boolean } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    ...((options.preparedStatements ?? true) ? { Client: PreparingClient } : {}),
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

export function openPglite(dataDir: string | null, durable = true): Db {
  if (dataDir) {
    // Biometric envelopes, sessions and the audit log live here: owner only (issue 19 item 15).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    restrictToOwner(dataDir);
  }
  const client = openPgliteClient(dataDir, undefined, durable && dataDir !== null);
  // initdb (first start) writes with the process umask (0644): close it again once it is done.
  if (dataDir) void client.waitReady.then(() => restrictToOwner(dataDir));
  return wrapPglite(client);
}

/**
 * `loadDataDir`: start from a dumped data directory instead of running initdb (test templates).
 * `durable`: PGlite starts PostgreSQL with `-F` (fsync off) and its Node file system ignores
 * fsync; a durable client drops `-F` and makes fsync reach the disk (see makeFsyncDurable), so
 * a committed transaction survives a power cut, not only a process kill.
 */
export function openPgliteClient(dataDir: string | null, loadDataDir?: Blob, durable = false): PGlite {
  // The options-object form: `new PGlite(undefined, options)` silently ignores the options.
  const client = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(durable ? { startParams: [...PGlite.defaultStartParams.filter((param) => param !== '-F'), '-c', 'wal_sync_method=fsync'] } : {}),
    parsers: { [OID_INT8]: parseInt8, [OID_DATE]: keepDate },
  });
  if (durable) void client.waitReady.then(() => makeFsyncDurable(client));
  return client;
}

/**
 * Emscripten's NODEFS has no `fsync` stream operation, so PostgreSQL's fsync calls return
 * success without touching the disk (and `fdatasync` is a no-op there, hence
 * `wal_sync_method=fsync`). Give the shared NODEFS stream operations one that calls
 * `fs.fsyncSync` on the real file descriptor.
 */
function makeFsyncDurable(client: PGlite): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const fs = (client as any).mod?.FS as { lookupPath(path: string): { node: { stream_ops?: Record<string, unknown> } } } | undefined;
  const streamOps = fs?.lookupPath('/pglite/data').node.stream_ops;
  if (!streamOps || typeof streamOps.read !== 'function' || streamOps.fsync) return;
  streamOps.fsync = (stream: { nfd?: number }) => {
    if (typeof stream.nfd === 'number') fsyncSync(stream.nfd);
    return 0;
  };
}

/** chmod 0700 on directories and 0600 on files below `dir` (PGlite creates them 0755/0644). */
export function restrictToOwner(dir: string): void {
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = statSync(path);
    if (stats.isDirectory()) restrictToOwner(path);
    else if (stats.isFile()) chmodSync(path, 0o600);
  }
}

export function wrapPglite(client: PGlite): Db {
  return new Kysely<Database>({ dialect: new PGliteDialect(client) });
}
