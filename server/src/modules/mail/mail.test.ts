import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { MailDispatcher, type MailTransport } from './dispatcher.ts';
import { MailService } from './service.ts';

describe('mail outbox and dispatcher', () => {
  let test: TestDatabase;
  const mail = new MailService();
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it('writes nothing when the enclosing transaction rolls back', async () => {
    await expect(
      test.db.transaction().execute(async (trx) => {
        await mail.enqueue(trx, { kind: 'test', to: 'nadie@correo.example', subject: 'x', text: 'y' });
        throw new Error('la acción falló');
      }),
    ).rejects.toThrow();
    expect(await mail.listByRecipient(test.db, 'nadie@correo.example')).toEqual([]);
  });

  it('delivers pending mail through a nodemailer transport and marks it sent', async () => {
    await test.db.transaction().execute((trx) =>
      mail.enqueue(trx, { kind: 'test', to: 'ana@correo.example', subject: 'Hola', text: 'Cuerpo del mensaje' }),
    );
    // nodemailer's JSON transport renders the message without a network: what SMTP would send.
    const json = nodemailer.createTransport({ jsonTransport: true });
    const sent: unknown[] = [];
    const transport: MailTransport = {
      sendMail: async (message) => {
        const info = await json.sendMail(message);
        sent.push(JSON.parse(String(info.message)));
        return info;
      },
    };
    const dispatcher = new MailDispatcher(test.db, transport, { from: 'SIAP <no-responder@siap.local>' });
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(sent[0]).toMatchObject({ subject: 'Hola', text: 'Cuerpo del mensaje', to: [{ address: 'ana@correo.example' }] });
    const [row] = await mail.listByRecipient(test.db, 'ana@correo.example');
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps a message whose delivery failed, with the error, and retries later', async () => {
    await test.db.transaction().execute((trx) =>
      mail.enqueue(trx, { kind: 'test', to: 'beto@correo.example', subject: 'Falla', text: '...' }),
    );
    let now = new Date(Date.now() + 1_000);
    const failing: MailTransport = { sendMail: async () => Promise.reject(new Error('SMTP caído')) };
    const dispatcher = new MailDispatcher(test.db, failing, { from: 'x@siap.local', clock: () => now });
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, failed: 1 });
    const [row] = await mail.listByRecipient(test.db, 'beto@correo.example');
    expect(row).toMatchObject({ sent_at: null, attempts: 1, last_error: 'SMTP caído' });
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, failed: 0 }); // backing off
    now = new Date(now.getTime() + 61_000);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, failed: 1 });
  });
});
