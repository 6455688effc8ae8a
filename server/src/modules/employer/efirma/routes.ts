import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../../config.ts';
import { setSessionCookie } from '../../../http/session.ts';
import { SessionInfoResponse } from '../../accounts/schema.ts';
import { EfirmaChallengeResponse, EfirmaLoginBody } from './schema.ts';
import type { EfirmaService } from './service.ts';

export const efirmaRoutes: FastifyPluginAsyncTypebox<{ efirma: EfirmaService; config: Config }> = async (app, { efirma, config }) => {
  const tags = ['sesión'];
  // The same per-IP budget as the password logins (http/security.ts).
  const limited = app.authBudget;

  app.post(
    '/auth/efirma/challenge',
    { onRequest: limited, schema: { tags, summary: 'Reto de un solo uso para iniciar sesión con e.firma', response: { 200: EfirmaChallengeResponse } } },
    async () => efirma.challenge(),
  );

  app.post(
    '/auth/efirma/login',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Inicio de sesión del patrón con e.firma: certificado (.cer, DER en base64) y la firma RSA-SHA256 del reto hecha en el navegador',
        body: EfirmaLoginBody,
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
