import { Type, type Static } from 'typebox';

/**
 * Wire schemas of /api/insured. The web imports their Static types (type-only), so a changed response
 * fails the web's typecheck where it is read.
 */
export const Curp = Type.String({ minLength: 18, maxLength: 18, description: 'CURP' });
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'AAAA-MM-DD' });
export const NullableDay = Type.Union([Day, Type.Null()]);
export const State = Type.Union([Type.Literal('sin_biometria'), Type.Literal('restringido'), Type.Literal('nss_suspendido'), Type.Literal('al_corriente')]);

export const Restriction = Type.Object({
  state: State,
  restrictedOn: NullableDay,
  deadline: NullableDay,
  daysLeft: Type.Union([Type.Integer(), Type.Null()]),
  whatToDo: Type.String(),
  history: Type.Array(Type.Object({ from: State, to: State, reason: Type.String(), on: Day, at: Type.String() })),
});
export const InsuredView = Type.Object({
  curp: Type.String(),
  nss: Type.String(),
  name: Type.String(),
  ooadCode: Type.Union([Type.String(), Type.Null()]),
  clinicId: Type.Union([Type.String(), Type.Null()]),
  rights: Type.Object({ vigente: Type.Boolean(), reason: Type.String(), employer: Type.Union([Type.String(), Type.Null()]), umf: Type.Union([Type.String(), Type.Null()]) }),
  biometricStatus: Type.Union([Type.Literal('sin_registro'), Type.Literal('pendiente'), Type.Literal('registrado'), Type.Literal('rechazado')]),
  restriction: Restriction,
});
export const Wave = Type.Object({
  id: Type.String(),
  segment: Type.Union([Type.Literal('nuevo_ingreso'), Type.Literal('existente')]),
  startsOn: Day,
  ooadCode: Type.Union([Type.String(), Type.Null()]),
  birthFrom: NullableDay,
  birthTo: NullableDay,
  note: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export type RestrictionView = Static<typeof Restriction>;
export type InsuredView = Static<typeof InsuredView>;
export type Wave = Static<typeof Wave>;
/** GET /staff: asegurados by restriction state (supervisor). */
export const StaffInsuredRow = Type.Object({ curp: Type.String(), nss: Type.String(), name: Type.String(), ooadCode: Type.Union([Type.String(), Type.Null()]), state: State, deadline: NullableDay });
export type StaffInsuredRow = Static<typeof StaffInsuredRow>;
