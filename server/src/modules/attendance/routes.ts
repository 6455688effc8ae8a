import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Executor } from '../../db/database.ts';
import { actorOrKiosk, requireRoleOrKiosk } from '../../http/kiosk-session.ts';
import { requireAuth, requireRole } from '../../http/session.ts';
import { personInActorsOoad } from '../accounts/scope.ts';
import type { Actor } from '../audit/service.ts';
import { quincenaCsv } from './export-csv.ts';
import { quincenaPdf } from './export-pdf.ts';
import {
  AssignmentBody,
  AssignmentResponse,
  CalendarBody,
  CalendarParams,
  CalendarResponse,
  CalendarYearParams,
  CheckBody,
  CheckResponse,
  DecisionBody,
  EmployeeQuincenaParams,
  IdParams,
  JustificationBody,
  JustificationResponse,
  KioskKeyBody,
  OfflineCheckBody,
  PurposeQuery,
  QuincenaParams,
  QuincenaResponse,
  ShiftBody,
  ShiftResponse,
  StationParams,
} from './schema.ts';
import type { AttendanceService, QuincenaAttendance } from './service.ts';

/** IMSS staff have a jornada and see their own quincena. */
const STAFF = requireRole('empleado', 'operador', 'supervisor', 'admin');
/** There is no kiosk role yet: kiosks run under an operator account (as verification does). */
const KIOSK = requireRoleOrKiosk('operador', 'supervisor');
const SUPERVISOR = requireRole('supervisor');
const MANAGERS = requireRole('supervisor', 'admin');
const ADMIN = requireRole('admin');
/** Supervisors and admins read only the staff of their own OOAD (issue 19 item 17). */
const IN_OOAD = personInActorsOoad('personId');
const OWN_PURPOSE = 'consulta de la propia asistencia';

export const attendanceRoutes: FastifyPluginAsyncTypebox<{ attendance: AttendanceService }> = async (app, { attendance }) => {
  const tags = ['asistencia'];
  const actorOf = (request: Parameters<typeof requireAuth>[0]): Actor => `account:${requireAuth(request).accountId}`;

  // ── the logged-in employee's own quincena ────────────────────────────────────────────────
  app.get(
    '/quincenas/:id',
    { preHandler: STAFF, schema: { tags, summary: 'Mi asistencia de una quincena: días, incidencias y totales', params: QuincenaParams, response: { 200: QuincenaResponse } } },
    async (request) => {
      const auth = requireAuth(request);
      return attendance.quincena(auth.personId, request.params.id, { actor: actorOf(request), purpose: OWN_PURPOSE });
    },
  );
  app.get(
    '/quincenas/:id/export.csv',
    { preHandler: STAFF, schema: { tags, summary: 'Mi asistencia de una quincena en CSV', params: QuincenaParams } },
    async (request, reply) => {
      const auth = requireAuth(request);
      return sendCsv(reply, await attendance.quincena(auth.personId, request.params.id, { actor: actorOf(request), purpose: OWN_PURPOSE }, 'csv'));
    },
  );
  app.get(
    '/quincenas/:id/export.pdf',
    { preHandler: STAFF, schema: { tags, summary: 'Mi asistencia de una quincena en PDF', params: QuincenaParams } },
    async (request, reply) => {
      const auth = requireAuth(request);
      return sendPdf(reply, await attendance.quincena(auth.personId, request.params.id, { actor: actorOf(request), purpose: OWN_PURPOSE }, 'pdf'));
    },
  );

  // ── supervisors: an employee's quincena, with the purpose in the audit log ──────────────────
  app.get(
    '/employees/:personId/quincenas/:id',
    { preHandler: [MANAGERS, IN_OOAD], schema: { tags, summary: 'Asistencia de una persona trabajadora (la finalidad queda en la bitácora)', params: EmployeeQuincenaParams, querystring: PurposeQuery, response: { 200: QuincenaResponse } } },
    async (request) => attendance.quincena(request.params.personId, request.params.id, { actor: actorOf(request), purpose: request.query.purpose }),
  );
  app.get(
    '/employees/:personId/quincenas/:id/export.csv',
    { preHandler: [MANAGERS, IN_OOAD], schema: { tags, summary: 'Asistencia de una persona trabajadora en CSV', params: EmployeeQuincenaParams, querystring: PurposeQuery } },
    async (request, reply) =>
      sendCsv(reply, await attendance.quincena(request.params.personId, request.params.id, { actor: actorOf(request), purpose: request.query.purpose }, 'csv')),
  );
  app.get(
    '/employees/:personId/quincenas/:id/export.pdf',
    { preHandler: [MANAGERS, IN_OOAD], schema: { tags, summary: 'Asistencia de una persona trabajadora en PDF', params: EmployeeQuincenaParams, querystring: PurposeQuery } },
    async (request, reply) =>
      sendPdf(reply, await attendance.quincena(request.params.personId, request.params.id, { actor: actorOf(request), purpose: request.query.purpose }, 'pdf')),
  );

  // ── kiosk readings ───────────────────────────────────────────────────────────────────────
  app.post(
    '/check',
    {
      preHandler: KIOSK,
      schema: {
        tags,
        summary: 'Registra una lectura de asistencia tras la verificación biométrica (idempotente por clave)',
        body: CheckBody,
        response: { 200: CheckResponse, 201: CheckResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOrKiosk(request, request.body.stationId);
      const result = await attendance.recordCheck(request.body, actor);
      const outcome = await attendance.readingOutcome(result.record.personId, result.record.id, result.record.capturedAt, actor);
      return reply.status(result.replayed ? 200 : 201).send({ ...result, ...outcome });
    },
  );
  app.post(
    '/check/offline',
    {
      preHandler: KIOSK,
      // Carries the kept capture (an image from a hardware reader can be a few MB in base64).
      bodyLimit: 12 * 1_048_576,
      schema: {
        tags,
        summary: 'Registra una captura que un quiosco guardó sin conexión: el servidor la coteja ahora con la persona indicada',
        body: OfflineCheckBody,
        response: { 200: CheckResponse, 201: CheckResponse },
      },
    },
    async (request, reply) => {
      // A paired kiosk sends its kept captures on its station session, like its online readings.
      const result = await attendance.recordOfflineCheck(request.body, actorOrKiosk(request, request.body.capture.stationId));
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );
  app.put(
    '/stations/:stationId/kiosk-key',
    { preHandler: ADMIN, schema: { tags, summary: 'Registra la llave pública con la que firma un quiosco', params: StationParams, body: KioskKeyBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await attendance.registerKioskKey(request.params.stationId, request.body.publicKey, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  // ── justifications ───────────────────────────────────────────────────────────────────────
  app.post(
    '/justifications',
    {
      preHandler: STAFF,
      // A 2 MB attachment is ~2.7 MB in base64, above the 1 MB default.
      bodyLimit: 4 * 1_048_576,
      schema: { tags, summary: 'Solicita la justificación de una incidencia propia (con comprobante PDF o JPEG opcional, guardado cifrado)', body: JustificationBody, response: { 201: JustificationResponse } },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { effect = 'cancelar', ...rest } = request.body;
      return reply.status(201).send(await attendance.requestJustification(auth.personId, { ...rest, effect }, actorOf(request)));
    },
  );
  app.get(
    '/justifications/:id/attachments/:attachmentId',
    {
      preHandler: STAFF,
      schema: {
        tags,
        summary: 'Descarga el comprobante de una justificación (la persona que la pidió, supervisor o admin; consulta auditada)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const scope = (trx: Executor, personId: string) => request.server.services.accounts.assertInScope(auth, { personId }, trx);
      const file = await attendance.attachment(request.params.id, request.params.attachmentId, { personId: auth.personId, role: auth.role, actor: actorOf(request) }, scope);
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );
  app.get(
    '/justifications/pending',
    { preHandler: SUPERVISOR, schema: { tags, summary: 'Justificaciones por resolver', response: { 200: Type.Array(JustificationResponse) } } },
    async (request) => {
      const auth = requireAuth(request);
      // Supervisors and admins see the justifications of their own OOAD only (issue 19 item 17).
      return attendance.pendingJustifications({ actor: actorOf(request), purpose: 'revisión de justificaciones de asistencia' }, (trx, ids) => request.server.services.accounts.peopleInScope(auth, ids, trx));
    },
  );
  app.post(
    '/justifications/:id/decision',
    { preHandler: SUPERVISOR, schema: { tags, summary: 'Aprueba o rechaza una justificación', params: IdParams, body: DecisionBody, response: { 200: JustificationResponse } } },
    async (request) => {
      const auth = requireAuth(request);
      const scope = (trx: Executor, personId: string) => request.server.services.accounts.assertInScope(auth, { personId }, trx);
      return attendance.decideJustification(request.params.id, request.body, { accountId: auth.accountId, personId: auth.personId }, scope);
    },
  );

  // ── shifts, assignments, calendar ────────────────────────────────────────────────────────
  app.get('/shifts', { preHandler: STAFF, schema: { tags, summary: 'Jornadas definidas', response: { 200: Type.Array(ShiftResponse) } } }, async () => attendance.listShifts());
  app.post(
    '/shifts',
    { preHandler: MANAGERS, schema: { tags, summary: 'Define una jornada (horario, días, tolerancia, límite para falta)', body: ShiftBody, response: { 201: ShiftResponse } } },
    async (request, reply) => reply.status(201).send(await attendance.createShift(request.body, actorOf(request))),
  );
  app.post(
    '/assignments',
    { preHandler: MANAGERS, schema: { tags, summary: 'Asigna una jornada a una persona a partir de una fecha', body: AssignmentBody, response: { 201: AssignmentResponse } } },
    async (request, reply) => reply.status(201).send(await attendance.assignShift(request.body, actorOf(request))),
  );
  app.get(
    '/calendar/:year',
    { preHandler: STAFF, schema: { tags, summary: 'Días de descanso obligatorio (LFT art. 74) e inhábiles de la institución', params: CalendarYearParams, response: { 200: CalendarResponse } } },
    async (request) => attendance.calendar(request.params.year),
  );
  app.put(
    '/calendar/:date',
    { preHandler: ADMIN, schema: { tags, summary: 'Declara un día inhábil o de descanso obligatorio (p. ej. jornada electoral)', params: CalendarParams, body: CalendarBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await attendance.setCalendarDay({ date: request.params.date, ...request.body }, actorOf(request));
      return reply.status(204).send(null);
    },
  );
};

function sendCsv(reply: FastifyReply, report: QuincenaAttendance) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="asistencia-${report.quincena.id}.csv"`)
    .send(quincenaCsv(report));
}

async function sendPdf(reply: FastifyReply, report: QuincenaAttendance) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="asistencia-${report.quincena.id}.pdf"`)
    .send(await quincenaPdf(report));
}
