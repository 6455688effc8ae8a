import { isoDate, parseYymmdd } from './calendar-date.ts';
import { isRfcInconvenientWord } from './rfc-inconvenient-words.ts';
import { fail, ok, type ValidationResult } from './validation-result.ts';

export interface RfcInfo {
  rfc: string;
  kind: 'fisica' | 'moral';
  /** Birth date (persona física) or date of incorporation (persona moral), YYYY-MM-DD. */
  date: string;
}

export interface RfcValidationOptions {
  /** Decides the century of the two-digit year (and rejects future dates); defaults to now. */
  today?: string | Date;
}

const CODE = 'RFC_INVALID';

/**
 * SAT's check-digit table: '0'–'9' → 0–9, 'A'–'N' → 10–23, '&' → 24, 'O'–'Z' → 25–36,
 * ' ' → 37, 'Ñ' → 38.
 */
const CHECK_TABLE = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

/**
 * Last character of the homoclave (SAT, módulo 11): the 12 characters before it (a persona
 * moral's 11 are left-padded with one space) weighted 13, 12, …, 2; remainder r = sum mod 11;
 * digit 0 when r = 0, otherwise 11 − r, written 'A' when that is 10.
 * @throws RangeError when the input is not 11 or 12 characters of the table.
 */
export function rfcCheckDigit(first12or11: string): string {
  const text = first12or11.toUpperCase();
  if (text.length !== 11 && text.length !== 12) {
    throw new RangeError('rfcCheckDigit expects 12 (persona física) or 11 (persona moral) characters');
  }
  const padded = text.length === 11 ? ` ${text}` : text;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const value = CHECK_TABLE.indexOf(padded[i]);
    if (value < 0) throw new RangeError(`Unexpected character in RFC: ${padded[i]}`);
    sum += value * (13 - i);
  }
  const remainder = sum % 11;
  if (remainder === 0) return '0';
  const digit = 11 - remainder;
  return digit === 10 ? 'A' : String(digit);
}

/**
 * SAT's generic RFCs for operations with the general public (XAXX010101000) and with foreign
 * residents (XEXX010101000). They appear on millions of invoices and are valid, but they are
 * fixed strings that do not follow the check-digit algorithm, so they are accepted by name.
 */
export const GENERIC_RFCS: ReadonlySet<string> = new Set(['XAXX010101000', 'XEXX010101000']);

const FISICA = /^([A-ZÑ&]{4})(\d{6})([A-Z0-9]{2})([0-9A])$/;
const MORAL = /^([A-ZÑ&]{3})(\d{6})([A-Z0-9]{2})([0-9A])$/;

export function validateRfc(input: string, options: RfcValidationOptions = {}): ValidationResult<RfcInfo> {
  const rfc = String(input ?? '').trim().toUpperCase();
  if (GENERIC_RFCS.has(rfc)) return ok({ rfc, kind: 'fisica', date: '2001-01-01' });
  if (rfc.length !== 13 && rfc.length !== 12) {
    return fail(
      CODE,
      `El RFC debe tener 13 caracteres (persona física) o 12 (persona moral); se recibieron ${rfc.length}.`,
    );
  }
  const kind = rfc.length === 13 ? 'fisica' : 'moral';
  const match = (kind === 'fisica' ? FISICA : MORAL).exec(rfc);
  if (!match) {
    return fail(
      CODE,
      kind === 'fisica'
        ? 'El RFC de persona física debe tener 4 letras, 6 dígitos de fecha (AAMMDD) y 3 caracteres de homoclave.'
        : 'El RFC de persona moral debe tener 3 letras, 6 dígitos de fecha (AAMMDD) y 3 caracteres de homoclave.',
    );
  }
  const [, letters, yymmdd] = match;
  if (kind === 'fisica' && isRfcInconvenientWord(letters)) {
    return fail(
      CODE,
      `Las primeras cuatro letras del RFC forman la palabra inconveniente «${letters}»; el SAT la sustituye con X en la cuarta posición.`,
    );
  }
  const today = todayParts(options.today);
  // The RFC keeps two digits of the year: take the most recent century that is not in the future.
  const yy = Number(yymmdd.slice(0, 2));
  const century = yy <= today.year % 100 ? today.century : today.century - 100;
  const date = parseYymmdd(yymmdd, century);
  if (!date) {
    return fail(CODE, `La fecha del RFC (${yymmdd}, formato AAMMDD) no es una fecha válida del calendario.`);
  }
  const iso = isoDate(date.year, date.month, date.day);
  if (iso > today.iso) {
    return fail(CODE, `La fecha del RFC (${iso}) es posterior a hoy.`);
  }
  const expected = rfcCheckDigit(rfc.slice(0, -1));
  const actual = rfc[rfc.length - 1];
  if (actual !== expected) {
    return fail(
      CODE,
      `El dígito verificador del RFC no corresponde: termina en ${actual} y debería terminar en ${expected}.`,
    );
  }
  return ok({ rfc, kind, date: iso });
}

function todayParts(today: string | Date | undefined): { iso: string; year: number; century: number } {
  let iso: string;
  if (typeof today === 'string') iso = today.slice(0, 10);
  else {
    const d = today ?? new Date();
    iso = isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
  }
  const year = Number(iso.slice(0, 4));
  return { iso, year, century: year - (year % 100) };
}
