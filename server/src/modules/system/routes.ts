import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../http/session.ts';
import { SystemInfoResponse } from './schema.ts';
import type { SystemService } from './service.ts';

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
