import type { EnrollmentService } from './service.ts';

export interface SweepLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Runs `expireAbandonedCaptureSessions` every `everyMs` (timer unref'd: it never keeps the process
 * alive). The project has no job queue yet; when it has one, this timer is replaced by a periodic
 * job that makes the same call with the same `now`, and nothing else changes.
 */
export function startCaptureSessionSweep(enrollment: EnrollmentService, options: { everyMs: number; clock: () => Date; log: SweepLog }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    enrollment
      .expireAbandonedCaptureSessions(options.clock())
      .then((expired) => {
        if (expired > 0) options.log.info({ expired }, 'sesiones de captura abandonadas expiradas y borradas');
      })
      .catch((error: unknown) => options.log.error({ err: error }, 'no se pudieron expirar las sesiones de captura abandonadas'))
      .finally(() => {
        running = false;
      });
  }, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
