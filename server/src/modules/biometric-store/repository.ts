import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { BiometricBlobsTable } from './tables.ts';

export type BlobRow = Selectable<BiometricBlobsTable>;

export async function insertBlob(db: Executor, row: Insertable<BiometricBlobsTable>): Promise<void> {
  await db.insertInto('biometric_blobs').values(row).execute();
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
