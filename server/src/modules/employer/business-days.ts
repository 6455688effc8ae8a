/**
 * Business days between two calendar dates (YYYY-MM-DD), for the legal term of IMSS notices:
 * avisos de alta, baja and modificación are due within five business days (LSS art. 15 fr. I and
 * art. 34; RLSS art. 45). Business days are Monday to Friday; public holidays are not subtracted
 * (a choice: it can only flag a notice as late a day or two early around a holiday, never hide one).
 */
export const LEGAL_TERM_BUSINESS_DAYS = 5;

export function businessDaysAfter(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  let count = 0;
  for (let t = start + 86_400_000; t <= end; t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
