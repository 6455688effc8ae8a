/**
 * Arithmetic on civil dates ('YYYY-MM-DD') and civil minutes, with no time zone: attendance is
 * judged on the wall clock of the workplace, so a UTC offset must never move a day or a minute.
 * A "day number" counts days since 1970-01-01; a "civil minute" is dayNumber × 1440 + minute of day,
 * which lets a night shift run past midnight (and past a month or quincena end) without special cases.
 */

const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1_440;

export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new RangeError(`Not a calendar date: ${date}`);
  return ms / MS_PER_DAY;
}

export function dateOfDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** ISO weekday: 1 = Monday … 7 = Sunday (the numbering shifts use). */
export function isoWeekday(date: string): number {
  const utcDay = new Date(dayNumber(date) * MS_PER_DAY).getUTCDay();
  return utcDay === 0 ? 7 : utcDay;
}

/** Every date from `start` to `end`, both included. */
export function eachDate(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let n = dayNumber(start); n <= dayNumber(end); n += 1) dates.push(dateOfDayNumber(n));
  return dates;
}

/** The n-th (1-based) given ISO weekday of a month, e.g. the third Monday of November. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): string {
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  const offset = (weekday - isoWeekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

/** '08:05' → 485. */
export function parseClock(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new RangeError(`Not an HH:MM time: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** 485 → '08:05' (the minute of day, whatever day it falls on). */
export function formatClock(minuteOfDay: number): string {
  const m = ((minuteOfDay % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function civilMinute(date: string, minuteOfDay: number): number {
  return dayNumber(date) * MINUTES_PER_DAY + minuteOfDay;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The workplace's wall-clock reading of an instant, truncated to the minute: a kiosk shows HH:MM
 * and people are told "you may arrive until 08:10", so 08:10:59 is still 08:10.
 */
export function wallClock(instant: Date, timeZone: string): { date: string; minuteOfDay: number; civilMinute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const minuteOfDay = Number(parts.hour) * 60 + Number(parts.minute);
  return { date, minuteOfDay, civilMinute: civilMinute(date, minuteOfDay) };
}
