import nodemailer from 'nodemailer';
import type { Db } from '../../db/database.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import * as repository from './repository.ts';

/** The part of a nodemailer transport the dispatcher uses; tests pass a JSON transport. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export interface DispatcherOptions {
  from: string;
  clock?: Clock;
  batchSize?: number;
  /** After this many failed attempts a message stays in the outbox with its last error. */
  maxAttempts?: number;
  onError?: (error: unknown, messageId: string) => void;
}

const LEASE_MS = 5 * 60_000;

export function smtpTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport(smtpUrl);
}

/**
 * Sends what the outbox holds. Polling a table (instead of sending inside the request) means a
 * mail server outage delays mail but never fails or rolls back the action that produced it.
 */
export class MailDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly clock: Clock;
  private readonly batchSize: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly db: Db,
    private readonly transport: MailTransport,
    private readonly options: DispatcherOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.batchSize = options.batchSize ?? 20;
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  /** One pass over due messages; returns how many were sent and how many failed. */
  async dispatchDue(): Promise<{ sent: number; failed: number }> {
    const now = this.clock();
    const claimed = await this.db
      .transaction()
      .execute((trx) => repository.claimDue(trx, now, new Date(now.getTime() + LEASE_MS), this.batchSize, this.maxAttempts));
    let sent = 0;
    let failed = 0;
    for (const message of claimed) {
      try {
        await this.transport.sendMail({
          from: this.options.from,
          to: message.to_address,
          subject: message.subject,
          text: message.body_text,
        });
        await repository.markSent(this.db, message.id, this.clock());
        sent += 1;
      } catch (error) {
        failed += 1;
        // Exponential back-off: 1, 2, 4, … minutes after each failed attempt.
        const retryAt = new Date(this.clock().getTime() + 60_000 * 2 ** message.attempts);
        await repository.markFailed(this.db, message.id, error instanceof Error ? error.message : String(error), retryAt);
        this.options.onError?.(error, message.id);
      }
    }
    return { sent, failed };
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.dispatchDue()
        .catch((error: unknown) => this.options.onError?.(error, '-'))
        .finally(() => {
          this.running = null;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
