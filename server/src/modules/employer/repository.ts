import type { Insertable, Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { EmployerMovementsTable } from './tables.ts';

export async function insertEmployer(trx: Transaction<Database>, row: Insertable<Database['employers']>) {
  return trx.insertInto('employers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertRegistro(trx: Transaction<Database>, row: Insertable<Database['employer_registros']>) {
  return trx.insertInto('employer_registros').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findEmployerByRfc(db: Executor, rfc: string) {
  return db.selectFrom('employers').selectAll().where('rfc', '=', rfc).executeTakeFirst();
}

export async function findEmployerByOwner(db: Executor, personId: string) {
  return db.selectFrom('employers').selectAll().where('owner_person_id', '=', personId).orderBy('created_at').executeTakeFirst();
}

export async function findEmployerById(db: Executor, id: string) {
  return db.selectFrom('employers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRegistros(db: Executor, employerId: string) {
  return db.selectFrom('employer_registros').selectAll().where('employer_id', '=', employerId).orderBy('registro').execute();
}

export async function findRegistro(db: Executor, registro: string) {
  return db.selectFrom('employer_registros').selectAll().where('registro', '=', registro).executeTakeFirst();
}

export async function findRegistroById(db: Executor, id: string) {
  return db.selectFrom('employer_registros').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function registroExists(db: Executor, registro: string): Promise<boolean> {
  return Boolean(await db.selectFrom('employer_registros').select('id').where('registro', '=', registro).executeTakeFirst());
}

/** Serialises movements of one person: concurrent altas of the same worker cannot both pass the checks. */
export async function lockPersonMovements(trx: Transaction<Database>, registroId: string): Promise<void> {
  await trx.selectFrom('employer_registros').select('id').where('id', '=', registroId).forUpdate().executeTakeFirst();
}

export type MovementRow = Awaited<ReturnType<typeof movementsOfPerson>>[number];

export async function movementsOfPerson(db: Executor, personId: string) {
  return db.selectFrom('employer_movements').selectAll().where('person_id', '=', personId).orderBy('seq').execute();
}

export async function movementsOfRegistro(db: Executor, registroId: string) {
  return db.selectFrom('employer_movements').selectAll().where('registro_id', '=', registroId).orderBy('seq').execute();
}

export async function insertMovement(trx: Transaction<Database>, row: Insertable<EmployerMovementsTable>) {
  return trx.insertInto('employer_movements').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertChallenge(trx: Executor, nonce: string, expiresAt: Date) {
  return trx.insertInto('efirma_challenges').values({ nonce, expires_at: expiresAt, used_at: null }).returning(['id']).executeTakeFirstOrThrow();
}

/** Marks a live challenge used and returns it; undefined when unknown, used or expired (one use only). */
export async function consumeChallenge(trx: Transaction<Database>, id: string, now: Date) {
  return trx
    .updateTable('efirma_challenges')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'nonce'])
    .executeTakeFirst();
}

export async function insertConstancia(trx: Transaction<Database>, row: Insertable<Database['constancias']>) {
  await trx.insertInto('constancias').values(row).execute();
}

export async function findConstancia(db: Executor, folio: string) {
  return db.selectFrom('constancias').selectAll().where('folio', '=', folio).executeTakeFirst();
}
