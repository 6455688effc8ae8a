import { Piscina } from 'piscina';
import { AppError } from '../../shared/app-error.ts';
import type { RawSample } from './drivers.ts';
import type { CompareTask, ExtractionAnswer, ExtractionTask, ProbeAnswer, ProbeTask } from './extraction-worker.ts';
import { probeFinger, processFinger, type ProcessedFinger } from './processing.ts';

type Task = ExtractionTask | ProbeTask | CompareTask;
type Answer = ExtractionAnswer | ProbeAnswer | number[];

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
  private pool: Piscina<Task, Answer> | null = null;
  /** Requests running or waiting: the bound is checked against this before anything is queued. */
  private inFlight = 0;
  /** The deadline signal tasks started in the current slice share (deadlineSignal). */
  private deadline: { signal: AbortSignal; since: number } | null = null;

  constructor(readonly limits: WorkLimits) {}

  async process(sample: RawSample, options: { requireQuality: boolean; keepImage?: boolean }): Promise<ProcessedFinger> {
    // A minutiae template only needs parsing (microseconds for the few kB a body may carry): a
    // round trip to a worker would cost more than the work, and queue behind extractions.
    if (sample.kind === 'template') return processFinger(sample, { requireQuality: options.requireQuality, keepImage: false });
    const answer = await this.run<ExtractionAnswer>({ sample, requireQuality: options.requireQuality, keepImage: options.keepImage ?? false }, 'default');
    if (answer.ok) return answer.finger;
    return unwrapFailure(answer);
  }

  /**
   * A comparison probe's compact template (1:1 and 1:N): extracted without the quality assessment
   * that enrollment needs (processing.ts probeFinger). Templates are parsed here, as in `process`.
   */
  async probe(sample: RawSample): Promise<Uint8Array> {
    if (sample.kind === 'template') return probeFinger(sample);
    const answer = await this.run<ProbeAnswer>({ probe: sample }, 'extractProbe');
    if (answer.ok) return answer.compact;
    return unwrapFailure(answer);
  }

  /**
   * Scores of one probe finger against enrolled fingers (compact templates), computed in a worker:
   * a 1:1 comparison is milliseconds of CPU that would otherwise hold the event loop, and the
   * worker keeps enrolled templates prepared between requests.
   */
  async compare(probe: Uint8Array, enrolled: Uint8Array[]): Promise<number[]> {
    return this.run<number[]>({ probe, enrolled } satisfies CompareTask, 'compareFingers');
  }

  /** Runs one task under the queue bound and the deadline (503 BIOMETRIC_BUSY past either). */
  private async run<T>(task: Task, name: 'default' | 'extractProbe' | 'compareFingers'): Promise<T> {
    if (this.inFlight >= this.limits.workers + this.limits.queueMax) throw busy(this.limits, 'queue_full');
    const pool = this.start();
    this.inFlight += 1;
    try {
      return (await pool.run(task, { name, signal: this.deadlineSignal() })) as T;
    } catch (error) {
      if (isAbort(error)) throw busy(this.limits, 'deadline');
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw busy(this.limits, 'queue_full');
      throw error;
    } finally {
      this.inFlight -= 1;
    }
  }

  /**
   * One timeout signal for all tasks started within a slice of 1/20 of the deadline (at most
   * 250 ms): a task's deadline falls at most one slice early. A new AbortSignal.timeout per task
   * (a timer, and a weak reference the garbage collector must track) was measurable on every 1:1
   * verification; piscina removes its listener from the shared signal when a task ends.
   */
  private deadlineSignal(): AbortSignal {
    const now = performance.now();
    const slice = Math.min(250, this.limits.deadlineMs / 20);
    if (!this.deadline || now - this.deadline.since >= slice) this.deadline = { signal: AbortSignal.timeout(this.limits.deadlineMs), since: now };
    return this.deadline.signal;
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

  private start(): Piscina<Task, Answer> {
    if (!this.pool) {
      this.pool = new Piscina<Task, Answer>({
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

/** A worker's error, sent back as data, thrown again here with its class and code. */
function unwrapFailure(answer: Extract<ExtractionAnswer, { ok: false }>): never {
  if (answer.error.code === null) throw new Error(answer.error.message);
  throw new AppError(answer.error.code, answer.error.message, answer.error.status, answer.error.details);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError' || /abort/i.test(error.message));
}
