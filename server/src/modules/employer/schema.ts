import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const MovementKind = Type.Union([Type.Literal('alta'), Type.Literal('reingreso'), Type.Literal('baja'), Type.Literal('modificacion')]);

export const RegistroParams = Type.Object({ registro: Type.String({ minLength: 1, maxLength: 20 }) });
export const WorkerParams = Type.Object({ registro: Type.String({ minLength: 1, maxLength: 20 }), curp: Type.String({ minLength: 1, maxLength: 30 }) });
export const CurpParams = Type.Object({ curp: Type.String({ minLength: 1, maxLength: 30 }) });

export const NewEmployerBody = Type.Object(
  {
    rfc: Type.String({ minLength: 12, maxLength: 13 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    ownerCurp: Type.String({ minLength: 18, maxLength: 18 }),
    registros: Type.Array(
      Type.Object(
        {
          registro: Type.String({ minLength: 11, maxLength: 14 }),
          ooadCode: Type.String({ minLength: 2, maxLength: 2 }),
          subdelegacion: Type.String({ minLength: 1, maxLength: 60 }),
          activityClass: Type.Integer({ minimum: 1, maximum: 5 }),
          riskPremium: Type.String({ description: 'Prima de riesgo de trabajo en %, p. ej. "0.54355"' }),
          wageZone: Type.Union([Type.Literal('general'), Type.Literal('frontera')]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const EmployerResponse = Type.Object({
  id: Type.String(),
  rfc: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('fisica'), Type.Literal('moral')]),
  registros: Type.Array(
    Type.Object({
      registro: Type.String(),
      ooadCode: Type.String(),
      subdelegacion: Type.String(),
      activityClass: Type.Integer(),
      riskPremium: Type.String(),
      wageZone: Type.String(),
    }),
  ),
});

export const MovementBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('alta'), Type.Literal('baja'), Type.Literal('modificacion')]),
    curp: Type.String({ minLength: 1, maxLength: 30 }),
    date: Type.String({ description: 'Fecha de efecto, AAAA-MM-DD' }),
    nss: Type.Optional(Type.String({ maxLength: 20 })),
    dailySalary: Type.Optional(Type.String({ maxLength: 20 })),
    integrationFactor: Type.Optional(Type.String({ maxLength: 20 })),
    workerType: Type.Optional(Type.Union([Type.Literal('permanente'), Type.Literal('eventual_urbano'), Type.Literal('eventual_construccion')])),
    salaryType: Type.Optional(Type.Union([Type.Literal('fijo'), Type.Literal('variable'), Type.Literal('mixto')])),
    jornada: Type.Optional(Type.Union([Type.Literal('completa'), Type.Literal('reducida')])),
    reducedDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    bajaCause: Type.Optional(Type.Union([Type.Literal('termino_contrato'), Type.Literal('separacion_voluntaria'), Type.Literal('abandono_empleo'), Type.Literal('defuncion'), Type.Literal('clausura'), Type.Literal('otras'), Type.Literal('ausentismo'), Type.Literal('rescision_contrato'), Type.Literal('jubilacion'), Type.Literal('pension')])),
    umf: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);

export const MovementResponse = Type.Object({
  id: Type.String(),
  kind: MovementKind,
  date: Type.String(),
  nss: Type.String(),
  sbc: Nullable(Type.String()),
  dailySalary: Nullable(Type.String()),
  integrationFactor: Nullable(Type.String()),
  workerType: Nullable(Type.String()),
  salaryType: Nullable(Type.String()),
  jornada: Nullable(Type.String()),
  reducedDays: Nullable(Type.Integer()),
  bajaCause: Nullable(Type.String()),
  umf: Nullable(Type.String()),
  late: Type.Boolean(),
  businessDaysLate: Type.Integer(),
  recordedAt: Type.String(),
});

export const WorkerResponse = Type.Object({
  curp: Type.String(),
  nss: Type.String(),
  name: Type.String(),
  biometricStatus: Type.Union([Type.Literal('sin_registro'), Type.Literal('pendiente'), Type.Literal('registrado'), Type.Literal('rechazado')]),
  employed: Type.Boolean(),
  since: Type.String(),
  sbc: Nullable(Type.String()),
  lastMovement: MovementKind,
});

export const ContributionsQuery = Type.Object(
  { month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) },
  { additionalProperties: false },
);

const Amounts = Type.Object({ branch: Type.String(), employer: Type.String(), worker: Type.String() });
export const ContributionsResponse = Type.Object({
  month: Type.String(),
  uma: Type.String(),
  workers: Type.Array(Type.Object({ nss: Type.String(), name: Type.String(), sbc: Type.String(), cesantiaVejezRate: Type.String(), branches: Type.Array(Amounts) })),
  totals: Type.Array(Amounts),
  total: Type.Object({ employer: Type.String(), worker: Type.String() }),
});

export const VigenciaResponse = Type.Object({
  curp: Type.String(),
  nss: Nullable(Type.String()),
  name: Type.String(),
  date: Type.String(),
  vigente: Type.Boolean(),
  reason: Type.String(),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  employer: Nullable(Type.Object({ name: Type.String(), rfc: Type.String(), registro: Type.String() })),
  umf: Nullable(Type.String()),
});
