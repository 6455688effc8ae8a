import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuth, requireRole } from '../../http/session.ts';
import type { IdentityService } from './service.ts';
import { CreateIdentityBody, CurpParams, PersonResponse, PurposeQuery } from './schema.ts';

/** Identity records are handled by IMSS staff at a counter, never by the person themself. */
const STAFF = requireRole('operador', 'supervisor', 'admin');

export const identityRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  app.post(
    '/identities',
    {
      preHandler: STAFF,
      schema: {
        tags: ['identidad'],
        summary: 'Registra una persona tras validar CURP/NSS/RFC y cotejarla con el padrón (RENAPO)',
        body: CreateIdentityBody,
        response: { 201: PersonResponse },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const person = await identity.createIdentity(request.body, {
        actor: `account:${auth.accountId}`,
        purpose: 'alta de identidad en ventanilla',
      });
      return reply.status(201).send(person);
    },
  );

  app.get(
    '/identities/:curp',
    {
      preHandler: STAFF,
      schema: {
        tags: ['identidad'],
        summary: 'Consulta los datos de una persona (la finalidad queda en la bitácora)',
        params: CurpParams,
        querystring: PurposeQuery,
        response: { 200: PersonResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return identity.getByCurp(request.params.curp, { actor: `account:${auth.accountId}`, purpose: request.query.purpose });
    },
  );
};
