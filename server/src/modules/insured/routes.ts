import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAuth, requireRole } from '../../http/session.ts';
import type { InsuredService } from './service.ts';
import { RESTRICTION_STATES, type RestrictionState } from './tables.ts';
import { selfRegistrationRoutes } from '../registration/routes.ts';
import { Curp, Day, InsuredView, NullableDay, Restriction, StaffInsuredRow, State, Wave } from './schema.ts';

const INSURED = requireRole('asegurado');

/** `/api/insured`: asegurado self-registration and status; rollout policy (admin); extensions (supervisor). */
export const insuredRoutes: FastifyPluginAsyncTypebox<{ insured: InsuredService }> = async (app, { insured }) => {
  const tags = ['asegurados'];

  await app.register(
    selfRegistrationRoutes({
      tags,
      label: 'Registro de asegurado',
      account: 'cuenta de asegurado',
      extraStartFields: { nss: Type.String({ pattern: '^\\d{11}$', description: 'NSS (11 dígitos)' }) },
      start: (input) => insured.startRegistration(input),
      confirmCode: (curp, code) => insured.confirmCode(curp, code),
      setPassword: (curp, token, password) => insured.setPassword(curp, token, password),
    }),
  );

  app.get('/me', { preHandler: INSURED, schema: { tags, summary: 'Mi NSS, vigencia de derechos, estado biométrico y restricción con su plazo', response: { 200: InsuredView } } }, async (request) =>
    insured.me(requireAuth(request).accountId),
  );

  app.get('/waves', { preHandler: requireRole('admin', 'supervisor'), schema: { tags, summary: 'Política de implementación: olas vigentes', response: { 200: Type.Array(Wave) } } }, async () => insured.listWaves());

  app.post(
    '/waves',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Nueva ola de la política: nuevo ingreso (de inmediato) o existentes por OOAD o rango de fechas de nacimiento; los pensionados nunca se suspenden',
        body: Type.Object(
          {
            segment: Type.Union([Type.Literal('nuevo_ingreso'), Type.Literal('existente')]),
            startsOn: Day,
            ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4 }), Type.Null()])),
            birthFrom: Type.Optional(NullableDay),
            birthTo: Type.Optional(NullableDay),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Wave },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return insured.createWave(request.body, `account:${requireAuth(request).accountId}`);
    },
  );

  app.delete(
    '/waves/:id',
    { preHandler: requireRole('admin'), schema: { tags, summary: 'Retira una ola (las personas que ya no cubre vuelven a «sin biometría»)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      await insured.withdrawWave(request.params.id, `account:${requireAuth(request).accountId}`);
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/people/:curp/extension',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        tags,
        summary: 'Prórroga del plazo con su motivo (supervisor); un NSS suspendido vuelve a «restringido»',
        params: Type.Object({ curp: Curp }),
        body: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 90 }), reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Restriction },
      },
    },
    async (request) => insured.extend(request.params.curp, request.body, `account:${requireAuth(request).accountId}`),
  );

  app.get(
    '/staff',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags,
        summary: 'Asegurados por estado de restricción (consulta auditada)',
        querystring: Type.Object({ state: Type.Optional(Type.Union([State, Type.Literal('todos')])), ooad: Type.Optional(Type.String({ maxLength: 4 })) }),
        response: {
          200: Type.Array(StaffInsuredRow),
        },
      },
    },
    async (request) => {
      const states: RestrictionState[] = !request.query.state || request.query.state === 'todos' ? [...RESTRICTION_STATES] : [request.query.state];
      return insured.staffList({ states, ooadCode: request.query.ooad ?? null }, `account:${requireAuth(request).accountId}`);
    },
  );
};
