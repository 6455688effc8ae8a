import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilDate,
  compareQuincenas,
  formatQuincena,
  nextQuincena,
  parseQuincena,
  previousQuincena,
  quincenaLabel,
  quincenaOf,
  quincenaRange,
  type Quincena,
} from './quincena.ts';

const quincena = fc.record({ year: fc.integer({ min: 1901, max: 2399 }), index: fc.integer({ min: 1, max: 24 }) });

/** The day after an ISO date, by UTC arithmetic (independent of the code under test). */
const dayAfter = (iso: string): string => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('parse / format', () => {
  it('parses YYYY-Qnn', () => {
    expect(parseQuincena('2026-Q21')).toEqual({ ok: true, value: { year: 2026, index: 21 } });
    expect(parseQuincena(' 2026-q01 ')).toEqual({ ok: true, value: { year: 2026, index: 1 } });
  });

  it('rejects other shapes and indices outside 01–24, saying why', () => {
    for (const bad of ['2026-Q1', '2026Q21', '26-Q21', '2026-Q021', '', 'Q21-2026']) {
      const r = parseQuincena(bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.code).toBe('QUINCENA_INVALID');
      expect(!r.ok && r.reason).toMatch(/formato AAAA-Qnn/);
    }
    for (const bad of ['2026-Q00', '2026-Q25']) {
      const r = parseQuincena(bad);
      expect(!r.ok && r.reason).toMatch(/entre 01 y 24/);
    }
  });

  it('round-trips', () => {
    fc.assert(fc.property(quincena, (q) => {
      expect(parseQuincena(formatQuincena(q))).toEqual({ ok: true, value: q });
    }));
  });

  it('refuses to format an impossible quincena', () => {
    expect(() => formatQuincena({ year: 2026, index: 25 })).toThrow(RangeError);
    expect(() => formatQuincena({ year: 2026, index: 1.5 })).toThrow(RangeError);
  });
});

describe('ranges', () => {
  it('covers 1–15 and 16–end of month, with February’s leap rules', () => {
    expect(quincenaRange({ year: 2026, index: 21 })).toEqual({ start: '2026-11-01', end: '2026-11-15' });
    expect(quincenaRange({ year: 2026, index: 22 })).toEqual({ start: '2026-11-16', end: '2026-11-30' });
    expect(quincenaRange({ year: 2026, index: 2 })).toEqual({ start: '2026-01-16', end: '2026-01-31' });
    expect(quincenaRange({ year: 2026, index: 4 }).end).toBe('2026-02-28');
    expect(quincenaRange({ year: 2024, index: 4 }).end).toBe('2024-02-29');
    expect(quincenaRange({ year: 2000, index: 4 }).end).toBe('2000-02-29');
    expect(quincenaRange({ year: 2100, index: 4 }).end).toBe('2100-02-28');
  });

  it('every range ends the day before the next one starts (contiguous, across years)', () => {
    fc.assert(fc.property(quincena, (q) => {
      expect(quincenaRange(nextQuincena(q)).start).toBe(dayAfter(quincenaRange(q).end));
    }));
  });

  it('the 24 quincenas of a year cover it exactly, day by day', () => {
    fc.assert(fc.property(fc.integer({ min: 1901, max: 2399 }), (year) => {
      let day = `${year}-01-01`;
      for (let index = 1; index <= 24; index++) {
        const { start, end } = quincenaRange({ year, index });
        expect(start).toBe(day);
        for (let d = start; d <= end; d = dayAfter(d)) expect(quincenaOf(d)).toEqual({ year, index });
        day = dayAfter(end);
      }
      expect(day).toBe(`${year + 1}-01-01`);
    }), { numRuns: 20 });
  });
});

describe('navigation', () => {
  it('wraps across years', () => {
    expect(nextQuincena({ year: 2026, index: 24 })).toEqual({ year: 2027, index: 1 });
    expect(previousQuincena({ year: 2027, index: 1 })).toEqual({ year: 2026, index: 24 });
  });

  it('previous undoes next, and next is later', () => {
    fc.assert(fc.property(quincena, (q) => {
      expect(previousQuincena(nextQuincena(q))).toEqual(q);
      expect(compareQuincenas(nextQuincena(q), q)).toBeGreaterThan(0);
    }));
  });
});

describe('quincenaOf', () => {
  it('uses the written date of a string, whatever its time or offset', () => {
    expect(quincenaOf('2026-11-15T23:59:59-06:00')).toEqual({ year: 2026, index: 21 });
    expect(quincenaOf('2026-11-16')).toEqual({ year: 2026, index: 22 });
  });

  it('reads a Date in UTC by default, or in the given time zone', () => {
    const instant = new Date('2026-11-16T03:00:00Z'); // 21:00 on the 15th in Mexico City (UTC−6)
    expect(quincenaOf(instant)).toEqual({ year: 2026, index: 22 });
    expect(quincenaOf(instant, 'America/Mexico_City')).toEqual({ year: 2026, index: 21 });
    expect(civilDate(instant, 'America/Mexico_City')).toBe('2026-11-15');
  });

  it('rejects things that are not dates', () => {
    expect(() => quincenaOf('2026-02-30')).toThrow(RangeError);
    expect(() => quincenaOf(new Date('nope'))).toThrow(RangeError);
  });
});

describe('quincenaLabel', () => {
  it('writes es-MX labels', () => {
    expect(quincenaLabel({ year: 2026, index: 21 })).toBe('1.ª quincena de noviembre de 2026');
    expect(quincenaLabel({ year: 2026, index: 24 })).toBe('2.ª quincena de diciembre de 2026');
    expect(quincenaLabel({ year: 2027, index: 1 } as Quincena)).toBe('1.ª quincena de enero de 2027');
  });
});
