import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.ts';
import type { AuditService } from '../audit/service.ts';
import type { MailService } from '../mail/service.ts';
import { renderOutboxPage } from './outbox-page.ts';

export interface DemoRoutesOptions {
  db: Db;
  mail: MailService;
  audit: AuditService;
}

/** Registered only in demo mode (DEMO=true): it shows other people's mail. */
export const demoRoutes: FastifyPluginAsyncTypebox<DemoRoutesOptions> = async (app, { db, mail, audit }) => {
  app.get('/outbox', { schema: { tags: ['demostración'], summary: 'Bandeja de salida de correo (HTML)' } }, async (request, reply) => {
    const messages = await db.transaction().execute(async (trx) => {
      const rows = await mail.listRecent(trx, 50);
      await audit.record(trx, {
        actor: request.auth ? `account:${request.auth.accountId}` : 'anonymous',
        action: 'mail.outbox.viewed',
        subject: 'mail_outbox',
        purpose: 'demostración: seguir el flujo de recuperación de contraseña',
        details: { messages: rows.length },
      });
      return rows;
    });
    return reply.type('text/html; charset=utf-8').send(renderOutboxPage(messages));
  });
};
