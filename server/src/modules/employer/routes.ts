import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireAuth, requireRole } from '../../http/session.ts';
import { contributionsCsv, workersCsv } from './export-csv.ts';
import {
  ContributionsQuery,
  ContributionsResponse,
  CurpParams,
  EmployerResponse,
  MovementBody,
  MovementResponse,
  NewEmployerBody,
  RegistroParams,
  VigenciaResponse,
  WorkerParams,
  WorkerResponse,
} from './schema.ts';
import type { EmployerActor, EmployerService, MovementInput } from './service.ts';
import { Type } from 'typebox';
import escapeHtml from 'escape-html';

const PATRON_OR_STAFF = requireRole('patron', 'operador', 'supervisor', 'admin');

export function employerActor(request: FastifyRequest): EmployerActor {
  const auth = requireAuth(request);
  return { actor: `account:${auth.accountId}`, personId: auth.personId, role: auth.role };
}

export const employerRoutes: FastifyPluginAsyncTypebox<{ employer: EmployerService; publicBaseUrl: string | null }> = async (app, { employer, publicBaseUrl }) => {
  const tags = ['patrones'];
  const baseUrl = (request: FastifyRequest) => publicBaseUrl ?? `${request.protocol}://${request.host}`;
  const sendPdf = (reply: FastifyReply, issued: { folio: string; pdf: Buffer }) =>
    reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="constancia-${issued.folio}.pdf"`).send(issued.pdf);

  app.get(
    '/employer/workers/:curp/constancia',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'Constancia de Vigencia de Derechos (PDF firmado) de un trabajador del patrón', params: CurpParams } },
    async (request, reply) => {
      const who = employerActor(request);
      await employer.assertWorkerOf(who, request.params.curp);
      return sendPdf(reply, await employer.issueConstancia(request.params.curp, { actor: who.actor, purpose: 'constancia de vigencia de derechos para el patrón' }, baseUrl(request)));
    },
  );

  app.get(
    '/constancia',
    { schema: { tags, summary: 'Mi Constancia de Vigencia de Derechos (PDF firmado), para la persona asegurada' } },
    async (request, reply) => {
      const auth = requireAuth(request);
      const me = await employer.ownCurp(auth.personId, `account:${auth.accountId}`);
      return sendPdf(reply, await employer.issueConstancia(me, { actor: `account:${auth.accountId}`, purpose: 'constancia de vigencia de derechos (autoservicio)' }, baseUrl(request)));
    },
  );

  app.get(
    '/constancias/:folio/verificacion',
    { schema: { tags, summary: 'Página pública de verificación de una constancia (el QR lleva aquí)', params: Type.Object({ folio: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const found = await employer.verifyConstancia(request.params.folio);
      const body = found
        ? `<h1>Constancia ${escapeHtml(found.folio)}</h1><p><strong>${found.vigente ? 'VIGENTE' : 'NO VIGENTE'}</strong> al ${escapeHtml(found.date)}</p>
<p>Titular: ${escapeHtml(found.initials)} · Registro patronal: ${escapeHtml(found.registro ?? '—')} · UMF: ${escapeHtml(found.umf ?? '—')}</p>
<p>Emitida: ${escapeHtml(found.issuedAt)}</p><p>SHA-256 del PDF emitido: <code>${escapeHtml(found.sha256)}</code></p>
<p>El PDF lleva la firma electrónica del Instituto; su lector de PDF indica si fue modificado.</p>`
        : '<h1>Constancia no encontrada</h1><p>El folio no corresponde a ninguna constancia emitida.</p>';
      return reply
        .status(found ? 200 : 404)
        .header('content-type', 'text/html; charset=utf-8')
        .send(`<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>Verificación de constancia</title></head><body>${body}</body></html>`);
    },
  );

  app.post(
    '/employers',
    { preHandler: requireRole('admin'), schema: { tags, summary: 'Alta de un patrón con sus registros patronales', body: NewEmployerBody, response: { 201: Type.Object({ id: Type.String(), rfc: Type.String() }) } } },
    async (request, reply) => {
      const created = await employer.createEmployer(request.body, employerActor(request).actor);
      return reply.status(201).send({ id: created.id, rfc: created.rfc });
    },
  );

  app.get(
    '/employer',
    { preHandler: requireRole('patron'), schema: { tags, summary: 'El patrón de la sesión y sus registros patronales', response: { 200: EmployerResponse } } },
    async (request) => employer.employerOf(requireAuth(request).personId),
  );

  app.post(
    '/employer/registros/:registro/movements',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'Movimiento afiliatorio: alta (o reingreso), baja o modificación de salario', params: RegistroParams, body: MovementBody, response: { 201: MovementResponse } } },
    async (request, reply) => reply.status(201).send(await employer.registerMovement(employerActor(request), request.params.registro, request.body as MovementInput)),
  );

  app.get(
    '/employer/registros/:registro/workers',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'Trabajadores del registro patronal', params: RegistroParams, response: { 200: Type.Array(WorkerResponse) } } },
    async (request) => employer.listWorkers(employerActor(request), request.params.registro),
  );

  app.get(
    '/employer/registros/:registro/workers.csv',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'La misma relación de trabajadores en CSV', params: RegistroParams } },
    async (request, reply) => {
      const rows = await employer.listWorkers(employerActor(request), request.params.registro);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="trabajadores-${request.params.registro}.csv"`)
        .send(workersCsv(rows));
    },
  );

  app.get(
    '/employer/registros/:registro/workers/:curp/movements',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'Historial de movimientos de un trabajador en el registro', params: WorkerParams, response: { 200: Type.Array(MovementResponse) } } },
    async (request) => employer.workerHistory(employerActor(request), request.params.registro, request.params.curp),
  );

  app.get(
    '/employer/registros/:registro/contributions',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'Cuotas obrero-patronales del mes por trabajador y ramo', params: RegistroParams, querystring: ContributionsQuery, response: { 200: ContributionsResponse } } },
    async (request) => {
      const result = await employer.contributions(employerActor(request), request.params.registro, request.query.month);
      return {
        month: result.month,
        uma: result.parameters.uma,
        workers: result.workers.map((w) => ({ nss: w.nss, name: result.names[w.nss] ?? '', sbc: w.sbc, cesantiaVejezRate: w.cesantiaVejezRate, branches: w.branches })),
        totals: result.totals,
        total: result.total,
      };
    },
  );

  app.get(
    '/employer/registros/:registro/contributions.csv',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'Las mismas cuotas en CSV', params: RegistroParams, querystring: ContributionsQuery } },
    async (request, reply) => {
      const result = await employer.contributions(employerActor(request), request.params.registro, request.query.month);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cuotas-${request.params.registro}-${request.query.month}.csv"`)
        .send(contributionsCsv(result));
    },
  );

  app.get(
    '/employer/workers/:curp/vigencia',
    { preHandler: PATRON_OR_STAFF, schema: { tags, summary: 'Vigencia de derechos de un trabajador del patrón', params: CurpParams, response: { 200: VigenciaResponse } } },
    async (request) => {
      const who = employerActor(request);
      await employer.assertWorkerOf(who, request.params.curp);
      const v = await employer.vigencia(request.params.curp, { actor: who.actor, purpose: 'vigencia de derechos de un trabajador' });
      return {
        curp: v.person.curp,
        nss: v.nss,
        name: [v.person.givenNames, v.person.firstSurname, v.person.secondSurname].filter(Boolean).join(' '),
        date: v.date,
        vigente: v.vigente,
        reason: v.reason,
        from: v.from,
        to: v.to,
        employer: v.employer,
        umf: v.umf,
      };
    },
  );
};
