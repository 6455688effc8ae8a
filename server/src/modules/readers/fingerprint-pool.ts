import { Piscina } from 'piscina';
import { AppError } from '../../shared/app-error.ts';
import type { RawSample } from './drivers.ts';
import type { ExtractionAnswer, ExtractionTask } from './extraction-worker.ts';
import type { ProcessedFinger } from './processing.ts';

export interface WorkLimits {
  /** Worker threads. */
  workers: number;
  /** Requests allowed to wait for a worker; one more is refused at once (503). */
  queueMax: number;
  /** A request not answered within this, waiting included, is abandoned (503); a running extraction is stopped. */
  deadlineMs: number;
}

/** Seconds a refused client should wait: about one deadline, at least one second. */
export function busy(limits: WorkLimits, reason: 'queue_full' | 'deadline'): AppError {
  return new AppError(
    'BIOMETRIC_BUSY',
    reason === 'queue_full'
      ? 'El servicio biométrico está ocupado; intente de nuevo en unos segundos.'
      : 'El procesamiento biométrico tardó demasiado; intente de nuevo con otra captura.',
    503,
    { reason, retryAfterSeconds: Math.max(1, Math.ceil(limits.deadlineMs / 1000)) },
  );
}

/**
 * Fingerprint decode + extraction + quality on a pool of worker threads (piscina), so that a large
 * image (issue 19: 19 s of extraction) never blocks the event loop that answers everyone else.
 * The queue is bounded and every request has a deadline: past either, the answer is
 * `503 BIOMETRIC_BUSY` with `Retry-After`. Threads start on first use.
 */
export class FingerprintProcessor {
  private pool: Piscina<ExtractionTask, ExtractionAnswer> | null = null;
  /** Requests running or waiting: the bound is checked against this before anything is queued. */
  private inFlight = 0;

  constructor(readonly limits: WorkLimits) {}

  async process(sample: RawSample, options: { requireQuality: boolean; keepImage?: boolean }): Promise<ProcessedFinger> {
    if (this.inFlight >= this.limits.workers + this.limits.queueMax) throw busy(this.limits, 'queue_full');
    const pool = this.start();
    this.inFlight += 1;
    let answer: ExtractionAnswer;
    try {
      answer = await pool.run({ sample, requireQuality: options.requireQuality, keepImage: options.keepImage ?? false }, { signal: AbortSignal.timeout(this.limits.deadlineMs) });
    } catch (error) {
      if (isAbort(error)) throw busy(this.limits, 'deadline');
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw busy(this.limits, 'queue_full');
      throw error;
    } finally {
      this.inFlight -= 1;
    }
    if (answer.ok) return answer.finger;
    if (answer.error.code === null) throw new Error(answer.error.message);
    throw new AppError(answer.error.code, answer.error.message, answer.error.status, answer.error.details);
  }

  /** Requests running in a worker and waiting for one. */
  stats(): { running: number; queued: number } {
    return { running: Math.min(this.inFlight, this.limits.workers), queued: Math.max(0, this.inFlight - this.limits.workers) };
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await pool.destroy();
  }

  private start(): Piscina<ExtractionTask, ExtractionAnswer> {
    if (!this.pool) {
      this.pool = new Piscina<ExtractionTask, ExtractionAnswer>({
        filename: new URL('./extraction-worker-entry.mjs', import.meta.url).href,
        minThreads: 0,
        maxThreads: this.limits.workers,
        // One task per thread: extraction is synchronous CPU work, interleaving gains nothing.
        concurrentTasksPerWorker: 1,
        // A backstop only: the bound that answers 503 is `inFlight` above.
        maxQueue: this.limits.queueMax + this.limits.workers,
        idleTimeout: 60_000,
        // The worker must not inherit tsx's loader flags (they fail on a worker's entry on Node 20).
        execArgv: [],
      });
    }
    return this.pool;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError' || /abort/i.test(error.message));
}
