import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import { addDays, mexicoDay, statusOn } from './status.ts';

/**
 * Demo: the demo pensioner (the first `pensionado` account) is a registered pensioner of OOAD 35
 * whose proof of life is 10 days past due, so "en riesgo" shows on their portal and on the
 * supervisor's list. Idempotent (does nothing once the row exists).
 */
export async function seedPensionDemo(db: Db, services: Services): Promise<void> {
  const account = await db.selectFrom('accounts').select(['id', 'person_id']).where('role', '=', 'pensionado').orderBy('created_at', 'asc').executeTakeFirst();
  if (!account) return;
  if (await db.selectFrom('pensioners').select('person_id').where('person_id', '=', account.person_id).executeTakeFirst()) return;
  const now = new Date();
  const due = addDays(mexicoDay(now), -10);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('pensioners')
      .values({ person_id: account.person_id, account_id: account.id, ooad_code: '35', step: 'completo', biometric_status: 'sin_rostro', registered_at: now, next_due_date: due, status: statusOn(due, mexicoDay(now)), status_changed_at: now })
      .execute();
    await services.audit.record(trx, { actor: 'system', action: 'pension.demo.seeded', subject: `person:${account.person_id}`, purpose: 'datos de demostración', details: { dueDate: due } });
  });
}
