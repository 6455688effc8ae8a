import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { actorOrKiosk, requireRoleOrKiosk } from '../../http/kiosk-session.ts';
import { requireAuth, requireRole } from '../../http/session.ts';
import type { VerificationPurpose } from '../biometric-store/biometric-config.ts';
import { AppError } from '../../shared/app-error.ts';
import { Uuid } from '../readers/schema.ts';
import { AtStation, ChallengeResponse, FingerImageQuery, IdentifyResponse, KioskChallengeResponse, ProbeFields, Purpose, StaffVerifyBody, StaffVerifyResponse, VerifyResponse } from './schema.ts';
import type { StaffDirectory, VerificationService } from './service.ts';

/** Counter staff verify; there is no kiosk role yet, so kiosks run under an operator account. */
const VERIFIERS = requireRole('operador', 'supervisor');
/** The attendance kiosk's routes: counter staff, or a paired kiosk at its own station. */
const KIOSK_VERIFIERS = requireRoleOrKiosk('operador', 'supervisor');
const BODY_LIMIT = 16 * 1_048_576;
/** One finger's image file, uploaded as it is (a 500 dpi plain capture is well under 1 MB). */
const IMAGE_BODY_LIMIT = 8 * 1_048_576;
/** The types a scanner bridge may declare for a finger image; the format is read from the bytes. */
const IMAGE_TYPES = ['application/octet-stream', 'image/png', 'image/bmp', 'image/tiff', 'image/jpeg', 'image/x-wsq'];

// The schema's literal list of purposes must be the configuration's list.
const _samePurposes: Static<typeof Purpose> extends VerificationPurpose ? (VerificationPurpose extends Static<typeof Purpose> ? true : never) : never = true;

/** `staff` is the accounts module's matrícula lookup: the accounts module stays its only owner. */
export const verificationRoutes: FastifyPluginAsyncTypebox<{ verification: VerificationService; staff: StaffDirectory }> = async (app, options) => {
  const { verification, staff } = options;
  const tags = ['biometría'];

  app.post(
    '/verify',
    {
      preHandler: VERIFIERS,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Verificación 1:1 de una persona (huella, rostro o ambos, con fusión de puntajes)',
        body: Type.Object({ curp: Type.String({ minLength: 1, maxLength: 40 }), ...ProbeFields, ...AtStation }, { additionalProperties: false }),
        response: { 200: VerifyResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { curp, ...probe } = request.body;
      return verification.verify(curp, probe, `account:${auth.accountId}`);
    },
  );

  // Binary bodies for the image route below only (this plugin's scope): kept as a Buffer, never
  // turned into a string. A base64 image in a JSON body costs the event loop ~2.5 ms per 220 kB
  // (string decode and JSON.parse, measured) and leaves large strings for the garbage collector.
  app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: IMAGE_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/verify/finger-image',
    {
      preHandler: VERIFIERS,
      bodyLimit: IMAGE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Verificación 1:1 con la imagen de una huella enviada tal cual (PNG, BMP, TIFF, JPEG o WSQ en el cuerpo, sin base64); los demás datos en la consulta',
        querystring: FingerImageQuery,
        response: { 200: VerifyResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError('IMAGE_BODY_REQUIRED', `Envíe la imagen de la huella en el cuerpo de la solicitud, con Content-Type ${IMAGE_TYPES.join(', ')}.`, 415);
      }
      const { curp, purpose, fingerReaderId, position, dpi, stationId } = request.query;
      return verification.verify(curp, { purpose, fingerReaderId, stationId, fingers: [{ position, dpi, imageBytes: request.body }] }, `account:${auth.accountId}`);
    },
  );

  app.post(
    '/liveness/challenges',
    {
      preHandler: VERIFIERS,
      schema: {
        tags,
        summary: 'Emite un reto de vida activo (girar, parpadear, sonreír) para una persona y finalidad: un solo uso, vence en 60 s',
        body: Type.Object({ curp: Type.String({ minLength: 1, maxLength: 40 }), purpose: Purpose }, { additionalProperties: false }),
        response: {
          201: ChallengeResponse,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      reply.code(201);
      return verification.issueChallenge(request.body.curp, request.body.purpose, `account:${auth.accountId}`);
    },
  );

  app.post(
    '/liveness/challenges/matricula',
    {
      preHandler: KIOSK_VERIFIERS,
      schema: {
        tags,
        summary: 'Reto de vida activo para el rostro en el quiosco, emitido para el personal de esa matrícula: un solo uso, vence en 60 s',
        body: Type.Object(
          {
            matricula: Type.String({ pattern: '^\\s*\\d{4,12}\\s*$', description: 'Matrícula IMSS (solo dígitos)' }),
            ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4, description: 'OOAD de la matrícula, si la estación no tiene una' }), Type.Null()])),
            stationId: Uuid('Estación del quiosco'),
            purpose: Purpose,
          },
          { additionalProperties: false },
        ),
        response: { 201: KioskChallengeResponse },
      },
    },
    async (request, reply) => {
      const { matricula, ooadCode, stationId, purpose } = request.body;
      reply.code(201);
      return verification.issueChallengeByMatricula({ matricula, ooadCode, stationId }, purpose, actorOrKiosk(request, stationId), staff);
    },
  );

  app.post(
    '/verify/matricula',
    {
      preHandler: KIOSK_VERIFIERS,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Verificación 1:1 del personal por matrícula (quiosco de asistencia); la OOAD es la de la estación o, si no tiene, la indicada',
        body: StaffVerifyBody,
        response: { 200: StaffVerifyResponse },
      },
    },
    async (request) => {
      const { matricula, ooadCode, stationId, ...probe } = request.body;
      // A paired kiosk is unattended: its face needs the challenge (issue 19 item 2).
      return verification.verifyByMatricula({ matricula, ooadCode, stationId }, { ...probe, unattended: request.kiosk !== null }, actorOrKiosk(request, stationId), staff);
    },
  );

  app.post(
    '/identify',
    {
      preHandler: KIOSK_VERIFIERS,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Identificación 1:N contra la galería; el umbral de huellas sale de la FPIR objetivo y del tamaño de la galería',
        body: Type.Object({ ...ProbeFields, ...AtStation }, { additionalProperties: false }),
        response: {
          200: IdentifyResponse,
        },
      },
    },
    async (request) => verification.identify({ ...request.body, unattended: request.kiosk !== null }, actorOrKiosk(request)),
  );
};
