import { Type, type Static } from 'typebox';
import { OperatingPointResponse } from '../enrollment/schema.ts';
import { CaptureBody, CaptureFields, Uuid } from '../readers/schema.ts';

/**
 * Wire schemas of /api/biometrics verify, identify and liveness (verification/routes.ts); their
 * `Static` types are what the web imports (type-only).
 */
export const Purpose = Type.Union([Type.Literal('asistencia'), Type.Literal('supervivencia'), Type.Literal('firma'), Type.Literal('kiosco')], {
  description: 'Finalidad: define los umbrales y queda en la bitácora',
});
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
export const AtStation = { stationId: Type.Optional(Uuid('Estación donde está la persona: con coincidencia se emite un verificationId de un solo uso')) };
/** POST /verify/finger-image: everything but the image, which is the body. */
export const FingerImageQuery = Type.Object(
  {
    curp: Type.String({ minLength: 1, maxLength: 40 }),
    purpose: Purpose,
    fingerReaderId: Uuid('Lector de huella (tipo "archivo")'),
    position: Type.Integer({ minimum: 0, maximum: 10, description: 'Código ISO 1–10, o 0 si no se sabe qué dedo' }),
    dpi: CaptureFields.dpi,
    ...AtStation,
  },
  { additionalProperties: false },
);
const GrantField = {
  verificationId: Type.Union([Type.String(), Type.Null()], { description: 'Comprobante de un solo uso y corta vigencia (2 min) de la coincidencia en esa estación; null sin coincidencia o sin estación' }),
};

const ModalityResult = (extra = {}) => Type.Union([Type.Object({ score: Type.Number(), threshold: Type.Number(), ...extra }), Type.Null()]);

export const VerificationFields = {
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

export const ChallengeSteps = Type.Array(Type.Union([Type.Literal('turn-left'), Type.Literal('turn-right'), Type.Literal('blink'), Type.Literal('smile')]));

export const VerifyResponse = Type.Object(VerificationFields);
export type VerifyResponse = Static<typeof VerifyResponse>;
/** POST /verify/matricula: the kiosk's 1:1 of a staff member by matrícula (its Static type is the web kiosk's probe). */
export const StaffVerifyBody = Type.Object(
  {
    matricula: Type.String({ pattern: '^\\s*\\d{4,12}\\s*$', description: 'Matrícula IMSS (solo dígitos)' }),
    ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4, description: 'OOAD de la matrícula, si la estación no tiene una' }), Type.Null()])),
    stationId: Uuid('Estación del quiosco'),
    ...ProbeFields,
  },
  { additionalProperties: false },
);
export type StaffVerifyBody = Static<typeof StaffVerifyBody>;
export const StaffVerifyResponse = Type.Object({ ...VerificationFields, ooadCode: Type.String(), name: Type.Union([Type.String(), Type.Null()]) });
export type StaffVerifyResponse = Static<typeof StaffVerifyResponse>;
export const ChallengeResponse = Type.Object({ id: Type.String(), personId: Type.String(), purpose: Purpose, steps: ChallengeSteps, nonce: Type.String(), expiresAt: Type.String() });
export type ChallengeResponse = Static<typeof ChallengeResponse>;
export const KioskChallengeResponse = Type.Object({ id: Type.String(), purpose: Purpose, steps: ChallengeSteps, expiresAt: Type.String() });
export type KioskChallengeResponse = Static<typeof KioskChallengeResponse>;
export const IdentifyResponse = Type.Object({
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
});
export type IdentifyResponse = Static<typeof IdentifyResponse>;
