import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static, TProperties } from 'typebox';
import { ConfirmBody, ConfirmResponse, PasswordBody, PasswordResponse, startBody, StartResponse } from './schema.ts';

export interface SelfRegistrationProgram<Extra extends TProperties> {
  tags: string[];
  /** How the summaries name the procedure, e.g. «Registro de asegurado». */
  label: string;
  /** What the last step creates, e.g. «cuenta de pensionado». */
  account: string;
  /** Fields this program asks beyond the common ones (the asegurado's NSS). */
  extraStartFields: Extra;
  start(input: Static<ReturnType<typeof startBody<Extra>>>): Promise<{ email: string }>;
  confirmCode(curp: string, code: string): Promise<{ token: string }>;
  setPassword(curp: string, token: string, password: string): Promise<{ curp: string }>;
}

/**
 * The three self-registration steps every program shares (pensionados, asegurados): start (identity
 * checked with RENAPO, a one-time code by e-mail), confirm the code, choose the password. Registered
 * inside the program's own plugin, so the routes live under its prefix; the shared per-IP budget of
 * every login/recovery route applies to all three.
 */
export function selfRegistrationRoutes<Extra extends TProperties>(program: SelfRegistrationProgram<Extra>): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { tags, label } = program;
    const limited = app.authBudget;
    const body = startBody(program.extraStartFields);

    app.post(
      '/registration/start',
      {
        onRequest: limited,
        schema: {
          tags,
          summary: `${label}: CURP y nombre (cotejados con RENAPO) y correo → código de un solo uso por correo`,
          body,
          response: { 202: StartResponse },
        },
      },
      async (request, reply) => {
        reply.code(202);
        return program.start(request.body as Static<typeof body>);
      },
    );

    app.post(
      '/registration/confirm',
      {
        onRequest: limited,
        schema: {
          tags,
          summary: `${label}: el código del correo → permiso para elegir contraseña`,
          body: ConfirmBody,
          response: { 200: ConfirmResponse },
        },
      },
      async (request) => program.confirmCode(request.body.curp, request.body.code),
    );

    app.post(
      '/registration/password',
      {
        onRequest: limited,
        schema: {
          tags,
          summary: `${label}: contraseña → ${program.account}; después inicie sesión con CURP y contraseña`,
          body: PasswordBody,
          response: { 201: PasswordResponse },
        },
      },
      async (request, reply) => {
        reply.code(201);
        return program.setPassword(request.body.curp, request.body.token, request.body.password);
      },
    );
  };
}
