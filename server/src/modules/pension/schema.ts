import { Type, type Static } from 'typebox';

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
export type PensionerView = Static<typeof PensionerView>;
export type ProofOutcome = Static<typeof ProofOutcome>;
