import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { InsuredPeopleTable, InsuredTransitionsTable, RestrictionExtensionsTable, RestrictionState, RolloutWavesTable } from './tables.ts';

export type InsuredRow = Selectable<InsuredPeopleTable>;
export type TransitionRow = Selectable<InsuredTransitionsTable>;
export type WaveRow = Selectable<RolloutWavesTable>;
export type ExtensionRow = Selectable<RestrictionExtensionsTable>;

export async function insertInsured(db: Executor, row: Insertable<InsuredPeopleTable>): Promise<void> {
  await db.insertInto('insured_people').values(row).execute();
}

export async function findInsured(db: Executor, personId: string, forUpdate = false): Promise<InsuredRow | undefined> {
  let q = db.selectFrom('insured_people').selectAll().where('person_id', '=', personId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findInsuredByAccount(db: Executor, accountId: string): Promise<InsuredRow | undefined> {
  return db.selectFrom('insured_people').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function findInsuredByNss(db: Executor, nss: string): Promise<InsuredRow | undefined> {
  return db.selectFrom('insured_people').selectAll().where('nss', '=', nss).executeTakeFirst();
}

export async function updateInsured(db: Executor, personId: string, set: Partial<Omit<InsuredRow, 'person_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('insured_people').set(set).where('person_id', '=', personId).execute();
}

/** Everyone the daily sweep must look at: all but those already al corriente. */
export async function listOpen(db: Executor): Promise<Array<{ person_id: string }>> {
  return db.selectFrom('insured_people').select('person_id').where('state', '<>', 'al_corriente').orderBy('person_id').execute();
}

export async function listByState(db: Executor, states: RestrictionState[], ooadCode: string | null) {
  let q = db
    .selectFrom('insured_people')
    .innerJoin('people', 'people.id', 'insured_people.person_id')
    .select(['insured_people.person_id', 'people.curp', 'people.given_names', 'people.first_surname', 'people.second_surname', 'insured_people.nss', 'insured_people.ooad_code', 'insured_people.state', 'insured_people.deadline'])
    .where('insured_people.state', 'in', states);
  if (ooadCode) q = q.where('insured_people.ooad_code', '=', ooadCode);
  return q.orderBy('insured_people.deadline', 'asc').execute();
}

export async function insertTransition(db: Executor, row: Insertable<InsuredTransitionsTable>): Promise<void> {
  await db.insertInto('insured_transitions').values(row).execute();
}

export async function listTransitions(db: Executor, personId: string): Promise<TransitionRow[]> {
  return db.selectFrom('insured_transitions').selectAll().where('person_id', '=', personId).orderBy('seq', 'asc').execute();
}

export async function insertWave(db: Executor, row: Insertable<RolloutWavesTable>): Promise<WaveRow> {
  return db.insertInto('rollout_waves').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listWaves(db: Executor, includeWithdrawn = false): Promise<WaveRow[]> {
  let q = db.selectFrom('rollout_waves').selectAll();
  if (!includeWithdrawn) q = q.where('withdrawn_at', 'is', null);
  return q.orderBy('starts_on', 'asc').execute();
}

export async function withdrawWave(db: Executor, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('rollout_waves').set({ withdrawn_at: at }).where('id', '=', id).where('withdrawn_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertExtension(db: Executor, row: Insertable<RestrictionExtensionsTable>): Promise<void> {
  await db.insertInto('restriction_extensions').values(row).execute();
}

export async function listExtensions(db: Executor, personId: string): Promise<ExtensionRow[]> {
  return db.selectFrom('restriction_extensions').selectAll().where('person_id', '=', personId).orderBy('granted_at', 'asc').execute();
}
