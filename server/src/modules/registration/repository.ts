import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SelfRegistrationsTable } from './tables.ts';

export type RegistrationRow = Selectable<SelfRegistrationsTable>;

export async function upsertRegistration(db: Executor, row: Omit<RegistrationRow, 'created_at' | 'identity'> & { identity: string }): Promise<void> {
  await db
    .insertInto('self_registrations')
    .values(row)
    .onConflict((c) =>
      c.column('curp').doUpdateSet({
        program: row.program,
        email: row.email,
        identity: row.identity,
        ooad_code: row.ooad_code,
        nss: row.nss,
        code_hmac: row.code_hmac,
        code_expires_at: row.code_expires_at,
        attempts: 0,
        token_hmac: null,
        token_expires_at: null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function findRegistration(db: Executor, curp: string, forUpdate = false): Promise<RegistrationRow | undefined> {
  let q = db.selectFrom('self_registrations').selectAll().where('curp', '=', curp);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateRegistration(db: Executor, curp: string, set: Partial<Omit<RegistrationRow, 'curp' | 'created_at' | 'identity'>>): Promise<void> {
  await db.updateTable('self_registrations').set(set).where('curp', '=', curp).execute();
}

export async function deleteRegistration(db: Executor, curp: string): Promise<void> {
  await db.deleteFrom('self_registrations').where('curp', '=', curp).execute();
}
