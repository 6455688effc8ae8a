import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { KioskDevicesTable } from './tables.ts';

export type KioskDeviceRow = Selectable<KioskDevicesTable>;

export async function insertDevice(trx: Transaction<Database>, device: Insertable<KioskDevicesTable>): Promise<KioskDeviceRow> {
  return trx.insertInto('kiosk_devices').values(device).returningAll().executeTakeFirstOrThrow();
}

export async function findByTokenHash(db: Executor, tokenHash: string): Promise<KioskDeviceRow | undefined> {
  return db.selectFrom('kiosk_devices').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function lockPendingByCode(trx: Transaction<Database>, code: string, now: Date): Promise<KioskDeviceRow | undefined> {
  return trx
    .selectFrom('kiosk_devices')
    .selectAll()
    .where('pairing_code', '=', code)
    .where('status', '=', 'pendiente')
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
}

export async function lockById(trx: Transaction<Database>, id: string): Promise<KioskDeviceRow | undefined> {
  return trx.selectFrom('kiosk_devices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function update(trx: Transaction<Database>, id: string, values: Partial<Insertable<KioskDevicesTable>>): Promise<void> {
  await trx.updateTable('kiosk_devices').set(values).where('id', '=', id).execute();
}

/** Earlier kiosks of a station end when a new one is paired to it: one kiosk key per station. */
export async function revokePairedAt(trx: Transaction<Database>, stationId: string, exceptId: string, at: Date): Promise<number> {
  const result = await trx
    .updateTable('kiosk_devices')
    .set({ status: 'revocado', revoked_at: at })
    .where('station_id', '=', stationId)
    .where('status', '=', 'vinculado')
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Pending codes that have not expired and every paired kiosk, newest first. */
export async function listVisible(db: Executor, now: Date): Promise<KioskDeviceRow[]> {
  return db
    .selectFrom('kiosk_devices')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'vinculado'), eb.and([eb('status', '=', 'pendiente'), eb('expires_at', '>', now)])]))
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export async function touch(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('kiosk_devices').set({ last_seen_at: at }).where('id', '=', id).execute();
}
