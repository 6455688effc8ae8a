import { sql, type Insertable, type Selectable, type SelectQueryBuilder } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.ts';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { BiometricBlobsTable } from './tables.ts';

export type BlobRow = Selectable<BiometricBlobsTable>;

export async function insertBlob(db: Executor, row: Insertable<BiometricBlobsTable>): Promise<void> {
  await db.insertInto('biometric_blobs').values(row).execute();
}

/** What decrypting a row needs, and whether its key was destroyed. */
export type SealedBlob = Pick<BlobRow, 'id' | 'kind' | 'kek_id' | 'wrapped_key' | 'ciphertext' | 'shredded_at'>;

/** A row of the caller's query and the blob its `blob_id` names (null when it names none or a missing row). */
export type BesideBlob<R> = { named: R; blob: SealedBlob | null };

/**
 * The rows of the caller's query, each beside the blob its `blob_id` names, in one statement,
 * compiled once (db/compiled-once.ts: the caller's query must use its arguments only as values).
 * The blob's columns come back under `blob_*` names so they cannot collide with the caller's.
 */
export function besideBlobs<Args extends unknown[], R extends { blob_id: string | null }>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any tables: the caller's query is only a subquery here
  named: (db: Executor, ...args: Args) => SelectQueryBuilder<Database, any, R>,
): (db: Executor, ...args: Args) => Promise<Array<BesideBlob<R>>> {
  const statement = compiledOnce((db: Executor, ...args: Args) =>
    sql<R & { blob_row_id: string | null; blob_kind: BlobRow['kind'] | null; blob_kek_id: string | null; blob_wrapped_key: Uint8Array | null; blob_ciphertext: Uint8Array | null; blob_shredded_at: Date | null }>`
    select named.*, b.id as blob_row_id, b.kind as blob_kind, b.kek_id as blob_kek_id, b.wrapped_key as blob_wrapped_key,
           b.ciphertext as blob_ciphertext, b.shredded_at as blob_shredded_at
    from (${named(db, ...args)}) as named left join biometric_blobs b on b.id = named.blob_id`.compile(db));
  return async (db, ...args) => {
    const { rows } = await statement(db, ...args);
    return rows.map(({ blob_row_id, blob_kind, blob_kek_id, blob_wrapped_key, blob_ciphertext, blob_shredded_at, ...named }) => ({
      named: named as unknown as R,
      blob: blob_row_id === null
        ? null
        : { id: blob_row_id, kind: blob_kind!, kek_id: blob_kek_id!, wrapped_key: blob_wrapped_key!, ciphertext: blob_ciphertext!, shredded_at: blob_shredded_at },
    }));
  };
}

export async function findBlobs(db: Executor, ids: readonly string[]): Promise<BlobRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('biometric_blobs').selectAll().where('id', 'in', ids).execute();
}

export async function deleteBlobs(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('biometric_blobs').where('id', 'in', ids).execute();
}

/** A page of rows not yet under `activeKekId` (or every row after `afterId` when re-encrypting all). */
export async function pageForRotation(db: Executor, options: { activeKekId: string; all: boolean; afterId: string | null; limit: number }): Promise<BlobRow[]> {
  let query = db.selectFrom('biometric_blobs').selectAll().where('shredded_at', 'is', null).orderBy('id').limit(options.limit).forUpdate();
  if (!options.all) query = query.where('kek_id', '<>', options.activeKekId);
  if (options.afterId) query = query.where('id', '>', options.afterId);
  return query.execute();
}

export async function updateSealed(db: Executor, id: string, values: { kek_id: string; wrapped_key: Buffer; ciphertext?: Buffer; rewrapped_at: Date }): Promise<void> {
  await db.updateTable('biometric_blobs').set(values).where('id', '=', id).execute();
}

export async function countByKek(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('biometric_blobs')
    .select(['kek_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kek_id')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kek_id, Number(r.n)]));
}

export async function expiredIds(db: Executor, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('biometric_blobs').select('id').where('expires_at', '<=', now).execute();
  return rows.map((r) => r.id);
}

export async function clearExpiry(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('biometric_blobs').set({ expires_at: null }).where('id', 'in', ids).execute();
}

/** Crypto-shredding: the wrapped data key is overwritten with nothing; the ciphertext stays unreadable. */
export async function shredKeys(db: Executor, ids: readonly string[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('biometric_blobs')
    .set({ wrapped_key: new Uint8Array(0), shredded_at: at, expires_at: null })
    .where('id', 'in', ids)
    .where('shredded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
