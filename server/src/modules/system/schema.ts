import { Type } from 'typebox';

const Threshold = Type.Object({
  purpose: Type.String(),
  finger: Type.Number(),
  fingerFmr: Type.Number({ description: 'Tasa de falsas coincidencias que significa el umbral de huella' }),
  face: Type.Number(),
  faceFar: Type.Union([Type.Number(), Type.Null()], { description: 'FAR medida del modelo facial en su umbral calibrado; null si el umbral se cambió' }),
});

export const SystemInfoResponse = Type.Object({
  version: Type.String(),
  node: Type.String(),
  engines: Type.Object({ fingerprintTemplate: Type.String(), faceModel: Type.String(), faceCalibration: Type.String() }),
  thresholds: Type.Array(Threshold),
  dedup: Threshold,
  database: Type.Object({ engine: Type.Union([Type.Literal('PGlite'), Type.Literal('PostgreSQL')]), version: Type.String(), migrations: Type.Array(Type.String()) }),
  gallery: Type.Object({ fingers: Type.Integer(), faces: Type.Integer() }),
});
