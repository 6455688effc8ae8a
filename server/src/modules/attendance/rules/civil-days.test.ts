import { describe, expect, it } from 'vitest';
import { addDays, eachDate, formatClock, isoWeekday, parseClock, wallClock } from './civil-days.ts';

describe('civil days and wall clocks', () => {
  it('steps over month ends and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(eachDate('2026-04-29', '2026-05-02')).toEqual(['2026-04-29', '2026-04-30', '2026-05-01', '2026-05-02']);
    expect(isoWeekday('2026-11-15')).toBe(7);
    expect(isoWeekday('2026-11-16')).toBe(1);
  });

  it('reads midnight as 00:00 of the new day, not 24:00 of the old one', () => {
    expect(wallClock(new Date('2026-11-01T06:00:00Z'), 'America/Mexico_City')).toMatchObject({ date: '2026-11-01', minuteOfDay: 0 });
    expect(wallClock(new Date('2026-11-01T05:59:59Z'), 'America/Mexico_City')).toMatchObject({ date: '2026-10-31', minuteOfDay: 1439 });
  });

  it('uses the zone’s own offset (Tijuana keeps daylight saving time)', () => {
    expect(wallClock(new Date('2026-07-01T15:00:00Z'), 'America/Tijuana')).toMatchObject({ date: '2026-07-01', minuteOfDay: 8 * 60 });
    expect(wallClock(new Date('2026-07-01T15:00:00Z'), 'America/Mexico_City')).toMatchObject({ minuteOfDay: 9 * 60 });
  });

  it('parses and formats HH:MM and refuses anything else', () => {
    expect(parseClock('08:05')).toBe(485);
    expect(formatClock(485)).toBe('08:05');
    expect(formatClock(1440 + 360)).toBe('06:00');
    for (const bad of ['8:05', '24:00', '08:60', '0805']) expect(() => parseClock(bad)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});
