import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOrKiosk, requireRoleOrKiosk } from '../../http/kiosk-session.ts';
import { requireAuth, requireRole } from '../../http/session.ts';
import { ROLES } from '../accounts/roles.ts';
import { exportPdf } from './export-pdf.ts';
import { WITHDRAWAL_CONSEQUENCES, type PrivacyRightsService } from './rights-service.ts';
import { AccessEntry, ConsentView, Curp, HoldPlaced, HoldReleased, Kind, MyConsentView, NoticeView, OfficerQueue, PublicRetention, RequestView, RetentionCategory, RetentionChangeBody, RetentionSettingsView, Scope } from './schema.ts';
import type { PrivacyService } from './service.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Any logged-in person: "Mis datos" is about the account holder's own data, whatever their role. */
const ANY_PERSON = requireRole(...ROLES);
const OFFICER = requireRole('privacidad');
const WINDOW = requireRole('operador', 'supervisor');

export const privacyRoutes: FastifyPluginAsyncTypebox<{ privacy: PrivacyService; rights: PrivacyRightsService }> = async (app, { privacy, rights }) => {
  const tags = ['privacidad'];

  app.get(
    '/notice',
    {
      schema: {
        tags,
        summary: 'Aviso de privacidad vigente (archivo que edita la institución): integral o simplificado',
        querystring: Type.Object({ kind: Type.Optional(Type.Union([Type.Literal('integral'), Type.Literal('simplificado')])) }),
        response: { 200: NoticeView },
      },
    },
    async (request) => (request.query.kind === 'simplificado' ? privacy.simplifiedNotice() : privacy.notice()),
  );

  app.get(
    '/retention',
    { schema: { tags, summary: 'Plazos de conservación vigentes por categoría de datos (política de la institución y cambios del administrador)', response: { 200: PublicRetention } } },
    async () => {
      const view = await rights.retention.view();
      return { version: view.version, blockingDays: view.blockingDays, categories: Object.fromEntries(view.categories.map((c) => [c.category, { dias: c.dias, desde: c.desde, descripcion: c.descripcion }])) };
    },
  );

  app.get(
    '/retention/settings',
    { preHandler: requireRole('admin'), schema: { tags, summary: 'Plazos de conservación para el administrador: el de la política, el vigente y quién lo cambió', response: { 200: RetentionSettingsView } } },
    async () => rights.retention.view(),
  );

  app.put(
    '/retention/:category',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Cambia el plazo de conservación de una categoría (auditado); el plazo de la política lo restablece',
        params: Type.Object({ category: Type.String({ minLength: 1, maxLength: 60 }) }),
        body: RetentionChangeBody,
        response: { 200: RetentionCategory },
      },
    },
    async (request) => rights.retention.set(request.params.category, request.body.dias, request.body.reason, `account:${requireAuth(request).accountId}`),
  );

  app.post(
    '/consents',
    {
      preHandler: WINDOW,
      schema: {
        tags,
        summary: 'Registra en una estación el consentimiento expreso (u oposición) de una persona; el operador lo atestigua',
        body: Type.Object({ curp: Curp, scope: Scope, granted: Type.Boolean(), noticeVersion: Type.String({ minLength: 1, maxLength: 40 }), stationId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 201: ConsentView },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      reply.code(201);
      return rights.attestAtStation(request.body, `account:${auth.accountId}`);
    },
  );

  app.post(
    '/kiosk-consents',
    {
      preHandler: requireRoleOrKiosk('operador', 'supervisor'),
      schema: {
        tags,
        summary: 'Primer uso de un quiosco: la persona (por matrícula) acepta el aviso simplificado antes de la captura',
        body: Type.Object(
          { matricula: Type.String({ minLength: 1, maxLength: 20 }), ooadCode: Type.String({ minLength: 1, maxLength: 4 }), granted: Type.Boolean(), noticeVersion: Type.String({ minLength: 1, maxLength: 40 }), stationId: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        response: { 201: ConsentView },
      },
    },
    async (request, reply) => {
      const actor = actorOrKiosk(request, request.body.stationId);
      reply.code(201);
      return rights.consentAtKiosk(request.body, actor);
    },
  );

  app.get(
    '/consents/:curp',
    {
      preHandler: requireRole('operador', 'supervisor', 'admin', 'privacidad'),
      schema: {
        tags,
        summary: 'Historial de consentimientos de una persona (lectura auditada)',
        params: Type.Object({ curp: Curp }),
        querystring: Type.Object({ purpose: Type.String({ minLength: 3, maxLength: 200 }) }),
        response: { 200: Type.Array(ConsentView) },
      },
    },
    async (request) => privacy.history(request.params.curp, `account:${requireAuth(request).accountId}`, request.query.purpose),
  );

  // ── the person's own data ("Mis datos") ────────────────────────────────────────────────────

  app.get(
    '/me/consent',
    { preHandler: ANY_PERSON, schema: { tags, summary: 'Mi consentimiento biométrico vigente y las consecuencias de revocarlo', response: { 200: MyConsentView } } },
    async (request) => ({ current: await rights.myConsent(requireAuth(request).personId), consequences: WITHDRAWAL_CONSEQUENCES }),
  );

  app.post(
    '/me/consent',
    {
      preHandler: ANY_PERSON,
      schema: {
        tags,
        summary: 'Otorgo mi consentimiento expreso desde mi portal',
        body: Type.Object({ granted: Type.Literal(true), noticeVersion: Type.String({ minLength: 1, maxLength: 40 }), curp: Type.Optional(Curp) }, { additionalProperties: false }),
        response: { 201: ConsentView },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      reply.code(201);
      return rights.consentOwn(auth.personId, auth.accountId, request.body);
    },
  );

  app.post(
    '/me/consent/withdraw',
    {
      preHandler: ANY_PERSON,
      schema: {
        tags,
        summary: 'Revoco mi consentimiento biométrico (después de leer sus consecuencias); bloquea su uso de inmediato',
        body: Type.Object({ acknowledged: Type.Boolean(), noticeVersion: Type.String({ minLength: 1, maxLength: 40 }), curp: Type.Optional(Curp) }, { additionalProperties: false }),
        response: { 201: ConsentView },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      reply.code(201);
      return rights.withdraw(auth.personId, auth.accountId, request.body);
    },
  );

  app.get('/me/export.json', { preHandler: ANY_PERSON, schema: { tags, summary: 'Descarga completa de mis datos (JSON); nunca plantillas ni imágenes biométricas' } }, async (request, reply) => {
    const auth = requireAuth(request);
    const data = await rights.exportData(auth.personId, `account:${auth.accountId}`);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="mis-datos-${data.identity.curp}.json"`)
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/me/export.pdf', { preHandler: ANY_PERSON, schema: { tags, summary: 'Descarga completa de mis datos (PDF legible)' } }, async (request, reply) => {
    const auth = requireAuth(request);
    const data = await rights.exportData(auth.personId, `account:${auth.accountId}`);
    const pdf = await exportPdf(data);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="mis-datos-${data.identity.curp}.pdf"`).send(pdf);
  });

  app.get(
    '/me/accesses',
    { preHandler: ANY_PERSON, schema: { tags, summary: '¿Quién consultó mis datos? Cada lectura: cuándo, rol y unidad, finalidad', response: { 200: Type.Array(AccessEntry) } } },
    async (request) => {
      const auth = requireAuth(request);
      return rights.accesses(auth.personId, { accountId: auth.accountId });
    },
  );

  app.post(
    '/me/accesses/:seq/report',
    {
      preHandler: ANY_PERSON,
      schema: {
        tags,
        summary: '"No reconozco este acceso": abre un caso para la Unidad de Transparencia',
        params: Type.Object({ seq: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ description: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: RequestView },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      reply.code(201);
      return rights.reportAccess(auth.personId, auth.accountId, { seq: request.params.seq, description: request.body.description });
    },
  );

  app.get('/me/requests', { preHandler: ANY_PERSON, schema: { tags, summary: 'Mis solicitudes ARCO y su plazo', response: { 200: Type.Array(RequestView) } } }, async (request) =>
    rights.mine(requireAuth(request).personId),
  );

  app.post(
    '/me/requests',
    {
      preHandler: ANY_PERSON,
      schema: {
        tags,
        summary: 'Presento una solicitud ARCO sobre mis datos',
        body: Type.Object(
          { kind: Kind, description: Type.String({ minLength: 5, maxLength: 4000 }), evidence: Type.Optional(Type.String({ maxLength: 4000 })), curp: Type.Optional(Curp) },
          { additionalProperties: false },
        ),
        response: { 201: RequestView },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      reply.code(201);
      return rights.fileOwn(auth.personId, auth.accountId, request.body);
    },
  );

  // ── at a window, by an operator ─────────────────────────────────────────────────────────────

  app.post(
    '/requests',
    {
      preHandler: WINDOW,
      schema: {
        tags,
        summary: 'Registra en ventanilla una solicitud ARCO del titular (identificación oficial revisada)',
        body: Type.Object(
          { curp: Curp, kind: Kind, description: Type.String({ minLength: 5, maxLength: 4000 }), evidence: Type.Optional(Type.String({ maxLength: 4000 })), identityChecked: Type.Boolean(), stationId: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        response: { 201: RequestView },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return rights.fileAtWindow(request.body, `account:${requireAuth(request).accountId}`);
    },
  );

  // ── the privacy officer (unidad de transparencia) ───────────────────────────────────────────

  app.get('/requests', { preHandler: OFFICER, schema: { tags, summary: 'Bandeja de la Unidad de Transparencia: solicitudes con su plazo legal, conservaciones abiertas', response: { 200: OfficerQueue } } }, async (request) =>
    rights.queue(`account:${requireAuth(request).accountId}`),
  );

  app.post(
    '/requests/:id/answer',
    {
      preHandler: OFFICER,
      schema: {
        tags,
        summary: 'Responde una solicitud: procedente o improcedente, con sus motivos',
        params: Id,
        body: Type.Object({ decision: Type.Union([Type.Literal('procedente'), Type.Literal('improcedente')]), answer: Type.String({ minLength: 5, maxLength: 4000 }) }, { additionalProperties: false }),
        response: { 200: RequestView },
      },
    },
    async (request) => rights.answer(request.params.id, request.body, `account:${requireAuth(request).accountId}`),
  );

  app.post(
    '/requests/:id/execute',
    {
      preHandler: OFFICER,
      schema: { tags, summary: 'Hace efectiva una solicitud procedente (cancelación: bloqueo y supresión programada)', params: Id, body: Type.Object({ note: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }), response: { 200: RequestView } },
    },
    async (request) => rights.execute(request.params.id, request.body, `account:${requireAuth(request).accountId}`),
  );

  app.get(
    '/requests/:id/export.json',
    { preHandler: OFFICER, schema: { tags, summary: 'Descarga de los datos del titular para entregarla en ventanilla (solicitud de acceso procedente)', params: Id } },
    async (request, reply) => {
      const data = await rights.exportForRequest(request.params.id, `account:${requireAuth(request).accountId}`);
      return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
    },
  );

  app.post(
    '/holds',
    {
      preHandler: requireRole('privacidad', 'supervisor'),
      schema: { tags, summary: 'Abre una conservación por causa legal (p. ej. firma impugnada): impide la supresión', body: Type.Object({ curp: Curp, reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false }), response: { 201: HoldPlaced } },
    },
    async (request, reply) => {
      reply.code(201);
      return rights.placeHold(request.body, `account:${requireAuth(request).accountId}`);
    },
  );

  app.post('/holds/:id/release', { preHandler: OFFICER, schema: { tags, summary: 'Libera una conservación; las supresiones que bloqueaba vuelven a la cola', params: Id, response: { 200: HoldReleased } } }, async (request) =>
    rights.releaseHold(request.params.id, `account:${requireAuth(request).accountId}`),
  );
};
