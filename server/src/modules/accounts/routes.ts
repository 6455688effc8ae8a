import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { clearSessionCookie, requireAuth, requireRole, setSessionCookie } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { IdentityService } from '../identity/service.ts';
import { Type } from 'typebox';
import {
  AccountParams,
  AdminActionBody,
  AdminActionResponse,
  ManagedAccountResponse,
  AccountSummaryResponse,
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
  // Login and recovery share one per-IP budget (http/security.ts), checked before the body is read.
  const limited = app.authBudget;
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
      onRequest: limited,
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
      onRequest: limited,
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
      onRequest: limited,
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
      onRequest: limited,
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
      // An admin creates staff accounts only in their own OOAD (issue 19 item 17).
      if (request.body.ooadCode) await accounts.assertInScope(auth, { ooadCode: request.body.ooadCode.trim() });
      const personId = await identity.resolvePersonId(db, request.body.curp);
      if (!personId) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
      const account = await db
        .transaction()
        .execute((trx) => accounts.createAccount(trx, { ...request.body, personId }, `account:${auth.accountId}`));
      return reply.status(201).send({ accountId: account.id, role: account.role });
    },
  );

  // ── administration of accounts (admin, own OOAD; issue 19 item 17) ────────────────────────
  app.get(
    '/accounts',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['cuentas'], summary: 'Cuentas que el administrador puede gestionar (su OOAD y las de CURP)', response: { 200: Type.Array(ManagedAccountResponse) } },
    },
    async (request) => accounts.listManageable(requireAuth(request)),
  );
  app.post(
    '/accounts/:accountId/disable',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['cuentas'], summary: 'Deshabilita una cuenta y cierra todas sus sesiones', params: AccountParams, body: AdminActionBody, response: { 200: AdminActionResponse } },
    },
    async (request) => accounts.disableAccount(requireAuth(request), request.params.accountId, request.body.reason),
  );
  app.post(
    '/accounts/:accountId/enable',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['cuentas'], summary: 'Vuelve a habilitar una cuenta deshabilitada', params: AccountParams, body: AdminActionBody, response: { 200: AdminActionResponse } },
    },
    async (request) => accounts.enableAccount(requireAuth(request), request.params.accountId, request.body.reason),
  );
  app.post(
    '/accounts/:accountId/sessions/revoke',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['cuentas'], summary: 'Cierra todas las sesiones abiertas de una cuenta', params: AccountParams, body: AdminActionBody, response: { 200: AdminActionResponse } },
    },
    async (request) => accounts.revokeSessions(requireAuth(request), request.params.accountId, request.body.reason),
  );
  // The admin portal's account list (issue 20): the same accounts, with the person's name and CURP.
  app.get(
    '/accounts/overview',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['cuentas'], summary: 'Cuentas que el administrador gestiona, con nombre y CURP de la persona (consulta auditada)', response: { 200: Type.Array(AccountSummaryResponse) } },
    },
    async (request) => accounts.listAccounts(requireAuth(request)),
  );
  app.post(
    '/accounts/:accountId/password',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['cuentas'], summary: 'Asigna una contraseña temporal y cierra las sesiones de la cuenta', params: AccountParams, body: ResetPasswordBody, response: { 200: SessionsEndedResponse } },
    },
    async (request) => accounts.resetPassword(requireAuth(request), request.params.accountId, request.body.newPassword),
  );
};
