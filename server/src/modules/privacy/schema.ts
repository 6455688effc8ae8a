import { Type, type Static } from 'typebox';

/**
 * Wire schemas of /api/privacy: they validate and serialize on the server and, through their
 * `Static` types (imported type-only by the web), type the web's calls and its fake server.
 */
export const Scope = Type.Union([Type.Literal('datos_biometricos')], { description: 'Alcance del consentimiento' });
export const ConsentView = Type.Object({
  scope: Scope,
  granted: Type.Boolean(),
  noticeVersion: Type.String(),
  channel: Type.Union([Type.Literal('portal'), Type.Literal('estacion'), Type.Literal('quiosco')]),
  recordedBy: Type.String(),
  stationId: Type.Union([Type.String(), Type.Null()]),
  recordedAt: Type.String(),
});
export type ConsentView = Static<typeof ConsentView>;

export const NoticeView = Type.Object({ version: Type.String(), title: Type.String(), text: Type.String(), sha256: Type.String() });
export type NoticeView = Static<typeof NoticeView>;

export const MyConsentView = Type.Object({ current: Type.Union([ConsentView, Type.Null()]), consequences: Type.Array(Type.String()) });
export type MyConsentView = Static<typeof MyConsentView>;

export const Curp = Type.String({ minLength: 18, maxLength: 18 });
export const Kind = Type.Union([Type.Literal('acceso'), Type.Literal('rectificacion'), Type.Literal('cancelacion'), Type.Literal('oposicion')]);
export type RequestKind = Static<typeof Kind>;

export const RequestView = Type.Object({
  id: Type.String(),
  folio: Type.String(),
  kind: Type.Union([Kind, Type.Literal('acceso_no_reconocido')]),
  kindLabel: Type.String(),
  channel: Type.Union([Type.Literal('portal'), Type.Literal('ventanilla')]),
  description: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Union([Type.Literal('recibida'), Type.Literal('procedente'), Type.Literal('improcedente'), Type.Literal('ejecutada')]),
  receivedOn: Type.String(),
  answerDueOn: Type.String(),
  executeDueOn: Type.Union([Type.String(), Type.Null()]),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  executedAt: Type.Union([Type.String(), Type.Null()]),
  businessDaysLeft: Type.Union([Type.Integer(), Type.Null()]),
});
export type RequestView = Static<typeof RequestView>;

export const AccessEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  action: Type.String(),
  purpose: Type.String(),
  who: Type.Object({
    kind: Type.Union([Type.Literal('usted'), Type.Literal('personal'), Type.Literal('quiosco'), Type.Literal('sistema')]),
    role: Type.Union([Type.String(), Type.Null()]),
    unit: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type AccessEntry = Static<typeof AccessEntry>;

const PersonLabel = Type.Union([Type.Object({ curp: Type.String(), name: Type.String() }), Type.Null()]);
export const OfficerQueue = Type.Object({
  requests: Type.Array(Type.Object({ ...RequestView.properties, person: PersonLabel })),
  holds: Type.Array(Type.Object({ id: Type.String(), person: PersonLabel, personId: Type.String(), reason: Type.String(), placedAt: Type.String() })),
});
export type OfficerQueue = Static<typeof OfficerQueue>;

export const HoldPlaced = Type.Object({ id: Type.String(), reason: Type.String(), placedAt: Type.String() });
export type HoldPlaced = Static<typeof HoldPlaced>;
export const HoldReleased = Type.Object({ released: Type.Boolean(), erasuresResumed: Type.Integer() });
export type HoldReleased = Static<typeof HoldReleased>;

/** The published periods (public): what applies now, per category. */
export const PublicRetention = Type.Object({
  version: Type.String(),
  blockingDays: Type.Integer(),
  categories: Type.Record(Type.String(), Type.Object({ dias: Type.Integer(), desde: Type.String(), descripcion: Type.String() })),
});

/** The admin portal's view of the periods: each category, the file's period and the change over it. */
export const RetentionCategory = Type.Object({
  category: Type.String(),
  dias: Type.Integer(),
  desde: Type.String(),
  descripcion: Type.String(),
  defaultDias: Type.Integer(),
  change: Type.Union([Type.Object({ reason: Type.String(), by: Type.String(), at: Type.String() }), Type.Null()]),
});
export type RetentionCategory = Static<typeof RetentionCategory>;
export const RetentionSettingsView = Type.Object({ version: Type.String(), blockingDays: Type.Integer(), categories: Type.Array(RetentionCategory) });
export type RetentionSettingsView = Static<typeof RetentionSettingsView>;
/** Bounds repeated from retention.ts (RETENTION_MIN_DAYS, RETENTION_MAX_DAYS), so the schema refuses first. */
export const RetentionChangeBody = Type.Object(
  { dias: Type.Integer({ minimum: 1, maximum: 36_500 }), reason: Type.String({ minLength: 5, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RetentionChangeBody = Static<typeof RetentionChangeBody>;
