import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/app-error.ts';
import { describeValidationErrors } from './validation-messages.ts';

/** The only shape an error ever takes on the wire. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Fastify's own request errors, answered with a stable code and a message in Spanish. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'El cuerpo de la solicitud excede el tamaño máximo permitido.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Tipo de contenido no admitido. Envíe application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    message: 'El cuerpo de la solicitud está vacío aunque se declaró JSON.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    message: 'El cuerpo de la solicitud no es JSON válido.',
  },
  FST_CSRF_MISSING_SECRET: {
    status: 403,
    code: 'CSRF_INVALID',
    message: 'Falta el token CSRF o no es válido. Solicítelo en GET /api/session/csrf y envíelo en el encabezado x-csrf-token.',
  },
  FST_CSRF_INVALID_TOKEN: {
    status: 403,
    code: 'CSRF_INVALID',
    message: 'Falta el token CSRF o no es válido. Solicítelo en GET /api/session/csrf y envíelo en el encabezado x-csrf-token.',
  },
};

const GENERIC_4XX: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'La solicitud no es válida.' },
  404: { code: 'NOT_FOUND', message: 'El recurso solicitado no existe.' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Método no permitido para este recurso.' },
  406: { code: 'NOT_ACCEPTABLE', message: 'No se puede responder en el formato solicitado.' },
};

/**
 * Maps every failure to `{ error: { code, message } }`: AppError keeps its own code and status,
 * Fastify's request errors become 4xx with a Spanish message, anything else is a bug and becomes
 * a bare 500 (the stack goes to the log, never to the client).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request rejected');
    const retryAfter = body.error.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `No existe la ruta ${request.method} ${request.url.split('?')[0]}.` },
    } satisfies ErrorBody),
  );
}

export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details) body.error.details = error.details;
    return { status: error.httpStatus, body };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const { message, fields } = describeValidationErrors(fastifyError.validation, fastifyError.validationContext);
    return { status: 400, body: { error: { code: 'VALIDATION_ERROR', message, details: { fields } } } };
  }
  const known = fastifyError.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known) return { status: known.status, body: { error: { code: known.code, message: known.message } } };

  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (error instanceof SyntaxError) {
      return { status: 400, body: { error: { code: 'MALFORMED_JSON', message: FASTIFY_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY.message } } };
    }
    const generic = GENERIC_4XX[status] ?? { code: 'REQUEST_ERROR', message: 'La solicitud no pudo procesarse.' };
    return { status, body: { error: generic } };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL_ERROR', message: 'Ocurrió un error interno. Intente de nuevo más tarde.' } },
  };
}
