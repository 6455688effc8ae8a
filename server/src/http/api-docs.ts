import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Role } from '../modules/accounts/roles.ts';

/**
 * The API document at /docs: every operation says which role it needs, which error answers it can
 * give (with their stable codes) and, for writes, the CSRF header. These additions shape only the
 * document (`transform`), never how a response is serialised. The page is Swagger UI in Spanish
 * (docs-es.js translates its labels) under a CSP without inline scripts.
 */

/** Guards carry the roles they admit so the document can say them (requireRole, requireRoleOrKiosk). */
export interface DocumentedGuard {
  roles?: readonly Role[];
  kiosk?: boolean;
}

const ERROR_BODY = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Código estable, p. ej. VALIDATION_ERROR' },
        message: { type: 'string', description: 'Mensaje para personas, en español (es-MX)' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const;

const ERRORS: Record<number, string> = {
  400: 'Solicitud inválida: `VALIDATION_ERROR` (details.fields dice qué campo y por qué), `MALFORMED_JSON`, o el código de la regla (p. ej. `CURP_INVALID`, `OOAD_UNKNOWN`, `PASSWORD_POLICY`).',
  401: 'Sin sesión o sesión vencida: `AUTH_REQUIRED`, `INVALID_CREDENTIALS`.',
  403: 'Sin permiso: `FORBIDDEN` (el rol no basta), `CSRF_INVALID` (falta o no vale el encabezado x-csrf-token), `KIOSK_OTHER_STATION`, `ACCOUNT_DISABLED`.',
  409: 'Conflicto con el estado actual: p. ej. `ACCOUNT_EXISTS`, `MATRICULA_IN_USE`, `IDEMPOTENCY_KEY_REUSED`.',
  422: 'Bien formada pero no procesable por las reglas: p. ej. `INCIDENT_NOT_FOUND`, `CAPTURED_AT_TOO_OLD`, `BIOMETRIC_QUALITY_LOW`.',
  423: 'Cuenta bloqueada temporalmente por intentos fallidos: `ACCOUNT_LOCKED` (details.retryAfterSeconds y encabezado Retry-After).',
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function guardsOf(route: RouteOptions | undefined): DocumentedGuard[] {
  // Role guards run onRequest (http/session.ts moves them there); kiosk-aware guards stay preHandler.
  const list = [route?.onRequest, route?.preHandler].flatMap((hook) => (Array.isArray(hook) ? hook : hook ? [hook] : []));
  return list.map((guard) => guard as unknown as DocumentedGuard).filter((g) => g.roles !== undefined);
}

function roleText(route: RouteOptions | undefined): string {
  const guards = guardsOf(route);
  if (guards.length === 0) return 'Rol requerido: ninguno en particular.';
  const roles = guards.flatMap((g) => g.roles ?? []);
  const kiosk = guards.some((g) => g.kiosk) ? ' o un quiosco vinculado (sesión de estación)' : '';
  return `Rol requerido: ${roles.join(', ')}${kiosk}.`;
}

/** Adds role, errors and security to one operation of the document. */
export function documentOperation(schema: Record<string, unknown> | undefined, method: string, route: RouteOptions | undefined): Record<string, unknown> {
  const base = { ...(schema ?? {}) };
  const guarded = guardsOf(route).length > 0;
  const role = roleText(route);
  base.description = base.description ? `${role}\n\n${String(base.description)}` : role;
  const response = { ...((base.response as Record<string, unknown> | undefined) ?? {}) };
  for (const [status, description] of Object.entries(ERRORS)) {
    if (!guarded && (status === '401' || status === '403') && !WRITE_METHODS.has(method)) continue;
    if (!(status in response)) response[status] = { description, ...ERROR_BODY };
  }
  base.response = response;
  if (WRITE_METHODS.has(method)) base.security = guarded ? [{ sesion: [], csrf: [] }, { quiosco: [], csrf: [] }] : [{}, { sesion: [], csrf: [] }];
  else if (guarded) base.security = [{ sesion: [] }, { quiosco: [] }];
  return base;
}

const SPANISH_UI = `
// Swagger UI has no Spanish locale: its fixed labels are translated in place as it renders.
(function () {
  document.documentElement.lang = 'es-MX';
  var words = {
    'Try it out': 'Probar', 'Cancel': 'Cancelar', 'Execute': 'Ejecutar', 'Clear': 'Limpiar',
    'Parameters': 'Parámetros', 'No parameters': 'Sin parámetros', 'Responses': 'Respuestas',
    'Request body': 'Cuerpo de la solicitud', 'Response body': 'Cuerpo de la respuesta',
    'Response headers': 'Encabezados de la respuesta', 'Code': 'Código', 'Description': 'Descripción',
    'Links': 'Enlaces', 'No links': 'Sin enlaces', 'Name': 'Nombre', 'Schemas': 'Esquemas',
    'Authorize': 'Autorizar', 'Available authorizations': 'Autorizaciones disponibles', 'Close': 'Cerrar',
    'Logout': 'Salir', 'Servers': 'Servidores', 'Example Value': 'Ejemplo', 'Schema': 'Esquema',
    'Media type': 'Tipo de contenido', 'Download': 'Descargar', 'Server response': 'Respuesta del servidor',
    'Responses': 'Respuestas', 'Details': 'Detalles', 'Request URL': 'URL de la solicitud', 'required': 'obligatorio',
    'Filter by tag': 'Filtrar por etiqueta', 'Value': 'Valor'
  };
  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue.trim();
      if (text && Object.prototype.hasOwnProperty.call(words, text)) node.nodeValue = node.nodeValue.replace(text, words[text]);
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) { change.addedNodes.forEach(function (n) { if (n.nodeType === 1) translate(n); }); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
`;

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'SIAP Biométrico — API',
        description: [
          'Identidad, asistencia y supervivencia biométrica. Mensajes de error en español (es-MX).',
          '',
          '**Sesión.** Inicie sesión con `POST /api/auth/employee-login` (personal IMSS) o `POST /api/auth/curp-login`; la sesión viaja en la cookie httpOnly `siap_session`. Un quiosco vinculado usa la cookie `siap_kiosk` (sesión de estación, solo derechos de quiosco).',
          '',
          '**CSRF.** Toda escritura (POST, PUT, PATCH, DELETE) que lleve una de esas cookies necesita el encabezado `x-csrf-token` con el token de `GET /api/session/csrf` (pídalo después de iniciar sesión). Sin él la respuesta es `403 CSRF_INVALID`.',
          '',
          '**Errores.** Siempre `{ "error": { "code", "message", "details?" } }`: 400 `VALIDATION_ERROR`/reglas, 401 `AUTH_REQUIRED`, 403 `FORBIDDEN`/`CSRF_INVALID`, 404 `NOT_FOUND`, 409 conflictos, 422 reglas de negocio, 423 `ACCOUNT_LOCKED`, 429 `RATE_LIMITED`, 500 `INTERNAL_ERROR` (sin detalles internos).',
          '',
          'Cada operación dice en su descripción qué rol necesita.',
        ].join('\n'),
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          sesion: { type: 'apiKey', in: 'cookie', name: 'siap_session', description: 'Cookie de sesión (httpOnly) que fija el inicio de sesión' },
          quiosco: { type: 'apiKey', in: 'cookie', name: 'siap_kiosk', description: 'Cookie de un quiosco vinculado: sesión de estación con derechos de quiosco' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'Token de GET /api/session/csrf; obligatorio en escrituras con cookie' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const method = String(Array.isArray(route.method) ? route.method[0] : route.method).toUpperCase();
      if (!url.startsWith('/api/')) return { schema, url };
      return { schema: documentOperation(schema as Record<string, unknown>, method, route) as typeof schema, url };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI sets inline styles as it renders; scripts stay 'self' only (no inline script).
    staticCSP: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'font-src': ["'self'", 'data:'],
      'frame-ancestors': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
    },
    // The validator badge loads an image from validator.swagger.io, which the CSP refuses (and should).
    uiConfig: { validatorUrl: null, docExpansion: 'list' },
    theme: { title: 'SIAP Biométrico — Documentación de la API', js: [{ filename: 'docs-es.js', content: SPANISH_UI }] },
  });
}
