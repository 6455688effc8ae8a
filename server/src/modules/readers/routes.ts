import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireRoleOrKiosk } from '../../http/kiosk-session.ts';
import { requireAuth, requireRole } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import { CreateReaderBody, CreateStationBody, ReaderResponse, ReaderStatusBody, StationResponse, Uuid } from './schema.ts';
import type { ReadersService } from './service.ts';

const ADMIN = requireRole('admin');
/** A paired kiosk sees and reports only its own station's readers. */
const STAFF_OR_KIOSK = requireRoleOrKiosk('operador', 'supervisor', 'admin');

/** Stations and their readers: the admin configures them, the station reports reader presence. */
export const readersRoutes: FastifyPluginAsyncTypebox<{ readers: ReadersService }> = async (app, { readers }) => {
  app.post(
    '/stations',
    { preHandler: ADMIN, schema: { tags: ['biometría'], summary: 'Alta de una estación de captura', body: CreateStationBody, response: { 201: StationResponse } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      return reply.status(201).send(await readers.createStation(request.body, `account:${auth.accountId}`));
    },
  );

  app.get(
    '/stations',
    { preHandler: STAFF_OR_KIOSK, schema: { tags: ['biometría'], summary: 'Estaciones y sus lectores (Seleccionar Lector Biométrico); un quiosco ve solo la suya', response: { 200: Type.Array(StationResponse) } } },
    async (request) => {
      const stations = await readers.listStations();
      return request.kiosk ? stations.filter((s) => s.id === request.kiosk?.stationId) : stations;
    },
  );

  app.post(
    '/stations/:stationId/readers',
    {
      preHandler: ADMIN,
      schema: { tags: ['biometría'], summary: 'Alta de un lector en una estación', params: Type.Object({ stationId: Uuid('Estación') }), body: CreateReaderBody, response: { 201: ReaderResponse } },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      return reply.status(201).send(await readers.addReader(request.params.stationId, request.body, `account:${auth.accountId}`));
    },
  );

  app.post(
    '/readers/:readerId/status',
    {
      preHandler: STAFF_OR_KIOSK,
      schema: { tags: ['biometría'], summary: 'La estación informa si el lector está conectado', params: Type.Object({ readerId: Uuid('Lector') }), body: ReaderStatusBody, response: { 200: ReaderResponse } },
    },
    async (request) => {
      const { kiosk } = request;
      if (kiosk) {
        const own = (await readers.listStations()).find((s) => s.id === kiosk.stationId);
        if (!own?.readers.some((r) => r.id === request.params.readerId)) {
          throw new AppError('KIOSK_OTHER_STATION', 'Este quiosco solo usa los lectores de su propia estación.', 403);
        }
      }
      return readers.setConnected(request.params.readerId, request.body.connected);
    },
  );
};
