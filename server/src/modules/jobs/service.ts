import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { kyselyExecutor, transactionExecutor } from './db-adapter.ts';

/** What a handler gets besides the job's data. */
export interface JobContext {
  id: string;
  name: string;
  /** 0 on the first run, 1 on the first retry … */
  retryCount: number;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

export interface QueueDefinition {
  /** Times a failed job is run again (default 3). */
  retryLimit?: number;
  /** Seconds before the first retry (default 30), doubled each time when `retryBackoff`. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A run still going after this is failed (and retried): default 15 minutes. */
  expireInSeconds?: number;
}

export interface SendOptions {
  /**
   * Idempotency key: while a job with this key waits (or waits for a retry) in this queue, sending
   * another one with the same key adds nothing and returns null. It does not stop a send after the
   * first job finished: make the effect itself once-only with `claimOnce`.
   */
  key?: string;
  /** Do not run before this moment. */
  startAfter?: Date;
  /** Write the job in this transaction: no job for a change that rolled back. */
  trx?: Transaction<Database>;
}

export interface JobQueueOptions {
  /** Seconds between polls of an idle queue (pg-boss minimum 0.5; default 2). */
  pollingIntervalSeconds?: number;
  /** PostgreSQL schema of the queue's tables (default `pgboss`). */
  schema?: string;
}

/**
 * The database job queue (pg-boss) on the application's own database, PGlite or PostgreSQL: jobs
 * survive restarts, failed runs are retried, and `claimOnce` makes an effect (an e-mail, a status
 * change) happen once per key however often its job runs. See README.md.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, { handler: JobHandler<unknown>; definition: QueueDefinition }>();
  private started: Promise<void> | null = null;
  private working = false;
  private readonly errors: Error[] = [];

  constructor(
    private readonly db: Db,
    private readonly options: JobQueueOptions = {},
  ) {
    this.boss = new PgBoss({
      db: kyselyExecutor(db),
      schema: options.schema ?? 'pgboss',
      // Maintenance (archive, expire) runs in the same process; the application has one.
      supervise: true,
      schedule: true,
      migrate: true,
    });
    this.boss.on('error', (error: Error) => {
      this.errors.push(error);
      if (this.errors.length > 20) this.errors.shift();
    });
  }

  /**
   * Registers a queue and its handler. Call before `start`; each module defines its own queues
   * (name them `<module>.<what>`, e.g. `pension.reminder`).
   */
  define<T>(name: string, handler: JobHandler<T>, definition: QueueDefinition = {}): void {
    if (this.handlers.has(name)) throw new Error(`job queue ${name} defined twice`);
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, definition });
    if (this.working) throw new Error(`job queue ${name} defined after start`);
  }

  /** Creates the queue's tables (first start), its queues, and starts working them. Idempotent. */
  start(): Promise<void> {
    this.started ??= this.startOnce();
    return this.started;
  }

  private async startOnce(): Promise<void> {
    await this.boss.start();
    for (const [name, { handler, definition }] of this.handlers) {
      await this.boss.createQueue(name, {
        name,
        // stately: at most one waiting and one running job per key (keyless jobs get a unique key).
        policy: 'stately',
        retryLimit: definition.retryLimit ?? 3,
        retryDelay: definition.retryDelaySeconds ?? 30,
        retryBackoff: definition.retryBackoff ?? true,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      });
      await this.boss.work<unknown>(
        name,
        { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: 1, includeMetadata: true },
        async (jobs) => {
          for (const job of jobs) await handler(job.data, { id: job.id, name: job.name, retryCount: job.retryCount });
        },
      );
    }
    this.working = true;
  }

  /** Adds a job; returns its id, or null when a job with the same key is already waiting. */
  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    if (!this.handlers.has(name)) throw new Error(`job queue ${name} is not defined`);
    // Starting needs the database; inside a transaction on PGlite that would wait for itself.
    if (options.trx && !this.started) throw new Error('JobQueue.start() must be called before sending inside a transaction');
    await this.start();
    return this.boss.send(name, data, {
      singletonKey: options.key ?? randomUUID(),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.trx ? { db: transactionExecutor(options.trx) } : {}),
    });
  }

  /** Runs `name` on a cron schedule (5 fields, in `tz`, default America/Mexico_City). */
  async schedule(name: string, cron: string, data: object = {}, tz = 'America/Mexico_City'): Promise<void> {
    await this.start();
    await this.boss.schedule(name, cron, data, { tz });
  }

  /**
   * Records that the effect named `key` happened, in the caller's transaction: true the first
   * time, false ever after (the effect must then be skipped). Put the effect (e-mail in the
   * outbox, row change) in the same transaction, and it happens exactly once per key even when
   * its job is retried, sent twice or re-run after a crash.
   */
  async claimOnce(trx: Transaction<Database>, key: string, jobName: string): Promise<boolean> {
    const inserted = await trx
      .insertInto('job_effects')
      .values({ key, job_name: jobName })
      .onConflict((c) => c.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Jobs of `name` not finished yet (waiting, retrying or running). */
  async pending(name: string): Promise<number> {
    await this.start();
    const schema = this.options.schema ?? 'pgboss';
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${schema}.job`)} where name = ${name} and state < 'completed'`.execute(this.db);
    return rows[0]?.n ?? 0;
  }

  /** Jobs of `name` that failed for good (retries exhausted). */
  async failed(name: string): Promise<number> {
    await this.start();
    const schema = this.options.schema ?? 'pgboss';
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${schema}.job`)} where name = ${name} and state = 'failed'`.execute(this.db);
    return rows[0]?.n ?? 0;
  }

  /** The queue's last internal errors (connection lost, maintenance failed), newest last. */
  recentErrors(): readonly Error[] {
    return this.errors;
  }

  /** Stops polling and waits for running jobs (up to `timeoutMs`); the database stays open. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
    this.started = null;
    this.working = false;
  }
}
