import type { Insertable, Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

export async function insertIncapacidad(trx: Transaction<Database>, row: Insertable<Database['incapacidades']>) {
  return trx.insertInto('incapacidades').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findIncapacidadById(db: Executor, id: string) {
  return db.selectFrom('incapacidades').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function findIncapacidad(db: Executor, folio: string) {
  return db.selectFrom('incapacidades').selectAll().where('folio', '=', folio).executeTakeFirst();
}

const LIST_COLUMNS = ['i.id', 'i.folio', 'i.person_id', 'i.ramo', 'i.tipo', 'i.start_date', 'i.days', 'i.end_date', 'i.diagnosis_code', 'i.details', 'i.subsidy', 'i.employer_id', 'i.registro', 'i.document_sha256', 'i.issued_by', 'i.issued_at'] as const;

function listQuery(db: Executor) {
  return db
    .selectFrom('incapacidades as i')
    .innerJoin('people as p', 'p.id', 'i.person_id')
    .leftJoin('signatures as s', 's.incapacidad_id', 'i.id')
    .select([...LIST_COLUMNS, 'p.curp', 'p.nss', 'p.given_names', 'p.first_surname', 'p.second_surname', 's.folio as signature_folio', 's.modality as signature_modality', 's.timestamped_at'])
    .orderBy('i.issued_at', 'desc');
}

export type IncapacidadListRow = Awaited<ReturnType<typeof listOfPerson>>[number];

export async function listOfPerson(db: Executor, personId: string) {
  return listQuery(db).where('i.person_id', '=', personId).execute();
}

export async function listOfEmployer(db: Executor, employerId: string) {
  return listQuery(db).where('i.employer_id', '=', employerId).execute();
}

export async function listIssuedBy(db: Executor, actor: string) {
  return listQuery(db).where('i.issued_by', '=', actor).execute();
}

export async function insertSignature(trx: Transaction<Database>, row: Insertable<Database['signatures']>) {
  return trx.insertInto('signatures').values(row).returning(['id', 'folio']).executeTakeFirstOrThrow();
}

export async function findSignatureOf(db: Executor, incapacidadId: string) {
  return db.selectFrom('signatures').selectAll().where('incapacidad_id', '=', incapacidadId).executeTakeFirst();
}

export async function findSignatureByFolio(db: Executor, folio: string) {
  return db.selectFrom('signatures').selectAll().where('folio', '=', folio).executeTakeFirst();
}

export async function insertAttempt(trx: Transaction<Database>, row: Insertable<Database['signature_attempts']>) {
  await trx.insertInto('signature_attempts').values(row).execute();
}

export async function listAttempts(db: Executor, incapacidadId: string) {
  return db.selectFrom('signature_attempts').selectAll().where('incapacidad_id', '=', incapacidadId).orderBy('created_at', 'asc').execute();
}
