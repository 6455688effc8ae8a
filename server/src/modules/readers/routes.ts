import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAuth, requireRole } from '../../http/session.ts';
import { CreateReaderBody, CreateStationBody, ReaderResponse, ReaderStatusBody, StationResponse, Uuid } from './schema.ts';
import type { ReadersService } from './service.ts';

const ADMIN = requireRole('admin');
const STAFF = requireRole('operador', 'supervisor', 'admin');

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
    { preHandler: STAFF, schema: { tags: ['biometría'], summary: 'Estaciones y sus lectores (Seleccionar Lector Biométrico)', response: { 200: Type.Array(StationResponse) } } },
    async () => readers.listStations(),
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
      preHandler: STAFF,
      schema: { tags: ['biometría'], summary: 'La estación informa si el lector está conectado', params: Type.Object({ readerId: Uuid('Lector') }), body: ReaderStatusBody, response: { 200: ReaderResponse } },
    },
    async (request) => readers.setConnected(request.params.readerId, request.body.connected),
  );
};
