import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { longDate } from './constancia-pdf.ts';
import type { PensionService } from './service.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `/constancia/:folio`, what the constancia's QR opens: a page with no script, readable on any
 * phone, that says only whether the folio is valid, its date and a masked name.
 */
export const pensionPublicPage: FastifyPluginAsyncTypebox<{ pension: PensionService }> = async (app, { pension }) => {
  app.get(
    '/constancia/:folio',
    { schema: { hide: true, params: Type.Object({ folio: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const check = await pension.publicCheck(request.params.folio);
      const body = check.valid
        ? `<p class="ok">✔ Constancia válida</p><dl><dt>Folio</dt><dd>${escape(check.folio)}</dd><dt>Fecha</dt><dd>${escape(longDate(check.date!))}</dd><dt>Nombre</dt><dd>${escape(check.maskedName!)}</dd></dl>`
        : `<p class="bad">✘ No existe una constancia con el folio ${escape(check.folio)}.</p>`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(`<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Verificación de constancia de supervivencia</title><style>body{font:20px/1.5 system-ui,sans-serif;margin:0;padding:24px;max-width:560px}h1{font-size:24px}.ok{color:#0a6b2d;font-weight:700;font-size:26px}.bad{color:#9b1c1c;font-weight:700}dt{font-weight:700;margin-top:12px}dd{margin:0}</style></head><body><h1>Constancia de supervivencia</h1>${body}<p><small>IMSS · SIAP Biométrico. Esta página solo confirma la constancia; no muestra datos personales.</small></p></body></html>`);
    },
  );
};
