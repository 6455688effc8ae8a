import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * A node-postgres client that runs each distinct data statement (select, insert, update, delete,
 * with) as a named prepared statement, so PostgreSQL parses and plans it once per connection
 * instead of on every call. Kysely sends the same SQL text for the same query shape, so the hot
 * paths (a 1:1 verification: consent, templates, audit insert) repeat a handful of texts.
 * Measured on the verification's template read: 223 → 43 µs of PostgreSQL CPU per call, and the
 * consent check 113 → 27 µs (issue 19's load runs, see the verification README).
 *
 * What it leaves alone, and why:
 * - Anything else (DDL, `begin`/`commit`, `set`, several commands in one text): a prepared
 *   statement can hold one command only, and DDL gains nothing.
 * - More than MAX_NAMED_TEXTS distinct texts in the process, and statements of more than
 *   MAX_NAMED_PARAMETERS parameters: they run unnamed, so callers that build ever-new texts (IN
 *   lists and batches of every length) cannot grow each server session's statement cache without
 *   bound.
 *
 * DDL run through the pool (migrations) starts a new generation of names: a prepared
 * `select *` whose table gained a column fails with "cached plan must not change result type",
 * so after local DDL every text is prepared afresh under a new name. DDL made by another process
 * while this one runs (a rolling migration) is not seen here; restart after such a migration, or
 * turn preparing off (`DATABASE_PREPARED_STATEMENTS=false`), which is also what a pooler in
 * transaction mode that cannot keep prepared statements needs.
 */
const MAX_NAMED_TEXTS = 2_000;
/**
 * Statements with more parameters run unnamed: bulk inserts and batch updates come in every length,
 * each length a new text, and parsing is a small part of their work anyway.
 */
const MAX_NAMED_PARAMETERS = 40;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
/** After any leading blanks and SQL comments (migration files often open with one). */
const DEFINITION_STATEMENT = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(create|alter|drop|truncate|comment|grant|revoke)\b/i;

let generation = 0;
const names = new Map<string, string>();

/** The statement name for a text, or null when it should run unnamed. */
export function statementName(text: string, parameterCount = 0): string | null {
  const known = names.get(text);
  if (known) return known;
  if (parameterCount > MAX_NAMED_PARAMETERS || !DATA_STATEMENT.test(text) || text.includes(';')) return null;
  if (names.size >= MAX_NAMED_TEXTS) return null;
  // A digest, not a counter: the same text gets the same name on every connection.
  const name = `s${generation}_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
  names.set(text, name);
  return name;
}

function noteDefinition(text: string): void {
  if (!DEFINITION_STATEMENT.test(text)) return;
  generation += 1;
  names.clear();
}

type QueryArguments = Parameters<pg.Client['query']>;

export class PreparingClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query has many overloads; this forwards them all
  override query(...args: any[]): any {
    const [config, values, callback] = args as [unknown, unknown, unknown];
    if (typeof config === 'string') {
      // A text already named is a data statement: no need to look for DDL in it.
      if (!names.has(config)) noteDefinition(config);
      const name = Array.isArray(values) || values === undefined ? statementName(config, Array.isArray(values) ? values.length : 0) : null;
      if (name) return super.query({ name, text: config, values: (values as unknown[] | undefined) ?? [] }, callback as never);
    }
    return super.query(...(args as QueryArguments));
  }
}
