import { describe, expect, it } from 'vitest';
import { isoWeekday, nthWeekdayOfMonth } from './civil-days.ts';
import { nonWorkingDays, officialRestDays } from './rest-days.ts';

const dates = (year: number) => officialRestDays(year).map((d) => d.date);

describe('LFT art. 74 rest days', () => {
  it('lists the 2026 days, with the Monday commemorations on their Mondays', () => {
    expect(dates(2026)).toEqual(['2026-01-01', '2026-02-02', '2026-03-16', '2026-05-01', '2026-09-16', '2026-11-16', '2026-12-25']);
    for (const d of ['2026-02-02', '2026-03-16', '2026-11-16']) expect(isoWeekday(d)).toBe(1);
  });

  it('adds 1 October in the years the presidency changes hands from 2024 on, 1 December before', () => {
    expect(dates(2024)).toContain('2024-10-01');
    expect(dates(2030)).toContain('2030-10-01');
    expect(dates(2036)).toContain('2036-10-01');
    expect(dates(2018)).toContain('2018-12-01');
    expect(dates(2018)).not.toContain('2018-10-01');
    for (const year of [2025, 2026, 2027, 2028, 2029, 2031]) {
      expect(dates(year).some((d) => d.endsWith('-10-01') || d.endsWith('-12-01'))).toBe(false);
    }
  });

  it('finds the n-th weekday of a month when the month starts on that weekday and when it does not', () => {
    expect(nthWeekdayOfMonth(2027, 2, 1, 1)).toBe('2027-02-01'); // 1 Feb 2027 is a Monday
    expect(nthWeekdayOfMonth(2027, 11, 1, 3)).toBe('2027-11-15');
    expect(nthWeekdayOfMonth(2025, 3, 1, 3)).toBe('2025-03-17');
  });

  it('merges the institution calendar (election days, closures) without losing the law’s days', () => {
    const merged = nonWorkingDays([2027], [
      { date: '2027-06-06', kind: 'descanso_obligatorio', description: 'Jornada electoral (LFT art. 74 fr. IX)' },
      { date: '2027-11-02', kind: 'inhabil_institucional', description: 'Día de Muertos' },
      { date: '2027-12-25', kind: 'inhabil_institucional', description: 'Cierre' },
    ]);
    expect(merged.get('2027-06-06')).toMatchObject({ kind: 'descanso_obligatorio' });
    expect(merged.get('2027-11-02')).toMatchObject({ kind: 'inhabil_institucional', name: 'Día de Muertos' });
    expect(merged.get('2027-12-25')).toMatchObject({ kind: 'descanso_obligatorio', name: 'Navidad (LFT art. 74 fr. VIII)' });
  });
});
