import { Type, type Static } from 'typebox';
import { CaptureFields, Uuid } from '../readers/schema.ts';
import type { CertificateTerms } from './rules/certificate.ts';
import type { Subsidy as RulesSubsidy } from './rules/subsidy.ts';
import type { Ramo as RamoColumn, SignatureModality, TipoIncapacidad } from './tables.ts';

/**
 * Wire schemas of /api/incapacidades and /api/firmas (incapacity/routes.ts). The routes serialize
 * their replies with these (fast-json-stringify drops a property a schema does not list, so each
 * is the whole reply: incapacity.test.ts compares every reply with what the service returned), and
 * the web imports their Static types (type-only), so a changed reply fails the web's typecheck.
 */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ description: 'AAAA-MM-DD' });
const Instant = Type.String({ description: 'Fecha y hora ISO 8601 (UTC)' });

export const Ramo = Type.Union([Type.Literal('enfermedad_general'), Type.Literal('riesgo_trabajo'), Type.Literal('maternidad')]);
export const Tipo = Type.Union([Type.Literal('inicial'), Type.Literal('subsecuente'), Type.Literal('recaida')]);
export const Modality = Type.Union([Type.Literal('rostro'), Type.Literal('huella')]);

export const IssueBody = Type.Object(
  {
    curp: Type.Optional(Type.String({ maxLength: 18 })),
    nss: Type.Optional(Type.String({ maxLength: 11 })),
    ramo: Ramo,
    tipo: Tipo,
    startDate: Type.String({ maxLength: 10, description: 'AAAA-MM-DD' }),
    days: Type.Integer({ description: 'Días de incapacidad (maternidad: 84)' }),
    diagnosisCode: Type.String({ minLength: 1, maxLength: 8, description: 'Clave CIE-10' }),
    prenatalWeeksTransferred: Type.Optional(Type.Integer({ description: 'Maternidad: semanas prenatales transferidas al posnatal (0–4)' })),
  },
  { additionalProperties: false },
);
export type IssueBody = Static<typeof IssueBody>;

/** rules/subsidy.ts Subsidy: the subsidio, its amounts as pesos strings and the LSS rules it checked. */
export const Subsidy = Type.Object({
  eligible: Type.Boolean(),
  rate: Type.Union([Type.Literal(60), Type.Literal(100)], { description: 'Porcentaje del SBC' }),
  sbc: Nullable(Type.String()),
  dailyAmount: Type.String(),
  paidDays: Type.Integer(),
  firstPaidDate: Nullable(Day),
  total: Type.String(),
  weeksContributed: Type.Integer(),
  requiredWeeks: Type.Integer(),
  historySource: Type.Union([Type.Literal('patron'), Type.Literal('demostracion')]),
  checks: Type.Array(Type.Object({ rule: Type.String(), source: Type.String(), met: Type.Boolean(), detail: Type.String() })),
  reason: Nullable(Type.String()),
});

/** rules/certificate.ts CertificateTerms['maternity']: the split of the 84 days. */
export const Maternity = Type.Object({ prenatalDays: Type.Integer(), postnatalDays: Type.Integer(), weeksTransferred: Type.Integer(), probableBirthDate: Day });

/** A certificado as every list and read of /api/incapacidades answers it. */
export const IncapacidadView = Type.Object({
  folio: Type.String(),
  ramo: Ramo,
  tipo: Tipo,
  startDate: Day,
  days: Type.Integer(),
  endDate: Day,
  diagnosisCode: Type.String(),
  maternity: Nullable(Maternity),
  subsidy: Subsidy,
  patient: Type.Object({ curp: Type.String(), nss: Nullable(Type.String()), name: Type.String() }),
  employer: Nullable(Type.Object({ name: Type.String(), registro: Type.String() })),
  documentSha256: Type.String(),
  issuedAt: Instant,
  signature: Nullable(Type.Object({ folio: Type.String(), modality: Modality, timestampedAt: Instant })),
});
export type IncapacidadView = Static<typeof IncapacidadView>;

const Frame = Type.String({ minLength: 1, maxLength: 4_000_000, description: 'Foto JPEG/PNG en base64' });
const Sha256 = Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'SHA-256 (hex) del documento que la persona revisó' });

/** POST /:folio/firma/rostro: the asegurado signs from the portal with the challenge's frames. */
export const FaceSignBody = Type.Object({ challengeId: Uuid('Reto emitido'), frames: Type.Array(Frame, { minItems: 1, maxItems: 150 }), face: Frame, documentSha256: Sha256 }, { additionalProperties: false });
export type FaceSignBody = Static<typeof FaceSignBody>;

/** POST /:folio/firma/huella: staff capture a finger of the asegurado at a clinic station. */
export const FingerSignBody = Type.Object(
  {
    stationId: Uuid('Estación'),
    fingerReaderId: Uuid('Lector de huella'),
    fingers: Type.Array(Type.Object({ ...CaptureFields, position: Type.Integer({ minimum: 0, maximum: 10 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 10 }),
    documentSha256: Sha256,
  },
  { additionalProperties: false },
);
export type FingerSignBody = Static<typeof FingerSignBody>;

/** What either signature answers (201). */
export const SignatureResult = Type.Object({ folio: Type.String(), signatureFolio: Type.String(), documentSha256: Type.String(), timestampedAt: Instant, verifyPath: Type.String({ description: 'Página pública de verificación (/firmas/:folio)' }) });
export type SignatureResult = Static<typeof SignatureResult>;

/** GET /:folio/intentos: refused signature attempts, reason as the error code. */
export const SignatureAttempt = Type.Object({ modality: Modality, reason: Type.String({ description: 'Código del error (DOCUMENT_CHANGED, BIOMETRIC_NOT_MATCHED, …)' }), at: Instant });
export type SignatureAttempt = Static<typeof SignatureAttempt>;

/** packages/evidence VerificationCheck; `id` stays a string so a check the verifier adds is not a serialization error. */
const EvidenceCheck = Type.Object({ id: Type.String(), ok: Type.Boolean(), detail: Type.String() });

/** GET /api/firmas/:folio: the stored package checked again, with initials only (public). */
export const PublicSignatureCheck = Type.Object({
  signatureFolio: Type.String(),
  folio: Type.String(),
  valid: Type.Boolean(),
  firstFailure: Nullable(EvidenceCheck),
  checks: Type.Array(EvidenceCheck),
  documentSha256: Nullable(Type.String()),
  timestampedAt: Nullable(Instant),
  modality: Modality,
  ramo: Ramo,
  startDate: Day,
  days: Type.Integer(),
  initials: Type.String(),
});
export type PublicSignatureCheck = Static<typeof PublicSignatureCheck>;

/**
 * The rules' own types must be the wire's, both ways: a field added to the subsidy or maternity
 * rules (or to the table's enums) and not here is a type error, not a field the reply drops.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllTrue<T extends readonly true[]> = T;
export type RulesMatchWire = AllTrue<
  [
    Same<Static<typeof Subsidy>, RulesSubsidy>,
    Same<Static<typeof Maternity>, NonNullable<CertificateTerms['maternity']>>,
    Same<Static<typeof Ramo>, RamoColumn>,
    Same<Static<typeof Tipo>, TipoIncapacidad>,
    Same<Static<typeof Modality>, SignatureModality>,
  ]
>;
