import type { Generated } from 'kysely';

/**
 * Transactional outbox: a message is a row written in the same transaction as the action that
 * caused it, so a rolled-back action never e-mails and a committed one always eventually does.
 */
export interface MailOutboxTable {
  id: Generated<string>;
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Generated<Date>;
  sent_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Generated<Date>;
  /** Mail carrying a secret (a recovery code): its body is erased when sent or at this time. */
  erase_body_at: Generated<Date | null>;
}

export interface MailTables {
  mail_outbox: MailOutboxTable;
}
