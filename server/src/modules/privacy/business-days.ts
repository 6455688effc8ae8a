/**
 * Días hábiles for the legal clock of ARCO requests (LGPDPPSO art. 51: "días" are business days,
 * Ley Federal de Procedimiento Administrativo art. 28 supplementing it): Saturdays, Sundays and the
 * non-working days of the federal calendar the attendance module keeps (LFT art. 74 plus the
 * institution's own closures) do not count. The term starts the day after the triggering event.
 */
export function addBusinessDays(start: string, days: number, isNonWorking: (date: string) => boolean): string {
  let date = start;
  let counted = 0;
  while (counted < days) {
    date = nextDate(date);
    if (!isWeekend(date) && !isNonWorking(date)) counted++;
  }
  return date;
}

/** Business days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from`. */
export function businessDaysBetween(from: string, to: string, isNonWorking: (date: string) => boolean): number {
  if (to === from) return 0;
  const forward = to > from;
  let a = forward ? from : to;
  const b = forward ? to : from;
  let n = 0;
  while (a < b) {
    a = nextDate(a);
    if (!isWeekend(a) && !isNonWorking(a)) n++;
  }
  return forward ? n : -n;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}
