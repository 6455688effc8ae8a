import { Type, type Static } from 'typebox';

const Sex = Type.Union([Type.Literal('H'), Type.Literal('M'), Type.Literal('X')]);
const Name = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });
/** Length bounds only: the CURP rules themselves are checked by @siap/mx-identity with precise messages. */
export const CurpField = Type.String({ minLength: 1, maxLength: 40, description: 'CURP (18 caracteres)' });
/**
 * Closed lists of purposes, one per kind of read (issue 19 item 16): the audit log says why data
 * was read in words the institution chose, not in whatever a caller typed. Adding a purpose is a
 * reviewed code change.
 */
export const PERSON_READ_PURPOSES = [
  'atención en ventanilla',
  'enrolamiento biométrico en ventanilla',
  'revisión del expediente biométrico',
  'adjudicación de posible duplicado biométrico',
  'registro de asistencia en quiosco',
  'verificación de supervivencia',
  'asignación de jornada laboral',
] as const;
/** A purpose of reading a person's identity; the web names its purposes with this type, so a purpose the server does not list breaks the web's build. */
export type PersonReadPurpose = (typeof PERSON_READ_PURPOSES)[number];
export const ATTENDANCE_READ_PURPOSES = [
  'revisión de incidencias para nómina',
  'revisión de justificaciones de asistencia',
  'aclaración solicitada por la persona trabajadora',
  'auditoría interna',
] as const;
export const REPORT_PURPOSES = [
  'revisión de posibles empleados fantasma',
  'nombres del personal en la revisión de justificaciones',
  'auditoría interna',
] as const;

export function purposeOf<const T extends readonly string[]>(purposes: T) {
  return Type.Union(
    purposes.map((purpose) => Type.Literal(purpose)),
    { description: `Finalidad de la consulta (queda en la bitácora de auditoría): ${purposes.map((p) => `«${p}»`).join(', ')}` },
  );
}

/** Purposes of reading a person's identity or biometric record. */
export const Purpose = purposeOf(PERSON_READ_PURPOSES);

export const CreateIdentityBody = Type.Object(
  {
    curp: CurpField,
    nss: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Null()])),
    rfc: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Null()])),
    givenNames: Name('Nombre(s)'),
    firstSurname: Name('Primer apellido'),
    secondSurname: Type.Optional(Type.Union([Name('Segundo apellido'), Type.Null()])),
    birthDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'AAAA-MM-DD' })),
    sex: Type.Optional(Sex),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateIdentityBody = Static<typeof CreateIdentityBody>;

export const PersonResponse = Type.Object({
  id: Type.String(),
  curp: Type.String(),
  nss: Type.Union([Type.String(), Type.Null()]),
  rfc: Type.Union([Type.String(), Type.Null()]),
  givenNames: Type.String(),
  firstSurname: Type.String(),
  secondSurname: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.String(),
  sex: Sex,
  birthState: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  registry: Type.Object({
    status: Type.Union([Type.Literal('vigente'), Type.Literal('baja')]),
    source: Type.Union([Type.Literal('embedded'), Type.Literal('renapo')]),
    verifiedAt: Type.String(),
  }),
  createdAt: Type.String(),
});

export const CurpParams = Type.Object({ curp: CurpField });
export const PurposeQuery = Type.Object({ purpose: Purpose }, { additionalProperties: false });
