/**
 * Calendar arithmetic on plain dates (no time of day, no time zone): identifiers and quincenas
 * name civil dates, so a Date object's local/UTC shift must never move a day.
 */

export function isLeapYear(year: number): boolean {
  // Gregorian rule: every 4th year, except centuries not divisible by 400.
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** YYYY-MM-DD */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Parses the six digits YYMMDD of a CURP/RFC with the century already decided. */
export function parseYymmdd(
  yymmdd: string,
  century: number,
): { year: number; month: number; day: number } | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const year = century + Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  return isValidCalendarDate(year, month, day) ? { year, month, day } : null;
}
