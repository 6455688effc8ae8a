import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { requireAuth, requireRole } from '../../http/session.ts';
import { CaptureFields, Uuid } from '../readers/schema.ts';
import { PensionerView, ProofChallengeResponse, ProofOutcome, RemoteProofBody, StaffPensionerRow, Status } from './schema.ts';
import type { PensionService } from './service.ts';
import { selfRegistrationRoutes } from '../registration/routes.ts';

const PENSIONER = requireRole('pensionado');
const BODY_LIMIT = 16 * 1_048_576;
const Curp = Type.String({ minLength: 18, maxLength: 18, description: 'CURP' });
const Frame = Type.String({ minLength: 1, maxLength: 4_000_000, description: 'Foto JPEG/PNG en base64' });
/** `/api/pension`: self-registration, the pensioner's own status and proofs, clinic proofs, staff list. */
export const pensionRoutes: FastifyPluginAsyncTypebox<{ pension: PensionService; config: Config }> = async (app, { pension }) => {
  const tags = ['pensionados'];

  await app.register(
    selfRegistrationRoutes({
      tags,
      label: 'Registro',
      account: 'cuenta de pensionado',
      extraStartFields: {},
      start: (input) => pension.startRegistration(input),
      confirmCode: (curp, code) => pension.confirmCode(curp, code),
      setPassword: (curp, token, password) => pension.setPassword(curp, token, password),
    }),
  );

  app.get('/me', { preHandler: PENSIONER, schema: { tags, summary: 'Mi registro: paso, estado biométrico, próxima comprobación, historial', response: { 200: PensionerView } } }, async (request) =>
    pension.me(requireAuth(request).accountId),
  );

  app.post(
    '/me/consent',
    {
      preHandler: PENSIONER,
      schema: {
        tags,
        summary: 'Aviso de privacidad y consentimiento expreso para datos biométricos',
        body: Type.Object({ noticeVersion: Type.String({ minLength: 1, maxLength: 40 }), granted: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: PensionerView },
      },
    },
    async (request) => pension.consent(requireAuth(request).accountId, request.body),
  );

  app.post(
    '/me/face',
    {
      preHandler: PENSIONER,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Foto del rostro desde el teléfono: controles de calidad, búsqueda de duplicados 1:N',
        body: Type.Object({ frame: Frame }, { additionalProperties: false }),
        response: { 200: PensionerView },
      },
    },
    async (request) => pension.captureFace(requireAuth(request).accountId, request.body.frame),
  );

  app.post(
    '/me/proofs/challenge',
    {
      preHandler: PENSIONER,
      schema: {
        tags,
        summary: 'Reto de vida para comprobar supervivencia (un solo uso, 60 s)',
        response: { 201: ProofChallengeResponse },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return pension.proofChallenge(requireAuth(request).accountId);
    },
  );

  app.post(
    '/me/proofs',
    {
      preHandler: PENSIONER,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Comprobación de supervivencia remota: rostro 1:1 + reto de vida + detección pasiva',
        body: RemoteProofBody,
        response: { 200: ProofOutcome },
      },
    },
    async (request) => pension.remoteProof(requireAuth(request).accountId, request.body),
  );

  app.get(
    '/me/constancias/:folio',
    { preHandler: PENSIONER, schema: { tags, summary: 'Constancia de supervivencia (PDF)', params: Type.Object({ folio: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const pdf = await pension.constancia(requireAuth(request).accountId, request.params.folio, origin);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="constancia-${request.params.folio}.pdf"`).send(pdf);
    },
  );

  app.get(
    '/constancias/:folio',
    {
      schema: {
        tags,
        summary: 'Verificación pública de una constancia: solo folio válido, fecha y nombre enmascarado',
        params: Type.Object({ folio: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Object({ valid: Type.Boolean(), folio: Type.String(), date: Type.Union([Type.String(), Type.Null()]), maskedName: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => pension.publicCheck(request.params.folio),
  );

  app.post(
    '/clinic/proofs',
    {
      preHandler: requireRole('operador', 'supervisor'),
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Comprobación de supervivencia en clínica: huella capturada por el operador',
        body: Type.Object(
          {
            curp: Curp,
            stationId: Uuid('Estación de captura'),
            fingerReaderId: Uuid('Lector de huella'),
            fingers: Type.Array(Type.Object({ ...CaptureFields, position: Type.Integer({ minimum: 0, maximum: 10 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 10 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ProofOutcome },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return pension.clinicProof({ accountId: auth.accountId, actor: `account:${auth.accountId}` }, request.body);
    },
  );

  app.get(
    '/clinic/constancias/:folio',
    { preHandler: requireRole('operador', 'supervisor'), schema: { tags, summary: 'Constancia de supervivencia (PDF) para entregar en la clínica', params: Type.Object({ folio: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const pdf = await pension.constanciaForStaff(`account:${requireAuth(request).accountId}`, request.params.folio, origin);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="constancia-${request.params.folio}.pdf"`).send(pdf);
    },
  );

  app.get(
    '/staff/pensioners',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags,
        summary: 'Pensionados en riesgo o por vencer, por OOAD; ?format=csv para exportar',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Status, Type.Literal('todos')])),
          ooad: Type.Optional(Type.String({ minLength: 1, maxLength: 4 })),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
        // One 200 per media type: the JSON rows are serialized with their schema; the CSV string is sent as is.
        response: { 200: { content: { 'application/json': { schema: Type.Array(StaffPensionerRow) }, 'text/csv': { schema: Type.String() } } } },
      },
    },
    async (request, reply) => {
      const { status = 'todos', ooad, format = 'json' } = request.query;
      const statuses = status === 'todos' ? (['en_riesgo', 'por_vencer'] as const) : ([status] as const);
      const rows = await pension.staffList({ statuses: [...statuses], ooadCode: ooad ?? null }, `account:${requireAuth(request).accountId}`);
      if (format === 'json') return rows;
      const esc = (v: unknown) => `"${String(v ?? '').replaceAll('"', '""')}"`;
      const csv = ['curp,nombre,ooad,estado,vence,dias_restantes,estado_biometrico', ...rows.map((r) => [r.curp, r.name, r.ooadCode, r.status, r.nextDueDate, r.daysLeft, r.biometricStatus].map(esc).join(','))].join('\r\n');
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="pensionados-supervivencia.csv"').send(`\ufeff${csv}\r\n`);
    },
  );
};
