import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import escapeHtml from 'escape-html';
import { PACKAGE_FILES, type PackageFile } from '@siap/evidence';
import { requireAuth, requireRole } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import { ChallengeResponse } from '../verification/schema.ts';
import { FaceSignBody, FingerSignBody, IncapacidadView, IssueBody, PublicSignatureCheck, SignatureAttempt, SignatureResult } from './schema.ts';
import type { Caller, IncapacityService } from './service.ts';

const BODY_LIMIT = 16 * 1_048_576;
const FolioParams = Type.Object({ folio: Type.String({ maxLength: 40 }) });
const IncapacidadList = Type.Array(IncapacidadView);

const FILE_BY_NAME = new Map<string, PackageFile>(Object.entries(PACKAGE_FILES).map(([key, name]) => [name, key as PackageFile]));
const MEDIA_TYPES: Record<PackageFile, string> = {
  document: 'application/pdf',
  evidence: 'application/json',
  signature: 'application/pkcs7-signature',
  timestamp: 'application/timestamp-reply',
  institutionCa: 'application/x-pem-file',
  tsaCa: 'application/x-pem-file',
};

function caller(request: FastifyRequest): Caller {
  const auth = requireAuth(request);
  return { actor: `account:${auth.accountId}`, personId: auth.personId, role: auth.role };
}

/**
 * Incapacidades and their biometric signatures (see README.md). `/firmas/:folio` (HTML) and
 * `/api/firmas/:folio` (JSON) are public: the QR of the signed PDF opens them.
 */
export const incapacityRoutes: FastifyPluginAsyncTypebox<{ incapacity: IncapacityService; publicBaseUrl: string | null }> = async (app, { incapacity, publicBaseUrl }) => {
  const tags = ['incapacidades'];
  const baseUrl = (request: FastifyRequest) => publicBaseUrl ?? `${request.protocol}://${request.host}`;

  app.post('/api/incapacidades', { preHandler: requireRole('medico'), schema: { tags, summary: 'Expedir un certificado de incapacidad temporal para el trabajo', body: IssueBody, response: { 201: IncapacidadView } } }, async (request, reply) => {
    reply.code(201);
    return incapacity.issue(caller(request), request.body);
  });

  app.get('/api/incapacidades/expedidas', { preHandler: requireRole('medico'), schema: { tags, summary: 'Certificados que expidió el médico', response: { 200: IncapacidadList } } }, async (request) => incapacity.listIssued(caller(request)));

  app.get('/api/incapacidades/mias', { schema: { tags, summary: 'Mis incapacidades (persona asegurada)', response: { 200: IncapacidadList } } }, async (request) => incapacity.listMine(caller(request)));

  app.get('/api/incapacidades/patron', { preHandler: requireRole('patron'), schema: { tags, summary: 'Incapacidades de los trabajadores del patrón, con su subsidio y su firma', response: { 200: IncapacidadList } } }, async (request) => incapacity.listForEmployer(caller(request)));

  app.get('/api/incapacidades/:folio', { schema: { tags, summary: 'Un certificado de incapacidad', params: FolioParams, response: { 200: IncapacidadView } } }, async (request) => incapacity.get(request.params.folio, caller(request)));

  app.get('/api/incapacidades/:folio/intentos', { schema: { tags, summary: 'Intentos de firma rechazados, con su motivo', params: FolioParams, response: { 200: Type.Array(SignatureAttempt) } } }, async (request) => incapacity.attempts(request.params.folio, caller(request)));

  app.get('/api/incapacidades/:folio/documento.pdf', { schema: { tags, summary: 'El documento a firmar (PDF canónico; su SHA-256 es el de la firma)', params: FolioParams } }, async (request, reply) => {
    const pdf = await incapacity.document(request.params.folio, caller(request));
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${request.params.folio}.pdf"`).send(pdf);
  });

  app.post('/api/incapacidades/:folio/firma/reto', { schema: { tags, summary: 'Reto de vida para firmar con el rostro (finalidad firma, un solo uso, 60 s)', params: FolioParams, response: { 201: ChallengeResponse } } }, async (request, reply) => {
    reply.code(201);
    return incapacity.faceChallenge(request.params.folio, caller(request));
  });

  app.post(
    '/api/incapacidades/:folio/firma/rostro',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Firmar con el rostro: 1:1 + reto activo + detección pasiva; sella la evidencia (CMS + RFC 3161)',
        params: FolioParams,
        body: FaceSignBody,
        response: { 201: SignatureResult },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return incapacity.signWithFace(request.params.folio, caller(request), { ...request.body, userAgent: request.headers['user-agent'] ?? null, baseUrl: baseUrl(request) });
    },
  );

  app.post(
    '/api/incapacidades/:folio/firma/huella',
    {
      preHandler: requireRole('medico', 'operador', 'supervisor'),
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Firmar con la huella en una estación de la clínica (1:1, captura atendida)',
        params: FolioParams,
        body: FingerSignBody,
        response: { 201: SignatureResult },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return incapacity.signWithFinger(request.params.folio, caller(request), { ...request.body, userAgent: request.headers['user-agent'] ?? null, baseUrl: baseUrl(request) });
    },
  );

  app.get('/api/incapacidades/:folio/firmado.pdf', { schema: { tags, summary: 'El certificado firmado (bloque de firma visible, QR, firma PDF del Instituto)', params: FolioParams } }, async (request, reply) => {
    const pdf = await incapacity.signedPdf(request.params.folio, caller(request));
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${request.params.folio}-firmado.pdf"`).send(pdf);
  });

  app.get(
    '/api/incapacidades/:folio/evidencia/:file',
    { schema: { tags, summary: 'Un archivo del paquete de evidencia (document.pdf, evidence.json, evidence.p7s, evidence.tsr, institution-ca.pem, tsa-ca.pem)', params: Type.Object({ folio: Type.String({ maxLength: 40 }), file: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const key = FILE_BY_NAME.get(request.params.file);
      if (!key) return reply.code(404).send({ error: { code: 'EVIDENCE_FILE_UNKNOWN', message: 'El paquete no tiene ese archivo.' } });
      const files = await incapacity.evidencePackage(request.params.folio, caller(request));
      return reply.header('content-type', MEDIA_TYPES[key]).header('content-disposition', `attachment; filename="${request.params.file}"`).send(Buffer.from(files[key]));
    },
  );

  app.get('/api/firmas/:folio', { schema: { tags, summary: 'Verificación pública de una firma (el paquete guardado, revisado otra vez por el verificador)', params: FolioParams, response: { 200: PublicSignatureCheck } } }, async (request) => {
    const check = await incapacity.publicCheck(request.params.folio);
    if (!check) throw new AppError('SIGNATURE_NOT_FOUND', 'No existe una firma con ese folio.', 404);
    return check;
  });

  app.get('/firmas/:folio', { schema: { hide: true, params: FolioParams } }, async (request, reply) => {
    const check = await incapacity.publicCheck(request.params.folio);
    const body = !check
      ? `<p class="bad">✘ No existe una firma con el folio ${escapeHtml(request.params.folio)}.</p>`
      : `${check.valid ? '<p class="ok">✔ Firma válida</p>' : `<p class="bad">✘ Firma NO válida: falló la revisión «${escapeHtml(check.firstFailure?.id ?? '')}»</p>`}
<dl><dt>Folio de firma</dt><dd>${escapeHtml(check.signatureFolio)}</dd><dt>Certificado de incapacidad</dt><dd>${escapeHtml(check.folio)} · ${escapeHtml(check.ramo.replace('_', ' '))} · ${check.days} días desde el ${escapeHtml(check.startDate)}</dd>
<dt>Firmó</dt><dd>${escapeHtml(check.initials)} con ${check.modality === 'rostro' ? 'su rostro (prueba de vida)' : 'su huella'}</dd>
<dt>Sello de tiempo</dt><dd>${escapeHtml(check.timestampedAt ?? '—')}</dd><dt>SHA-256 del documento</dt><dd><code>${escapeHtml(check.documentSha256 ?? '—')}</code></dd></dl>
<ul>${check.checks.map((c) => `<li>${c.ok ? '✔' : '✘'} ${escapeHtml(c.detail)}</li>`).join('')}</ul>`;
    return reply
      .code(check ? 200 : 404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        `<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Verificación de firma biométrica</title><style>body{font:18px/1.5 system-ui,sans-serif;margin:0;padding:24px;max-width:720px}h1{font-size:24px}.ok{color:#0a6b2d;font-weight:700;font-size:26px}.bad{color:#9b1c1c;font-weight:700}dt{font-weight:700;margin-top:10px}dd{margin:0;word-break:break-all}li{font-size:15px;word-break:break-all}</style></head><body><h1>Firma biométrica de un certificado de incapacidad</h1>${body}<p><small>IMSS · SIAP Biométrico. Esta página vuelve a verificar el paquete de evidencia guardado (hash, firma CMS, cadena de certificados, sello de tiempo RFC 3161). El paquete se verifica también sin este servidor: npm run signature:verify o OpenSSL.</small></p></body></html>`,
      );
  });
};
