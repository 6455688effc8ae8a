import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAuth, requireRole } from '../../http/session.ts';
import type { PrivacyService } from './service.ts';

const Scope = Type.Union([Type.Literal('datos_biometricos')], { description: 'Alcance del consentimiento' });
const ConsentView = Type.Object({
  scope: Scope,
  granted: Type.Boolean(),
  noticeVersion: Type.String(),
  channel: Type.Union([Type.Literal('portal'), Type.Literal('estacion')]),
  recordedBy: Type.String(),
  stationId: Type.Union([Type.String(), Type.Null()]),
  recordedAt: Type.String(),
});

export const privacyRoutes: FastifyPluginAsyncTypebox<{ privacy: PrivacyService }> = async (app, { privacy }) => {
  const tags = ['privacidad'];

  app.get(
    '/notice',
    {
      schema: {
        tags,
        summary: 'Aviso de privacidad vigente (archivo que edita la institución) con su versión',
        response: { 200: Type.Object({ version: Type.String(), title: Type.String(), text: Type.String(), sha256: Type.String() }) },
      },
    },
    async () => privacy.notice(),
  );

  app.post(
    '/consents',
    {
      preHandler: requireRole('operador', 'supervisor'),
      schema: {
        tags,
        summary: 'Registra en una estación el consentimiento expreso (u oposición) de una persona, con la versión del aviso que se le mostró',
        body: Type.Object(
          {
            curp: Type.String({ minLength: 18, maxLength: 18 }),
            scope: Scope,
            granted: Type.Boolean(),
            noticeVersion: Type.String({ minLength: 1, maxLength: 40 }),
            stationId: Type.String({ format: 'uuid' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ConsentView },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { curp, stationId, ...decision } = request.body;
      const personId = await privacy.resolvePerson(curp);
      reply.code(201);
      return privacy.recordNow({ ...decision, personId, channel: 'estacion', stationId }, `account:${auth.accountId}`);
    },
  );

  app.get(
    '/consents/:curp',
    {
      preHandler: requireRole('operador', 'supervisor', 'admin'),
      schema: {
        tags,
        summary: 'Historial de consentimientos de una persona (lectura auditada)',
        params: Type.Object({ curp: Type.String({ minLength: 18, maxLength: 18 }) }),
        querystring: Type.Object({ purpose: Type.String({ minLength: 3, maxLength: 200 }) }),
        response: { 200: Type.Array(ConsentView) },
      },
    },
    async (request) => privacy.history(request.params.curp, `account:${requireAuth(request).accountId}`, request.query.purpose),
  );
};
