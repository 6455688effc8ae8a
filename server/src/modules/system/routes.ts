import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../http/session.ts';
import { InstitutionResponse, type Institution } from './institution.ts';
import { SystemInfoResponse } from './schema.ts';
import type { SystemService } from './service.ts';

export const systemRoutes: FastifyPluginAsyncTypebox<{ system: SystemService; institution: Institution }> = async (app, { system, institution }) => {
  app.get(
    '/institution',
    { schema: { tags: ['sistema'], summary: 'Nombre, logotipo, aviso de privacidad y línea de ayuda de la institución (encabezado y pie de página)', response: { 200: InstitutionResponse } } },
    async () => institution,
  );

  app.get(
    '/',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['sistema'], summary: 'Versiones, motores, umbrales con la tasa de error que significan, base de datos y tamaño de la galería — administrador', response: { 200: SystemInfoResponse } },
    },
    async () => system.info(),
  );
};
