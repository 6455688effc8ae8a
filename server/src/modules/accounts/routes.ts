import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { authRateLimit } from '../../http/security.ts';
import { clearSessionCookie, requireAuth, requireRole, setSessionCookie } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { IdentityService } from '../identity/service.ts';
import { Type } from 'typebox';
import {
  AccountIdParams,
  AccountSummaryResponse,
  DisableBody,
  ResetPasswordBody,
  SessionsEndedResponse,
  CreateAccountBody,
  CreatedAccountResponse,
  CurpLoginBody,
  EmployeeLoginBody,
  MessageResponse,
  RecoveryConfirmBody,
  RecoveryRequestBody,
  SessionInfoResponse,
} from './schema.ts';
import type { AccountsService, LoginResult, RequestMeta } from './service.ts';

export interface AccountsRoutesOptions {
  accounts: AccountsService;
  identity: IdentityService;
  config: Config;
  db: Db;
}

const RECOVERY_ACCEPTED =
  'Si la CURP corresponde a una cuenta con correo registrado, enviamos un código para restablecer la contraseña. Revise su correo.';

export const accountsRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (app, options) => {
  const { accounts, identity, config, db } = options;
  const limited = { rateLimit: authRateLimit(config) };
  const meta = (request: FastifyRequest): RequestMeta => ({
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
  });
  const startSession = (request: FastifyRequest, reply: FastifyReply, result: LoginResult) => {
    setSessionCookie(request, reply, result.token, result.expiresAt, config.cookieSecure);
    return result.session;
  };

  app.post(
    '/auth/employee-login',
    {
      config: limited,
      schema: {
        tags: ['sesión'],
        summary: 'Inicio de sesión del personal IMSS: matrícula + OOAD + contraseña',
        body: EmployeeLoginBody,
        response: { 200: SessionInfoResponse },
      },
    },
    async (request, reply) => startSession(request, reply, await accounts.employeeLogin(request.body, meta(request))),
  );

  app.post(
    '/auth/curp-login',
    {
      config: limited,
      schema: {
        tags: ['sesión'],
        summary: 'Inicio de sesión de pensionados y patrones: CURP + contraseña',
        body: CurpLoginBody,
        response: { 200: SessionInfoResponse },
      },
    },
    async (request, reply) => startSession(request, reply, await accounts.curpLogin(request.body, meta(request))),
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['sesión'], summary: 'Cierra la sesión actual', response: { 200: MessageResponse } } },
    async (request, reply) => {
      if (request.auth) await accounts.logout(request.auth);
      clearSessionCookie(reply);
      return { message: 'Sesión cerrada.' };
    },
  );

  app.get(
    '/session',
    { schema: { tags: ['sesión'], summary: 'Quién soy: cuenta y rol de la sesión', response: { 200: SessionInfoResponse } } },
    async (request) => accounts.describeSession(requireAuth(request)),
  );

  app.post(
    '/auth/recovery/request',
    {
      config: limited,
      schema: {
        tags: ['sesión'],
        summary: 'Solicita un código de recuperación de contraseña (se envía al correo registrado)',
        body: RecoveryRequestBody,
        response: { 202: MessageResponse },
      },
    },
    async (request, reply) => {
      await accounts.requestRecovery(request.body.curp, meta(request));
      return reply.status(202).send({ message: RECOVERY_ACCEPTED });
    },
  );

  app.post(
    '/auth/recovery/confirm',
    {
      config: limited,
      schema: {
        tags: ['sesión'],
        summary: 'Restablece la contraseña con el código recibido; cierra todas las sesiones',
        body: RecoveryConfirmBody,
        response: { 200: MessageResponse },
      },
    },
    async (request) => {
      await accounts.confirmRecovery(request.body, meta(request));
      return { message: 'Contraseña restablecida. Inicie sesión con su nueva contraseña.' };
    },
  );

  app.post(
    '/accounts',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['cuentas'],
        summary: 'Crea la cuenta de acceso de una persona ya registrada (solo administradores)',
        body: CreateAccountBody,
        response: { 201: CreatedAccountResponse },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const personId = await identity.resolvePersonId(db, request.body.curp);
      if (!personId) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
      const account = await db
        .transaction()
        .execute((trx) => accounts.createAccount(trx, { ...request.body, personId }, `account:${auth.accountId}`));
      return reply.status(201).send({ accountId: account.id, role: account.role });
    },
  );

  // ── administration (admin portal) ────────────────────────────────────────────────────────
  const admin = { preHandler: requireRole('admin') };
  const adminActor = (request: FastifyRequest) => `account:${requireAuth(request).accountId}` as const;
  app.get(
    '/accounts',
    { ...admin, schema: { tags: ['cuentas'], summary: 'Cuentas de acceso con su persona, rol, OOAD y estado (administrador; consulta auditada)', response: { 200: Type.Array(AccountSummaryResponse) } } },
    async (request) => accounts.listAccounts(adminActor(request)),
  );
  app.post(
    '/accounts/:id/disabled',
    { ...admin, schema: { tags: ['cuentas'], summary: 'Deshabilita una cuenta (cierra sus sesiones) o la habilita de nuevo (administrador)', params: AccountIdParams, body: DisableBody, response: { 200: SessionsEndedResponse } } },
    async (request) => accounts.setDisabled(request.params.id, request.body.disabled, adminActor(request), request.body.reason ?? null),
  );
  app.post(
    '/accounts/:id/sessions/revoke',
    { ...admin, schema: { tags: ['cuentas'], summary: 'Cierra todas las sesiones abiertas de una cuenta (administrador)', params: AccountIdParams, response: { 200: SessionsEndedResponse } } },
    async (request) => accounts.revokeSessions(request.params.id, adminActor(request)),
  );
  app.post(
    '/accounts/:id/password',
    { ...admin, schema: { tags: ['cuentas'], summary: 'Asigna una contraseña temporal y cierra las sesiones de la cuenta (administrador)', params: AccountIdParams, body: ResetPasswordBody, response: { 200: SessionsEndedResponse } } },
    async (request) => accounts.resetPassword(request.params.id, request.body.newPassword, adminActor(request)),
  );
};
