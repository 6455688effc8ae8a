import { nthWeekdayOfMonth } from './civil-days.ts';

/** A day on which nobody is scheduled: the law's rest days and the institution's own calendar. */
export interface NonWorkingDay {
  date: string;
  kind: 'descanso_obligatorio' | 'inhabil_institucional';
  name: string;
}

/** What an installation adds to the law: election days (art. 74 fr. IX) and its own closures. */
export interface InstitutionCalendarEntry {
  date: string;
  kind: 'descanso_obligatorio' | 'inhabil_institucional';
  description: string;
}

const MONDAY = 1;
/** The first presidential term that starts on 1 October (constitutional reform of 2014, art. 83). */
const FIRST_OCTOBER_TRANSMISSION = 2024;
const TERM_YEARS = 6;

/**
 * Ley Federal del Trabajo, art. 74 (días de descanso obligatorio), fractions I–VIII. Fraction IX
 * (election days) depends on each election's declaration and comes from the institution calendar.
 * The "Monday" fractions follow the 2006 reform that moved the civic commemorations to Mondays.
 */
export function officialRestDays(year: number): NonWorkingDay[] {
  const day = (month: number, d: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const days: NonWorkingDay[] = [
    { date: day(1, 1), kind: 'descanso_obligatorio', name: 'Año Nuevo (LFT art. 74 fr. I)' },
    { date: nthWeekdayOfMonth(year, 2, MONDAY, 1), kind: 'descanso_obligatorio', name: 'Día de la Constitución (LFT art. 74 fr. II)' },
    { date: nthWeekdayOfMonth(year, 3, MONDAY, 3), kind: 'descanso_obligatorio', name: 'Natalicio de Benito Juárez (LFT art. 74 fr. III)' },
    { date: day(5, 1), kind: 'descanso_obligatorio', name: 'Día del Trabajo (LFT art. 74 fr. IV)' },
    { date: day(9, 16), kind: 'descanso_obligatorio', name: 'Día de la Independencia (LFT art. 74 fr. V)' },
    { date: nthWeekdayOfMonth(year, 11, MONDAY, 3), kind: 'descanso_obligatorio', name: 'Día de la Revolución (LFT art. 74 fr. VI)' },
    { date: day(12, 25), kind: 'descanso_obligatorio', name: 'Navidad (LFT art. 74 fr. VIII)' },
  ];
  const transmission = transmissionDay(year);
  if (transmission) days.push({ date: day(transmission.month, transmission.day), kind: 'descanso_obligatorio', name: 'Transmisión del Poder Ejecutivo Federal (LFT art. 74 fr. VII)' });
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Art. 74 fr. VII: the day the Federal Executive changes hands, every six years. Until 2018 the
 * term began on 1 December; from 2024 on it begins on 1 October.
 */
function transmissionDay(year: number): { month: number; day: number } | null {
  if (year >= FIRST_OCTOBER_TRANSMISSION) return (year - FIRST_OCTOBER_TRANSMISSION) % TERM_YEARS === 0 ? { month: 10, day: 1 } : null;
  return (FIRST_OCTOBER_TRANSMISSION - TERM_YEARS - year) % TERM_YEARS === 0 ? { month: 12, day: 1 } : null;
}

/**
 * Every non-working day of the given years, by date. The institution's entry wins over the law's
 * only in its description: both mean nobody is scheduled.
 */
export function nonWorkingDays(years: number[], institution: InstitutionCalendarEntry[]): Map<string, NonWorkingDay> {
  const byDate = new Map<string, NonWorkingDay>();
  for (const year of years) for (const d of officialRestDays(year)) byDate.set(d.date, d);
  for (const entry of institution) {
    if (!byDate.has(entry.date)) byDate.set(entry.date, { date: entry.date, kind: entry.kind, name: entry.description });
  }
  return byDate;
}
