import { Type, type Static } from 'typebox';

/**
 * Request bodies of /api/incapacidades whose Static types the web imports (type-only). The routes have no
 * response schemas: one would make fast-json-stringify drop every property it does not list, so the
 * responses stay typed on the web by hand (web/src/api/incapacidades.ts) until complete schemas are written.
 */
export const IssueBody = Type.Object(
  {
    curp: Type.Optional(Type.String({ maxLength: 18 })),
    nss: Type.Optional(Type.String({ maxLength: 11 })),
    ramo: Type.Union([Type.Literal('enfermedad_general'), Type.Literal('riesgo_trabajo'), Type.Literal('maternidad')]),
    tipo: Type.Union([Type.Literal('inicial'), Type.Literal('subsecuente'), Type.Literal('recaida')]),
    startDate: Type.String({ maxLength: 10, description: 'AAAA-MM-DD' }),
    days: Type.Integer({ description: 'Días de incapacidad (maternidad: 84)' }),
    diagnosisCode: Type.String({ minLength: 1, maxLength: 8, description: 'Clave CIE-10' }),
    prenatalWeeksTransferred: Type.Optional(Type.Integer({ description: 'Maternidad: semanas prenatales transferidas al posnatal (0–4)' })),
  },
  { additionalProperties: false },
);
export type IssueBody = Static<typeof IssueBody>;
