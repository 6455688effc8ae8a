import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.ts';
import type { AuditService } from '../audit/service.ts';
import type { MailService } from '../mail/service.ts';
import { AppError } from '../../shared/app-error.ts';
import { renderOutboxPage } from './outbox-page.ts';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. With TRUST_PROXY, `request.ip` is the client's. */
export function isLoopback(ip: string): boolean {
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

export interface DemoRoutesOptions {
  db: Db;
  mail: MailService;
  audit: AuditService;
}

/** Registered only in demo mode (DEMO=true): it shows other people's mail. */
export const demoRoutes: FastifyPluginAsyncTypebox<DemoRoutesOptions> = async (app, { db, mail, audit }) => {
  app.get('/outbox', { schema: { tags: ['demostración'], summary: 'Bandeja de salida de correo (HTML)' } }, async (request, reply) => {
    // Codes are shown only to the machine running the demo (issue 19 item 10).
    if (!isLoopback(request.ip)) {
      throw new AppError('NOT_FOUND', `No existe la ruta GET ${request.url.split('?')[0]}.`, 404);
    }
    const messages = await db.transaction().execute(async (trx) => {
      await mail.eraseExpiredSecrets(trx, new Date());
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
