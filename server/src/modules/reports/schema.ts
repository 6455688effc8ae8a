import { Type } from 'typebox';
import { purposeOf, REPORT_PURPOSES } from '../identity/schema.ts';
import { MAX_QUINCENAS } from './service.ts';

const Purpose = purposeOf(REPORT_PURPOSES);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Reason = Type.Union([Type.Literal('sin_asistencia'), Type.Literal('sin_biometria'), Type.Literal('biometria_coincide')]);

export const GhostQuery = Type.Object(
  {
    quincenas: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_QUINCENAS, default: 2, description: 'Quincenas sin asistencia, incluida la actual (2 por omisión)' })),
    purpose: Purpose,
  },
  { additionalProperties: false },
);

export const GhostResponse = Type.Object({
  generatedAt: Type.String(),
  quincenas: Type.Integer(),
  window: Type.Object({ from: Type.String(), to: Type.String(), label: Type.String(), start: Type.String(), end: Type.String() }),
  employees: Type.Array(
    Type.Object({
      personId: Type.String(),
      curp: Type.String(),
      name: Type.String(),
      role: Type.String(),
      matricula: Nullable(Type.String()),
      ooadCode: Nullable(Type.String()),
      reasons: Type.Array(Reason),
      lastCheckIn: Nullable(Type.String()),
      biometricStatus: Type.Union([Type.Literal('sin_registro'), Type.Literal('pendiente'), Type.Literal('registrado'), Type.Literal('rechazado')]),
      adjudication: Nullable(Type.Union([Type.Literal('misma_persona'), Type.Literal('fraude'), Type.Literal('personas_distintas')])),
      matchedCurps: Type.Array(Type.String()),
    }),
  ),
  counts: Type.Object({ sin_asistencia: Type.Integer(), sin_biometria: Type.Integer(), biometria_coincide: Type.Integer() }),
  staffReviewed: Type.Integer(),
});

export const StaffQuery = Type.Object({ purpose: Purpose }, { additionalProperties: false });
export const StaffResponse = Type.Array(
  Type.Object({ personId: Type.String(), name: Type.String(), role: Type.String(), matricula: Nullable(Type.String()), ooadCode: Nullable(Type.String()) }),
);
