import { Type, type Static } from 'typebox';
import { Uuid } from '../readers/schema.ts';

/** Wire schemas of /api/pension (pension/routes.ts); the web imports their `Static` types (type-only). */
export const Status = Type.Union([Type.Literal('vigente'), Type.Literal('por_vencer'), Type.Literal('en_riesgo')]);

export const PensionerView = Type.Object({
  curp: Type.String(),
  name: Type.String(),
  step: Type.Union([Type.Literal('consentimiento'), Type.Literal('rostro'), Type.Literal('completo')]),
  biometricStatus: Type.String({ description: 'sin_rostro · registro_parcial_rostro · en_revision · completo · rechazado' }),
  status: Status,
  nextDueDate: Type.String(),
  daysLeft: Type.Integer(),
  clinicRequired: Type.Boolean(),
  proofs: Type.Array(
    Type.Object({ folio: Type.Union([Type.String(), Type.Null()]), channel: Type.String(), outcome: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), at: Type.String() }),
  ),
});
export const ProofOutcome = Type.Object(
  {
    outcome: Type.Union([Type.Literal('aprobada'), Type.Literal('fallida')]),
    reason: Type.Union([Type.String(), Type.Null()]),
    folio: Type.Union([Type.String(), Type.Null()]),
    nextDueDate: Type.Optional(Type.String()),
    clinicRequired: Type.Boolean(),
  },
  { additionalProperties: false },
);
const Frame = Type.String({ minLength: 1, maxLength: 4_000_000, description: 'Foto JPEG/PNG en base64' });
/** POST /me/proofs: the frames of the challenge and a still of the face. */
export const RemoteProofBody = Type.Object({ challengeId: Uuid('Reto emitido'), frames: Type.Array(Frame, { minItems: 1, maxItems: 150 }), face: Frame }, { additionalProperties: false });
export type RemoteProofBody = Static<typeof RemoteProofBody>;
/** POST /me/proofs/challenge: the liveness challenge of a remote proof (the verification module's, extra fields kept). */
export const ProofChallengeResponse = Type.Object({ id: Type.String(), steps: Type.Array(Type.String()), nonce: Type.String(), expiresAt: Type.String() }, { additionalProperties: true });
export type ProofChallengeResponse = Static<typeof ProofChallengeResponse>;
/** GET /staff/pensioners: one row of the supervisor's list (?format=csv writes the same rows as CSV). */
export const StaffPensionerRow = Type.Object({
  curp: Type.String(),
  name: Type.String(),
  ooadCode: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  nextDueDate: Type.String({ description: 'AAAA-MM-DD' }),
  daysLeft: Type.Integer({ description: 'Negativo: vencida hace tantos días' }),
  biometricStatus: Type.String({ description: 'sin_rostro · registro_parcial_rostro · en_revision · completo · rechazado' }),
});
export type PensionerView = Static<typeof PensionerView>;
export type StaffPensionerRow = Static<typeof StaffPensionerRow>;
export type ProofOutcome = Static<typeof ProofOutcome>;
