import type { Db } from '../../db/database.ts';
import type { JobQueue } from '../jobs/service.ts';
import type { AuditService } from './service.ts';

export interface SealerOptions {
  /**
   * Wait after the first record before sealing: records arriving meanwhile are sealed in the same
   * pass. A pass is ~7 statements and a commit (an fsync on PGlite) however many it seals, so at
   * low rates a short wait would cost more than the chain-head lock it replaced.
   */
  delayMs?: number;
  /**
   * The least time between the starts of two triggered passes. A pass costs the same whether it
   * seals one entry or hundreds, so under load the trigger waits for this instead of sealing every
   * `delayMs`: a handful of passes a second however many requests audit (on PGlite each pass also
   * holds the one connection and pays an fsync).
   */
  minIntervalMs?: number;
  /**
   * A second pass this long after a pass: the trigger fires inside the writer's transaction, so a
   * writer that commits after the pass it triggered is picked up here (or by the next record).
   */
  trailingMs?: number;
  onError?: (error: unknown) => void;
}

export const SEAL_JOB = 'audit.seal';

/**
 * Runs AuditService.seal promptly after records (a debounced in-process trigger), one pass at a
 * time, and registers the job-queue fallback (`audit.seal`, every minute, and at start) that seals
 * whatever a crash or an unpoked commit left behind. Several processes may run one each: the
 * chain head's row lock makes them take turns.
 */
export class AuditSealer {
  private timer: NodeJS.Timeout | null = null;
  private trailing: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private trailingWanted = false;
  private stopped = false;
  private lastPassAt = Number.NEGATIVE_INFINITY;
  private readonly delayMs: number;
  private readonly minIntervalMs: number;
  private readonly trailingMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    options: SealerOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 100;
    this.minIntervalMs = options.minIntervalMs ?? 500;
    this.trailingMs = options.trailingMs ?? 1_000;
    this.onError = options.onError ?? ((error) => process.emitWarning(`no se pudo sellar la bitácora: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Starts reacting to records (AuditService.onRecord). */
  attach(): this {
    this.audit.onRecord = () => this.poke();
    return this;
  }

  /** Defines the fallback job; call before jobs.start(). */
  defineJob(jobs: JobQueue): void {
    jobs.define(SEAL_JOB, async () => {
      await this.audit.sealAll(this.db);
    }, { retryLimit: 3, retryDelaySeconds: 10, expireInSeconds: 300 });
  }

  /** Every minute (pg-boss cron: one process sends it), plus one pass now for what a crash left. */
  async schedule(jobs: JobQueue): Promise<void> {
    await jobs.schedule(SEAL_JOB, '* * * * *');
    await jobs.send(SEAL_JOB, {}, { key: `${SEAL_JOB}:start` });
  }

  poke(): void {
    if (this.stopped || this.timer) return;
    const wait = Math.max(this.delayMs, this.lastPassAt + this.minIntervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
    this.timer.unref();
  }

  /** One pass now (or right after the running one); resolves when it is done. */
  run(): Promise<void> {
    return this.pass(true);
  }

  private async pass(thenTrailing: boolean): Promise<void> {
    if (this.running) {
      this.again = true;
      this.trailingWanted ||= thenTrailing;
      return this.running;
    }
    this.lastPassAt = performance.now();
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.audit.sealAll(this.db);
        } while (this.again && !this.stopped);
      } catch (error) {
        if (!this.stopped) this.onError(error);
      } finally {
        this.running = null;
      }
      if (thenTrailing || this.trailingWanted) this.scheduleTrailing();
      this.trailingWanted = false;
    })();
    return this.running;
  }

  private scheduleTrailing(): void {
    if (this.stopped || this.trailing) return;
    this.trailing = setTimeout(() => {
      this.trailing = null;
      // A pass that ran or is coming covers it (and schedules its own trailing pass).
      if (this.timer || this.running) return;
      void this.pass(false);
    }, this.trailingMs);
    this.trailing.unref();
  }

  /** Stops the trigger and waits for a running pass (the job fallback seals anything left). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.trailing) clearTimeout(this.trailing);
    this.timer = null;
    this.trailing = null;
    if (this.audit.onRecord) this.audit.onRecord = null;
    await this.running;
  }
}
