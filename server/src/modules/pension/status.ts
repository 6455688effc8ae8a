import type { ProofStatus } from './tables.ts';

/** Days before the due date when the status turns "por vencer", and reminder days (issue 12). */
export const DUE_SOON_DAYS = 30;
export const REMINDER_DAYS = [30, 7, 0] as const;
/** Failed remote proofs in one day after which the person is asked to go to a clinic. */
export const MAX_REMOTE_FAILURES_PER_DAY = 3;

const DAY_MS = 86_400_000;

/** Whole days from `today` to `due` (both 'YYYY-MM-DD'); negative when past due. */
export function daysUntil(due: string, today: string): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** The status a due date gives on a day. "En riesgo" flags for review; it never blocks payment. */
export function statusOn(due: string, today: string): ProofStatus {
  const left = daysUntil(due, today);
  if (left < 0) return 'en_riesgo';
  if (left <= DUE_SOON_DAYS) return 'por_vencer';
  return 'vigente';
}

/** Reminders due by `today` for a due date: each of 30, 7 and 0 days once its day has come. */
export function remindersDue(due: string, today: string): number[] {
  const left = daysUntil(due, today);
  // Only the latest one that applies: a pensioner registered 5 days before due gets the 7-day one, not three at once.
  const reached = REMINDER_DAYS.filter((d) => left <= d);
  return reached.length ? [Math.min(...reached)] : [];
}

export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day in Mexico City (where due dates are counted). */
export function mexicoDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** "Ma***a Ló***z" — what a stranger holding the constancia's QR may see. */
export function maskName(...parts: Array<string | null | undefined>): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .flatMap((p) => p.split(/\s+/))
    .map((w) => (w.length <= 2 ? `${w[0]}*` : `${w.slice(0, 2)}${'*'.repeat(Math.max(1, w.length - 3))}${w.slice(-1)}`))
    .join(' ');
}
