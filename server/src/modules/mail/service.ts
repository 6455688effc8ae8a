import type { Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import * as repository from './repository.ts';

export interface OutgoingMail {
  /** Stable tag for the kind of message, e.g. `accounts.recovery-code`. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  /** The body carries a secret (a one-time code) valid until then: erased when sent or at that time. */
  secretUntil?: Date;
}

export type { OutboxRow } from './repository.ts';

/** The outbox: other modules enqueue mail inside their own transaction; the dispatcher sends it. */
export class MailService {
  enqueue(trx: Transaction<Database>, mail: OutgoingMail): Promise<string> {
    return repository.insertMessage(trx, {
      kind: mail.kind,
      to_address: mail.to,
      subject: mail.subject,
      body_text: mail.text,
      erase_body_at: mail.secretUntil ?? null,
    });
  }

  /** Erases the bodies of unsent mail whose secret expired (run periodically and before listing). */
  eraseExpiredSecrets(db: Executor, now: Date): Promise<number> {
    return repository.eraseExpiredSecrets(db, now);
  }

  listRecent(db: Executor, limit = 50): Promise<repository.OutboxRow[]> {
    return repository.listRecent(db, limit);
  }

  listByRecipient(db: Executor, to: string): Promise<repository.OutboxRow[]> {
    return repository.listByRecipient(db, to);
  }
}
