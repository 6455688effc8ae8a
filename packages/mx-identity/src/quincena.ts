import { daysInMonth, isValidCalendarDate, isoDate } from './calendar-date.ts';
import { fail, ok, type ValidationResult } from './validation-result.ts';

/**
 * The quincena (half-month pay period) calendar used in Mexican payroll and pension payments:
 * 24 per year, numbered 1–24; odd ones cover days 1–15 of a month, even ones day 16 to the end
 * of the month (28–31 days). Written `YYYY-Qnn`, e.g. '2026-Q21' = 1–15 November 2026.
 */
export interface Quincena {
  year: number;
  /** 1..24 */
  index: number;
}

const CODE = 'QUINCENA_INVALID';

const MONTHS_ES = [
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio',
  'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
];

function assertQuincena(q: Quincena): void {
  if (!Number.isInteger(q.year) || q.year < 1 || q.year > 9999 || !Number.isInteger(q.index) || q.index < 1 || q.index > 24) {
    throw new RangeError(`Invalid quincena: ${JSON.stringify(q)}`);
  }
}

export function parseQuincena(id: string): ValidationResult<Quincena> {
  const text = String(id ?? '').trim().toUpperCase();
  const match = /^(\d{4})-Q(\d{2})$/.exec(text);
  if (!match) {
    return fail(CODE, `La quincena «${text}» no tiene el formato AAAA-Qnn (por ejemplo 2026-Q21).`);
  }
  const year = Number(match[1]);
  const index = Number(match[2]);
  if (year < 1) return fail(CODE, `El año de la quincena «${text}» no es válido.`);
  if (index < 1 || index > 24) {
    return fail(CODE, `El número de quincena debe estar entre 01 y 24; se recibió ${match[2]}.`);
  }
  return ok({ year, index });
}

export function formatQuincena(q: Quincena): string {
  assertQuincena(q);
  return `${String(q.year).padStart(4, '0')}-Q${String(q.index).padStart(2, '0')}`;
}

/**
 * The calendar date YYYY-MM-DD of `date`. A string is read literally (its first 10 characters), so
 * '2026-11-15T23:30:00-06:00' is 15 November. A Date is an instant and has no date until a time
 * zone is chosen: UTC by default (which matches `new Date('2026-11-15')`), or the given IANA zone,
 * e.g. 'America/Mexico_City' for the civil date in central Mexico.
 */
export function civilDate(date: string | Date, timeZone = 'UTC'): string {
  if (typeof date === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date.trim());
    if (!match || !isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
      throw new RangeError(`Not a calendar date: ${date}`);
    }
    return match[0];
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
  if (timeZone === 'UTC') {
    return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** @throws RangeError when `date` is not a calendar date. */
export function quincenaOf(date: string | Date, timeZone?: string): Quincena {
  const iso = civilDate(date, timeZone);
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  return { year, index: (month - 1) * 2 + (day <= 15 ? 1 : 2) };
}

/** Inclusive ISO dates: days 1–15, or 16 to the last day of the month. */
export function quincenaRange(q: Quincena): { start: string; end: string } {
  assertQuincena(q);
  const month = Math.ceil(q.index / 2);
  return q.index % 2 === 1
    ? { start: isoDate(q.year, month, 1), end: isoDate(q.year, month, 15) }
    : { start: isoDate(q.year, month, 16), end: isoDate(q.year, month, daysInMonth(q.year, month)) };
}

export function nextQuincena(q: Quincena): Quincena {
  assertQuincena(q);
  return q.index === 24 ? { year: q.year + 1, index: 1 } : { year: q.year, index: q.index + 1 };
}

export function previousQuincena(q: Quincena): Quincena {
  assertQuincena(q);
  return q.index === 1 ? { year: q.year - 1, index: 24 } : { year: q.year, index: q.index - 1 };
}

/** Negative when a is earlier than b, 0 when equal, positive when later (usable with sort). */
export function compareQuincenas(a: Quincena, b: Quincena): number {
  return a.year !== b.year ? a.year - b.year : a.index - b.index;
}

/** es-MX label, e.g. '1.ª quincena de noviembre de 2026'. */
export function quincenaLabel(q: Quincena): string {
  assertQuincena(q);
  const half = q.index % 2 === 1 ? '1.ª' : '2.ª';
  return `${half} quincena de ${MONTHS_ES[Math.ceil(q.index / 2) - 1]} de ${q.year}`;
}
