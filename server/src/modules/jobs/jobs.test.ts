import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { JobQueue } from './service.ts';

/** Waits for a condition the queue makes true (no timing assertion: it only bounds the wait). */
async function until(check: () => Promise<boolean> | boolean, what: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The job queue on the test database (PGlite, or PostgreSQL with DATABASE_URL): retries, keys
 * that keep a waiting job single, effects that happen once across a restart.
 */
describe('JobQueue (pg-boss on the application database)', () => {
  let database: TestDatabase;
  const queues: JobQueue[] = [];

  const effects = async (key: string) =>
    (await database.db.selectFrom('job_effects').select('key').where('key', 'like', `${key}%`).execute()).length;

  /** A queue whose `test.effect` job records its effect once per key and fails when told to. */
  function makeQueue(runs: Array<{ key: string; retryCount: number }>) {
    const queue = new JobQueue(database.db, { pollingIntervalSeconds: 0.5, schema: 'pgboss' });
    queue.define<{ key: string; failTimes?: number }>(
      'test.effect',
      async (data, job) => {
        runs.push({ key: data.key, retryCount: job.retryCount });
        if (job.retryCount < (data.failTimes ?? 0)) throw new Error('fallo simulado');
        await database.db.transaction().execute((trx) => queue.claimOnce(trx, data.key, job.name));
      },
      { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false },
    );
    queues.push(queue);
    return queue;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const q of queues) await q.stop();
    await database?.destroy();
  });

  it('retries a failing job and records its effect once', async () => {
    const runs: Array<{ key: string; retryCount: number }> = [];
    const queue = makeQueue(runs);
    await queue.start();
    expect(await queue.send('test.effect', { key: 'retry-1', failTimes: 1 }, { key: 'retry-1' })).toEqual(expect.any(String));
    await until(async () => (await effects('retry-1')) === 1, 'the retried effect');
    expect(runs.filter((r) => r.key === 'retry-1').map((r) => r.retryCount)).toEqual([0, 1]);
    await until(async () => (await queue.pending('test.effect')) === 0, 'the queue to empty');
    await queue.stop();
  }, 120_000);

  it('keeps one waiting job per key, and after a restart neither loses nor repeats the effect', async () => {
    const before: Array<{ key: string; retryCount: number }> = [];
    const first = makeQueue(before);
    // Sent while nothing works the queue (the process is "down" before working it).
    const id = await first.send('test.effect', { key: 'restart-1' }, { key: 'restart-1' });
    expect(id).toEqual(expect.any(String));
    expect(await first.send('test.effect', { key: 'restart-1' }, { key: 'restart-1' })).toBeNull();
    await first.stop();
    expect(before).toEqual([]);

    // The next process starts and works the waiting job, once.
    const after: Array<{ key: string; retryCount: number }> = [];
    const second = makeQueue(after);
    await second.start();
    await until(async () => (await effects('restart-1')) === 1, 'the effect after the restart');
    // The same reminder sent again by a later run (its job had finished): it runs, the effect does not repeat.
    expect(await second.send('test.effect', { key: 'restart-1' }, { key: 'restart-1' })).toEqual(expect.any(String));
    await until(async () => after.length === 2 && (await second.pending('test.effect')) === 0, 'the second run');
    expect(await effects('restart-1')).toBe(1);
    expect(await second.failed('test.effect')).toBe(0);
    await second.stop();
  }, 120_000);

  it('writes a job sent inside a transaction only when the transaction commits', async () => {
    const runs: Array<{ key: string; retryCount: number }> = [];
    const queue = makeQueue(runs);
    await queue.start();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await queue.send('test.effect', { key: 'rolled-back' }, { key: 'rolled-back', trx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await database.db.transaction().execute((trx) => queue.send('test.effect', { key: 'committed' }, { key: 'committed', trx }));
    await until(async () => (await effects('committed')) === 1, 'the committed job');
    expect(runs.map((r) => r.key)).not.toContain('rolled-back');
    expect(await effects('rolled-back')).toBe(0);
    await queue.stop();
  }, 120_000);
});
