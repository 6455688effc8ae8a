import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ReadersTable, StationsTable } from './tables.ts';

export type StationRow = Selectable<StationsTable>;
export type ReaderRow = Selectable<ReadersTable>;

export async function insertStation(db: Executor, row: Insertable<StationsTable>): Promise<StationRow> {
  return db.insertInto('stations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findStation(db: Executor, id: string): Promise<StationRow | undefined> {
  return db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStationByCode(db: Executor, code: string): Promise<StationRow | undefined> {
  return db.selectFrom('stations').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listStations(db: Executor): Promise<StationRow[]> {
  return db.selectFrom('stations').selectAll().orderBy('code').execute();
}

export async function insertReader(db: Executor, row: Insertable<ReadersTable>): Promise<ReaderRow> {
  return db.insertInto('readers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findReader(db: Executor, id: string): Promise<ReaderRow | undefined> {
  return db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listReaders(db: Executor, stationIds: readonly string[]): Promise<ReaderRow[]> {
  if (stationIds.length === 0) return [];
  return db.selectFrom('readers').selectAll().where('station_id', 'in', stationIds).orderBy('created_at').orderBy('id').execute();
}

export async function setConnected(db: Executor, id: string, connected: boolean, at: Date): Promise<ReaderRow | undefined> {
  return db.updateTable('readers').set({ connected, last_seen_at: at }).where('id', '=', id).returningAll().executeTakeFirst();
}
