import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { JobQueue } from '../jobs/service.ts';
import { PensionService, SWEEP_JOB } from './service.ts';
import { addDays } from './status.ts';
import { registerPensioner } from './testing.ts';

async function until(check: () => Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Due dates and reminders on the job queue (PGlite, or PostgreSQL with DATABASE_URL): the daily
 * sweep moves the status vigente → por vencer → en riesgo, and the 30-, 7- and 0-day e-mails go
 * out once each, also when the process restarts in between and the sweep runs again.
 */
describe('proof-of-life due dates and reminders on the job queue', () => {
  let t: TestApp;
  let email: string;
  let personId: string;
  const DUE = '2027-03-15';

  /** A process: its own queue and pension service over the same database. */
  function boot() {
    const jobs = new JobQueue(t.database.db, { pollingIntervalSeconds: 0.5 });
    const pension = new PensionService({ ...t.services, db: t.database.db, config: t.config, clock: t.clock, jobs });
    return { jobs, pension };
  }
  async function sweepOn(process: ReturnType<typeof boot>, today: string) {
    await process.jobs.send(SWEEP_JOB, { today }, { key: `sweep:${today}` });
    await until(async () => (await process.jobs.pending(SWEEP_JOB)) === 0 && (await process.jobs.pending('pension.reminder')) === 0, `the sweep of ${today}`);
  }
  const state = async () => (await t.database.db.selectFrom('pensioners').select('status').where('person_id', '=', personId).executeTakeFirstOrThrow()).status;
  const reminderKinds = async () => (await t.services.mail.listByRecipient(t.database.db, email)).map((m) => m.kind).filter((k) => k.startsWith('pension.reminder')).sort();

  beforeAll(async () => {
    t = await createTestApp();
    const registered = await registerPensioner(t, 1401);
    email = registered.email;
    personId = (await t.services.identity.resolvePersonId(t.database.db, registered.curp))!;
    await t.database.db.updateTable('pensioners').set({ next_due_date: DUE }).where('person_id', '=', personId).execute();
  }, 300_000);
  afterAll(() => t?.close());

  it('advances the status with the due date and sends each reminder once across a restart', async () => {
    const one = boot();
    await one.jobs.start();
    await sweepOn(one, addDays(DUE, -40));
    expect(await state()).toBe('vigente');
    expect(await reminderKinds()).toEqual([]);

    await sweepOn(one, addDays(DUE, -30));
    expect(await state()).toBe('por_vencer');
    await until(async () => (await reminderKinds()).length === 1, 'the 30-day reminder');
    await one.jobs.stop();

    // Restart: a new process runs the same day's sweep again, then the later ones.
    const two = boot();
    await two.jobs.start();
    await sweepOn(two, addDays(DUE, -29));
    await sweepOn(two, addDays(DUE, -7));
    await sweepOn(two, addDays(DUE, -7));
    await sweepOn(two, DUE);
    expect(await state()).toBe('por_vencer');
    await sweepOn(two, addDays(DUE, 1));
    expect(await state()).toBe('en_riesgo');
    await sweepOn(two, addDays(DUE, 2));
    await until(async () => (await reminderKinds()).length >= 3, 'three reminders');
    expect(await reminderKinds()).toEqual(['pension.reminder-0', 'pension.reminder-30', 'pension.reminder-7']);
    expect(await two.jobs.failed('pension.reminder')).toBe(0);

    // "En riesgo" is shown to the staff list, filterable by OOAD; it is a flag, not a payment stop.
    const rows = await two.pension.staffList({ statuses: ['en_riesgo'], ooadCode: '35' }, 'system');
    expect(rows).toEqual([expect.objectContaining({ status: 'en_riesgo', nextDueDate: DUE, ooadCode: '35' })]);
    expect(await two.pension.staffList({ statuses: ['en_riesgo'], ooadCode: '19' }, 'system')).toEqual([]);
    await two.jobs.stop();
  }, 300_000);
});
