import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/app-error.ts';

/** The privacy notice as shown and as consented to: the institution's file, not code. */
export interface PrivacyNotice {
  version: string;
  title: string;
  /** Markdown body, shown as is. */
  text: string;
  /** SHA-256 of the whole file: an edit that forgot to change `version` is still told apart. */
  sha256: string;
}

/** The notice shipped with the server; PRIVACY_NOTICE_PATH points to the institution's own. */
export const DEFAULT_NOTICE_PATH = fileURLToPath(new URL('../../../privacy/aviso-de-privacidad.md', import.meta.url));

/**
 * Reads a notice file: a front matter block with `version:` and `title:` between `---` lines,
 * then the Markdown text. A file without a version is refused (consents must name one).
 */
export function parseNotice(content: string): PrivacyNotice {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(content);
  if (!match) throw new AppError('PRIVACY_NOTICE_INVALID', 'El aviso de privacidad no tiene encabezado (--- version: … ---).', 500);
  const fields = Object.fromEntries(
    match[1]
      .split(/\r?\n/)
      .map((line) => /^\s*([a-z_]+)\s*:\s*(.*?)\s*$/i.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1].toLowerCase(), m[2]]),
  );
  if (!fields.version) throw new AppError('PRIVACY_NOTICE_INVALID', 'El aviso de privacidad no declara su versión.', 500);
  return { version: fields.version, title: fields.title ?? 'Aviso de privacidad', text: match[2].trim(), sha256: createHash('sha256').update(content).digest('hex') };
}

/** Retention and rights policy shipped with the server; PRIVACY_POLICY_PATH points to the institution's own. */
export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../../privacy/politica-de-datos.json', import.meta.url));

/** The simplified notice (LGPDPPSO art. 27) lives beside the integral one: `<name>-simplificado.md`. */
export function simplifiedPathOf(integralPath: string): string {
  return integralPath.replace(/(\.md)?$/i, '-simplificado.md');
}

/** Reads the file on every call: an institution edits it without restarting the server. */
export function loadNotice(path: string): PrivacyNotice {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    throw new AppError('PRIVACY_NOTICE_MISSING', 'No se encontró el aviso de privacidad configurado.', 500);
  }
  return parseNotice(content);
}
