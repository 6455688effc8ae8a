import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { actorOrKiosk, KIOSK_COOKIE, requireRoleOrKiosk, setKioskCookie } from '../../http/kiosk-session.ts';
import { requireAuth, requireRole } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import { ApproveBody, DeviceParams, FaceEnrolledBody, FaceEnrolledResponse, KioskDeviceResponse, PairingRequestBody } from './schema.ts';
import type { KiosksService } from './service.ts';

const ADMIN = requireRole('admin');

/** Kiosk pairing from the kiosk's own screen; an admin approves it in the portal. */
export const kiosksRoutes: FastifyPluginAsyncTypebox<{ kiosks: KiosksService; config: Config }> = async (app, { kiosks, config }) => {
  const tags = ['quioscos'];

  app.post(
    '/pairings',
    {
      // Anonymous and costly to the database: the login and recovery per-IP budget applies.
      onRequest: app.authBudget,
      schema: {
        tags,
        summary: 'Un navegador pide ser quiosco: recibe un código de vinculación (cualquiera; sin sesión)',
        body: PairingRequestBody,
        response: { 201: KioskDeviceResponse },
      },
    },
    async (request, reply) => {
      const { token, device } = await kiosks.requestPairing(request.body.publicKey, request.headers['user-agent'] ?? null);
      setKioskCookie(request, reply, token, new Date(Date.parse(device.createdAt) + 181 * 24 * 3_600_000), config.cookieSecure);
      return reply.status(201).send(device);
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags,
        summary: 'Estado de este quiosco (cookie del quiosco): pendiente con su código, vinculado a una estación, o revocado',
        response: { 200: KioskDeviceResponse },
      },
    },
    async (request) => {
      const token = request.cookies[KIOSK_COOKIE];
      const device = token ? await kiosks.ownStatus(token) : null;
      if (!device) throw new AppError('KIOSK_NOT_PAIRED', 'Este navegador no es un quiosco vinculado.', 401);
      return device;
    },
  );

  app.post(
    '/pairings/approve',
    {
      preHandler: ADMIN,
      schema: { tags, summary: 'Aprueba el código que muestra un quiosco y lo vincula a una estación (registra su llave) — administrador', body: ApproveBody, response: { 200: KioskDeviceResponse } },
    },
    async (request) => kiosks.approve(request.body.code, request.body.stationId, `account:${requireAuth(request).accountId}`),
  );

  app.get(
    '/devices',
    { preHandler: ADMIN, schema: { tags, summary: 'Quioscos vinculados y códigos en espera — administrador', response: { 200: Type.Array(KioskDeviceResponse) } } },
    async () => kiosks.list(),
  );

  app.post(
    '/devices/:id/revoke',
    { preHandler: ADMIN, schema: { tags, summary: 'Desvincula un quiosco: su sesión de estación termina al instante — administrador', params: DeviceParams, response: { 200: KioskDeviceResponse } } },
    async (request) => kiosks.revoke(request.params.id, `account:${requireAuth(request).accountId}`),
  );

  app.post(
    '/face-enrolled',
    {
      preHandler: requireRoleOrKiosk('operador', 'supervisor'),
      schema: { tags, summary: '¿La matrícula tiene rostro registrado? El quiosco ofrece «Usar rostro» solo entonces (consulta auditada)', body: FaceEnrolledBody, response: { 200: FaceEnrolledResponse } },
    },
    async (request) => ({ face: await kiosks.faceEnrolled({ ...request.body, ooadCode: request.body.ooadCode ?? null }, actorOrKiosk(request, request.body.stationId)) }),
  );
};
