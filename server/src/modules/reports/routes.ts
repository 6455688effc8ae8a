import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuth, requireRole } from '../../http/session.ts';
import { ghostReportCsv } from './export-csv.ts';
import { GhostQuery, GhostResponse, StaffQuery, StaffResponse } from './schema.ts';
import type { ReportsService } from './service.ts';

const MANAGERS = requireRole('supervisor', 'admin');

export const reportsRoutes: FastifyPluginAsyncTypebox<{ reports: ReportsService }> = async (app, { reports }) => {
  const tags = ['reportes'];

  app.get(
    '/ghost-employees',
    { preHandler: MANAGERS, schema: { tags, summary: 'Posibles empleados fantasma: sin asistencia, sin biometría o con biometría de otra identidad', querystring: GhostQuery, response: { 200: GhostResponse } } },
    async (request) => {
      const auth = requireAuth(request);
      const scope = await request.server.services.accounts.ooadScope(auth);
      return reports.ghostEmployees(request.query.quincenas ?? 2, { actor: `account:${auth.accountId}`, purpose: request.query.purpose }, 'json', scope);
    },
  );

  app.get(
    '/ghost-employees.csv',
    { preHandler: MANAGERS, schema: { tags, summary: 'El mismo reporte en CSV', querystring: GhostQuery } },
    async (request, reply) => {
      const quincenas = request.query.quincenas ?? 2;
      const auth = requireAuth(request);
      const scope = await request.server.services.accounts.ooadScope(auth);
      const report = await reports.ghostEmployees(quincenas, { actor: `account:${auth.accountId}`, purpose: request.query.purpose }, 'csv', scope);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="empleados-fantasma-${report.window.to}-${quincenas}q.csv"`)
        .send(ghostReportCsv(report));
    },
  );

  app.get(
    '/staff',
    { preHandler: MANAGERS, schema: { tags, summary: 'Directorio del personal (nombre, matrícula); la finalidad queda en la bitácora', querystring: StaffQuery, response: { 200: StaffResponse } } },
    async (request) => {
      const auth = requireAuth(request);
      return reports.staffDirectory({ actor: `account:${auth.accountId}`, purpose: request.query.purpose }, await request.server.services.accounts.ooadScope(auth));
    },
  );
};
