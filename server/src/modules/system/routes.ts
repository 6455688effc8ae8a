import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireRole } from '../../http/session.ts';
import type { SystemService } from './service.ts';

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

export const systemRoutes: FastifyPluginAsyncTypebox<{ system: SystemService }> = async (app, { system }) => {
  app.get(
    '/',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['sistema'], summary: 'Versiones, motores, umbrales con la tasa de error que significan, base de datos y tamaño de la galería — administrador', response: { 200: SystemInfoResponse } },
    },
    async () => system.info(),
  );
};
