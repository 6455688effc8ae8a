import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { PensionersTable, ProofsOfLifeTable, ProofStatus } from './tables.ts';

export type PensionerRow = Selectable<PensionersTable>;
export type ProofRow = Selectable<ProofsOfLifeTable>;

export async function insertPensioner(db: Executor, row: PensionerRow): Promise<void> {
  await db.insertInto('pensioners').values(row).execute();
}

export async function findPensioner(db: Executor, personId: string, forUpdate = false): Promise<PensionerRow | undefined> {
  let q = db.selectFrom('pensioners').selectAll().where('person_id', '=', personId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findPensionerByAccount(db: Executor, accountId: string): Promise<PensionerRow | undefined> {
  return db.selectFrom('pensioners').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function updatePensioner(db: Executor, personId: string, set: Partial<Omit<PensionerRow, 'person_id'>>): Promise<void> {
  await db.updateTable('pensioners').set(set).where('person_id', '=', personId).execute();
}

export async function listPensioners(db: Executor): Promise<PensionerRow[]> {
  return db.selectFrom('pensioners').selectAll().execute();
}

export async function listByStatus(db: Executor, statuses: ProofStatus[], ooadCode: string | null) {
  let q = db
    .selectFrom('pensioners')
    .innerJoin('people', 'people.id', 'pensioners.person_id')
    .select(['pensioners.person_id', 'people.curp', 'people.given_names', 'people.first_surname', 'people.second_surname', 'pensioners.ooad_code', 'pensioners.status', 'pensioners.next_due_date', 'pensioners.biometric_status'])
    .where('pensioners.status', 'in', statuses);
  if (ooadCode) q = q.where('pensioners.ooad_code', '=', ooadCode);
  return q.orderBy('pensioners.next_due_date', 'asc').execute();
}

export async function insertProof(db: Executor, row: Omit<ProofRow, 'id' | 'evidence'> & { evidence: string }): Promise<ProofRow> {
  return db.insertInto('proofs_of_life').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listProofs(db: Executor, personId: string): Promise<ProofRow[]> {
  return db.selectFrom('proofs_of_life').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').execute();
}

export async function countFailuresSince(db: Executor, personId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('proofs_of_life')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('channel', '=', 'remoto')
    .where('outcome', '=', 'fallida')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findProofByFolio(db: Executor, folio: string) {
  return db
    .selectFrom('proofs_of_life')
    .innerJoin('people', 'people.id', 'proofs_of_life.person_id')
    .select(['proofs_of_life.folio', 'proofs_of_life.created_at', 'proofs_of_life.channel', 'proofs_of_life.person_id', 'proofs_of_life.next_due_date', 'people.given_names', 'people.first_surname', 'people.second_surname', 'people.curp'])
    .where('proofs_of_life.folio', '=', folio)
    .executeTakeFirst();
}
