import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { actorOrKiosk, requireRoleOrKiosk } from '../../http/kiosk-session.ts';
import { requireAuth, requireRole } from '../../http/session.ts';
import type { VerificationPurpose } from '../biometric-store/biometric-config.ts';
import { OperatingPointResponse } from '../enrollment/schema.ts';
import { CaptureBody, CaptureFields, Uuid } from '../readers/schema.ts';
import type { StaffDirectory, VerificationService } from './service.ts';

/** Counter staff verify; there is no kiosk role yet, so kiosks run under an operator account. */
const VERIFIERS = requireRole('operador', 'supervisor');
/** The attendance kiosk's routes: counter staff, or a paired kiosk at its own station. */
const KIOSK_VERIFIERS = requireRoleOrKiosk('operador', 'supervisor');
const BODY_LIMIT = 16 * 1_048_576;

const Purpose = Type.Union([Type.Literal('asistencia'), Type.Literal('supervivencia'), Type.Literal('firma'), Type.Literal('kiosco')], {
  description: 'Finalidad: define los umbrales y queda en la bitácora',
});
// The literal list above must be the configuration's list of purposes.
const _samePurposes: Static<typeof Purpose> extends VerificationPurpose ? (VerificationPurpose extends Static<typeof Purpose> ? true : never) : never = true;
const FingerProbe = Type.Object(
  { ...CaptureFields, position: Type.Integer({ description: 'Código ISO 1–10, o 0 si no se sabe qué dedo' }) },
  { additionalProperties: false },
);

export const ProbeFields = {
  purpose: Purpose,
  fingerReaderId: Type.Optional(Uuid('Lector de huella')),
  faceReaderId: Type.Optional(Uuid('Lector de rostro')),
  fingers: Type.Optional(Type.Array(FingerProbe, { maxItems: 10 })),
  face: Type.Optional(CaptureBody),
  liveness: Type.Optional(
    Type.Object(
      {
        challengeId: Uuid('Reto de vida emitido por POST /liveness/challenges para esta persona y finalidad'),
        frames: Type.Array(Type.String({ minLength: 1, maxLength: 2_000_000, description: 'Cuadro JPEG/PNG en base64' }), { minItems: 1, maxItems: 150 }),
      },
      { additionalProperties: false, description: 'Obligatorio con rostro para supervivencia, firma y quiosco' },
    ),
  ),
};
/** verify (by CURP) and identify: where the person stands, so that a match there yields a grant. */
const AtStation = { stationId: Type.Optional(Uuid('Estación donde está la persona: con coincidencia se emite un verificationId de un solo uso')) };
const GrantField = {
  verificationId: Type.Union([Type.String(), Type.Null()], { description: 'Comprobante de un solo uso y corta vigencia (2 min) de la coincidencia en esa estación; null sin coincidencia o sin estación' }),
};

const ModalityResult = (extra = {}) => Type.Union([Type.Object({ score: Type.Number(), threshold: Type.Number(), ...extra }), Type.Null()]);

const VerificationFields = {
  personId: Type.String(),
  purpose: Purpose,
  decision: Type.Union([Type.Literal('coincide'), Type.Literal('no_coincide')]),
  score: Type.Number(),
  threshold: Type.Number(),
  finger: ModalityResult({ fingers: Type.Array(Type.Object({ position: Type.Integer(), matchedPosition: Type.Union([Type.Integer(), Type.Null()]), score: Type.Number() })) }),
  face: ModalityResult(),
  liveness: Type.Optional(
    Type.Object({
      challengeId: Type.String(),
      steps: Type.Array(Type.String()),
      challenge: Type.Object({ decision: Type.Union([Type.Literal('pass'), Type.Literal('fail')]), reasons: Type.Array(Type.String()) }),
      passive: Type.Object({ passed: Type.Union([Type.Boolean(), Type.Null()]) }, { additionalProperties: true }),
      passed: Type.Boolean(),
    }),
  ),
  ...GrantField,
};

const ChallengeSteps = Type.Array(Type.Union([Type.Literal('turn-left'), Type.Literal('turn-right'), Type.Literal('blink'), Type.Literal('smile')]));

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
        response: { 200: Type.Object(VerificationFields) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { curp, ...probe } = request.body;
      return verification.verify(curp, probe, `account:${auth.accountId}`);
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
          201: Type.Object({ id: Type.String(), personId: Type.String(), purpose: Purpose, steps: ChallengeSteps, nonce: Type.String(), expiresAt: Type.String() }),
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
        response: { 201: Type.Object({ id: Type.String(), purpose: Purpose, steps: ChallengeSteps, expiresAt: Type.String() }) },
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
        body: Type.Object(
          {
            matricula: Type.String({ pattern: '^\\s*\\d{4,12}\\s*$', description: 'Matrícula IMSS (solo dígitos)' }),
            ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4, description: 'OOAD de la matrícula, si la estación no tiene una' }), Type.Null()])),
            stationId: Uuid('Estación del quiosco'),
            ...ProbeFields,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ ...VerificationFields, ooadCode: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }) },
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
          200: Type.Object({
            purpose: Purpose,
            decision: Type.Union([Type.Literal('identificado'), Type.Literal('no_identificado'), Type.Literal('no_concluyente')]),
            candidates: Type.Array(
              Type.Object({
                personId: Type.String(),
                curp: Type.Union([Type.String(), Type.Null()]),
                score: Type.Number(),
                fingerScore: Type.Union([Type.Number(), Type.Null()]),
                faceScore: Type.Union([Type.Number(), Type.Null()]),
              }),
            ),
            ...GrantField,
            operatingPoint: OperatingPointResponse,
          }),
        },
      },
    },
    async (request) => verification.identify({ ...request.body, unattended: request.kiosk !== null }, actorOrKiosk(request)),
  );
};
