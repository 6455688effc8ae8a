import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireAuth, requireRole, type AuthContext } from '../../http/session.ts';
import { PurposeQuery } from '../identity/schema.ts';
import { CaptureBody, Uuid } from '../readers/schema.ts';
import {
  AdjudicationBody,
  DecidedQuery,
  DecidedResponse,
  EvidenceQuery,
  EvidenceResponse,
  CaptureResponse,
  AdjudicationResponse,
  EnrollmentResponse,
  FingerParams,
  OpenSessionBody,
  PendingResponse,
  SelectReaderBody,
  SessionParams,
  SessionResponse,
  StatusResponse,
  UnavailableBody,
} from './schema.ts';
import type { EnrollmentService, Operator } from './service.ts';

/** Operators enroll (supervisors may stand in); only supervisors adjudicate. */
const ENROLLERS = requireRole('operador', 'supervisor');
const SUPERVISOR = requireRole('supervisor');
const STAFF = requireRole('operador', 'supervisor', 'admin');
/** Captures carry images: a 500 dpi print or a face photo in base64 is far above the 1 MB default. */
const CAPTURE_BODY_LIMIT = 12 * 1_048_576;

/**
 * A supervisor adjudicates only enrollments of people in their OOAD (issue 19 item 17): staff of
 * another OOAD answer 403 OUT_OF_OOAD_SCOPE; people without a staff OOAD are in every scope.
 */
const ENROLLMENT_IN_SCOPE = async (request: FastifyRequest): Promise<void> => {
  const { enrollmentId } = request.params as { enrollmentId?: string };
  if (!enrollmentId) return;
  const personId = await request.server.services.enrollment.enrolledPersonId(enrollmentId);
  if (personId) await request.server.services.accounts.assertInScope(requireAuth(request), { personId });
};

function operator(auth: AuthContext): Operator {
  return { actor: `account:${auth.accountId}`, accountId: auth.accountId, role: auth.role, personId: auth.personId };
}

export const enrollmentRoutes: FastifyPluginAsyncTypebox<{ enrollment: EnrollmentService }> = async (app, { enrollment }) => {
  const tags = ['biometría'];

  app.post('/sessions', { preHandler: ENROLLERS, schema: { tags, summary: 'Abre una sesión de captura para una persona', body: OpenSessionBody, response: { 201: SessionResponse } } }, async (request, reply) =>
    reply.status(201).send(await enrollment.openSession(request.body, operator(requireAuth(request)))),
  );

  app.get('/sessions/:sessionId', { preHandler: ENROLLERS, schema: { tags, summary: 'Estado de la sesión y de sus capturas', params: SessionParams, response: { 200: SessionResponse } } }, async (request) =>
    enrollment.getSession(request.params.sessionId, operator(requireAuth(request))),
  );

  app.post(
    '/sessions/:sessionId/reader',
    { preHandler: ENROLLERS, schema: { tags, summary: 'Selecciona el lector (huella o rostro) de la sesión', params: SessionParams, body: SelectReaderBody, response: { 200: SessionResponse } } },
    async (request) => enrollment.selectReader(request.params.sessionId, request.body.readerId, operator(requireAuth(request))),
  );

  app.post(
    '/sessions/:sessionId/fingers/:position',
    { preHandler: ENROLLERS, bodyLimit: CAPTURE_BODY_LIMIT, schema: { tags, summary: 'Captura o recaptura un dedo (código ISO 1–10)', params: FingerParams, body: CaptureBody, response: { 201: CaptureResponse } } },
    async (request, reply) =>
      reply.status(201).send(await enrollment.captureFinger(request.params.sessionId, request.params.position, request.body, operator(requireAuth(request)))),
  );

  app.post(
    '/sessions/:sessionId/fingers/:position/unavailable',
    { preHandler: ENROLLERS, schema: { tags, summary: 'Registra un dedo no disponible (amputación, lesión…)', params: FingerParams, body: UnavailableBody, response: { 201: CaptureResponse } } },
    async (request, reply) =>
      reply.status(201).send(await enrollment.markFingerUnavailable(request.params.sessionId, request.params.position, request.body.reason, operator(requireAuth(request)))),
  );

  app.post(
    '/sessions/:sessionId/face',
    { preHandler: ENROLLERS, bodyLimit: CAPTURE_BODY_LIMIT, schema: { tags, summary: 'Captura o recaptura el rostro', params: SessionParams, body: CaptureBody, response: { 201: CaptureResponse } } },
    async (request, reply) => reply.status(201).send(await enrollment.captureFace(request.params.sessionId, request.body, operator(requireAuth(request)))),
  );

  app.post('/sessions/:sessionId/cancel', { preHandler: ENROLLERS, schema: { tags, summary: 'Cancela la sesión y borra sus capturas', params: SessionParams, response: { 200: SessionResponse } } }, async (request) =>
    enrollment.cancelSession(request.params.sessionId, operator(requireAuth(request))),
  );

  app.post(
    '/sessions/:sessionId/complete',
    { preHandler: ENROLLERS, schema: { tags, summary: 'Concluye el enrolamiento: deduplicación 1:N y registro versionado', params: SessionParams, response: { 201: EnrollmentResponse } } },
    async (request, reply) => reply.status(201).send(await enrollment.complete(request.params.sessionId, operator(requireAuth(request)))),
  );

  app.get('/adjudications', { preHandler: SUPERVISOR, schema: { tags, summary: 'Enrolamientos pendientes de adjudicación (los de la OOAD del supervisor)', response: { 200: PendingResponse } } }, async (request) => {
    const auth = requireAuth(request);
    return enrollment.listPending(operator(auth), (ids) => request.server.services.accounts.peopleInScope(auth, ids));
  });

  app.post(
    '/enrollments/:enrollmentId/adjudication',
    {
      preHandler: [SUPERVISOR, ENROLLMENT_IN_SCOPE],
      schema: { tags, summary: 'Decide un posible duplicado (misma persona, fraude o personas distintas); surte efecto cuando un segundo supervisor toma la misma decisión', params: Type.Object({ enrollmentId: Uuid('Enrolamiento') }), body: AdjudicationBody, response: { 200: AdjudicationResponse } },
    },
    async (request) => enrollment.adjudicate(request.params.enrollmentId, request.body, operator(requireAuth(request))),
  );

  app.get(
    '/enrollments/:enrollmentId/evidence',
    {
      preHandler: [SUPERVISOR, ENROLLMENT_IN_SCOPE],
      schema: {
        tags,
        summary: 'Evidencia para adjudicar: ambos rostros y las huellas coincidentes con sus minucias emparejadas (consulta auditada)',
        params: Type.Object({ enrollmentId: Uuid('Enrolamiento') }),
        querystring: EvidenceQuery,
        response: { 200: EvidenceResponse },
      },
    },
    async (request) => enrollment.evidence(request.params.enrollmentId, request.query.candidate, operator(requireAuth(request))),
  );

  app.get(
    '/adjudications/decided',
    { preHandler: SUPERVISOR, schema: { tags, summary: 'Decisiones de adjudicación ya tomadas: quién, qué y por qué', querystring: DecidedQuery, response: { 200: DecidedResponse } } },
    async (request) => {
      const auth = requireAuth(request);
      return enrollment.decided(request.query.limit ?? 50, (ids) => request.server.services.accounts.peopleInScope(auth, ids));
    },
  );

  app.get(
    '/people/:curp/status',
    { preHandler: STAFF, schema: { tags, summary: 'Estado biométrico e historial de enrolamientos (consulta auditada)', params: Type.Object({ curp: Type.String({ minLength: 1, maxLength: 40 }) }), querystring: PurposeQuery, response: { 200: StatusResponse } } },
    async (request) => {
      const auth = requireAuth(request);
      return enrollment.statusOf(request.params.curp, { actor: `account:${auth.accountId}`, purpose: request.query.purpose });
    },
  );
};
