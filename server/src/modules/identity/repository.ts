import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { PeopleTable, PopulationRegistryTable } from './tables.ts';

export type PersonRow = Selectable<PeopleTable>;
export type RegistryRow = Selectable<PopulationRegistryTable>;

export async function insertPerson(trx: Transaction<Database>, person: Insertable<PeopleTable>): Promise<PersonRow> {
  return trx.insertInto('people').values(person).returningAll().executeTakeFirstOrThrow();
}

export async function findPersonByCurp(db: Executor, curp: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('curp', '=', curp).executeTakeFirst();
}

export async function findPersonById(db: Executor, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPersonIdByCurp(db: Executor, curp: string): Promise<string | undefined> {
  const row = await db.selectFrom('people').select('id').where('curp', '=', curp).executeTakeFirst();
  return row?.id;
}

export async function findPersonIdByNss(db: Executor, nss: string): Promise<string | undefined> {
  const row = await db.selectFrom('people').select('id').where('nss', '=', nss).executeTakeFirst();
  return row?.id;
}

export async function findRegistryRecord(db: Executor, curp: string): Promise<RegistryRow | undefined> {
  return db.selectFrom('population_registry').selectAll().where('curp', '=', curp).executeTakeFirst();
}

/** Inserts or refreshes registry rows (a reload of the CSV replaces what it names). */
export async function upsertRegistryRecords(
  trx: Transaction<Database>,
  rows: Insertable<PopulationRegistryTable>[],
): Promise<void> {
  // 500 rows × 8 columns stays far below PostgreSQL's 65 535 bind-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('population_registry')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.column('curp').doUpdateSet((eb) => ({
          given_names: eb.ref('excluded.given_names'),
          first_surname: eb.ref('excluded.first_surname'),
          second_surname: eb.ref('excluded.second_surname'),
          birth_date: eb.ref('excluded.birth_date'),
          sex: eb.ref('excluded.sex'),
          birth_state: eb.ref('excluded.birth_state'),
          status: eb.ref('excluded.status'),
          loaded_at: eb.ref('excluded.loaded_at'),
        })),
      )
      .execute();
  }
}

export async function countRegistryRecords(db: Executor): Promise<number> {
  const row = await db.selectFrom('population_registry').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findPeopleByIds(db: Executor, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('people').selectAll().where('id', 'in', ids).execute();
}
