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
    async (request) => reports.ghostEmployees(request.query.quincenas ?? 2, { actor: `account:${requireAuth(request).accountId}`, purpose: request.query.purpose }),
  );

  app.get(
    '/ghost-employees.csv',
    { preHandler: MANAGERS, schema: { tags, summary: 'El mismo reporte en CSV', querystring: GhostQuery } },
    async (request, reply) => {
      const quincenas = request.query.quincenas ?? 2;
      const report = await reports.ghostEmployees(quincenas, { actor: `account:${requireAuth(request).accountId}`, purpose: request.query.purpose }, 'csv');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="empleados-fantasma-${report.window.to}-${quincenas}q.csv"`)
        .send(ghostReportCsv(report));
    },
  );

  app.get(
    '/staff',
    { preHandler: MANAGERS, schema: { tags, summary: 'Directorio del personal (nombre, matrícula); la finalidad queda en la bitácora', querystring: StaffQuery, response: { 200: StaffResponse } } },
    async (request) => reports.staffDirectory({ actor: `account:${requireAuth(request).accountId}`, purpose: request.query.purpose }),
  );
};
