import escapeHtml from 'escape-html';
import type { OutboxRow } from '../mail/service.ts';

const dateFormat = new Intl.DateTimeFormat('es-MX', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/Mexico_City' });

/**
 * The demo's stand-in for a mailbox. Every value comes from the database and may contain what a
 * user typed, so every one goes through escape-html.
 */
export function renderOutboxPage(messages: OutboxRow[]): string {
  const items = messages.length
    ? messages.map(renderMessage).join('\n')
    : '<p class="vacio">La bandeja está vacía. Solicite un código de recuperación para ver un mensaje aquí.</p>';
  return `<!doctype html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bandeja de salida (demostración) · SIAP Biométrico</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; color: #1b1b1b; }
h1 { color: #13322b; }
article { border: 1px solid #ccc; border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
pre { white-space: pre-wrap; font-family: inherit; background: #f6f6f6; padding: .75rem; }
.meta { color: #555; font-size: .9rem; }
</style>
</head>
<body>
<h1>Bandeja de salida de correo</h1>
<p>Modo demostración: los correos que enviaría el sistema se muestran aquí (${messages.length === 1 ? 'el más reciente' : `los ${messages.length} más recientes`}).</p>
${items}
</body>
</html>
`;
}

function renderMessage(message: OutboxRow): string {
  const status = message.sent_at
    ? `enviado ${escapeHtml(dateFormat.format(message.sent_at))}`
    : message.last_error
      ? `pendiente (último error: ${escapeHtml(message.last_error)})`
      : 'pendiente de envío';
  return `<article>
<h2>${escapeHtml(message.subject)}</h2>
<p class="meta">Para: ${escapeHtml(message.to_address)} · ${escapeHtml(dateFormat.format(message.created_at))} · ${status}</p>
<pre>${escapeHtml(message.body_text)}</pre>
</article>`;
}
