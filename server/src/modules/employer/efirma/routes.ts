import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../../config.ts';
import { setSessionCookie } from '../../../http/session.ts';
import { SessionInfoResponse } from '../../accounts/schema.ts';
import type { EfirmaService } from './service.ts';

export const efirmaRoutes: FastifyPluginAsyncTypebox<{ efirma: EfirmaService; config: Config }> = async (app, { efirma, config }) => {
  const tags = ['sesión'];
  // The same per-IP budget as the password logins (http/security.ts).
  const limited = app.authBudget;

  app.post(
    '/auth/efirma/challenge',
    { onRequest: limited, schema: { tags, summary: 'Reto de un solo uso para iniciar sesión con e.firma', response: { 200: Type.Object({ challengeId: Type.String(), message: Type.String(), expiresAt: Type.String() }) } } },
    async () => efirma.challenge(),
  );

  app.post(
    '/auth/efirma/login',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Inicio de sesión del patrón con e.firma: certificado (.cer, DER en base64) y la firma RSA-SHA256 del reto hecha en el navegador',
        body: Type.Object(
          {
            challengeId: Type.String({ maxLength: 64 }),
            rfc: Type.String({ minLength: 12, maxLength: 13 }),
            certificate: Type.String({ maxLength: 20_000 }),
            signature: Type.String({ maxLength: 2_000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionInfoResponse },
      },
    },
    async (request, reply) => {
      const result = await efirma.login(request.body, { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, result.token, result.expiresAt, config.cookieSecure);
      return result.session;
    },
  );
};
