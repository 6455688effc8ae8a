import { parseQuincena, quincenaRange } from '@siap/mx-identity';
import { describe, expect, it } from 'vitest';
import { computeAttendance, type AssignmentInput, type AttendanceInput, type JustificationInput, type PunchInput } from './attendance-day.ts';
import { defineShift } from './shift.ts';

const TZ = 'America/Mexico_City';
/** Central Mexico keeps UTC−6 all year since 2022. */
const local = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00-06:00`);
let nextId = 0;
const punch = (text: string, method: 'huella' | 'rostro' = 'huella'): PunchInput => ({ id: `p${(nextId += 1)}`, at: local(text), method, stationId: 'kiosco-1' });

const office = defineShift('s-office', { name: 'Matutina', start: '08:00', end: '16:00', weekdays: [1, 2, 3, 4, 5], toleranceMinutes: 10, faltaAfterMinutes: 30 });
const night = defineShift('s-night', { name: 'Nocturna', start: '22:00', end: '06:00', weekdays: [1, 2, 3, 4, 5, 6], toleranceMinutes: 10, faltaAfterMinutes: 30 });
const always = (shift = office): AssignmentInput[] => [{ shift, validFrom: '2020-01-01', validTo: null }];

function quincena(id: string, extra: Partial<AttendanceInput> = {}) {
  const q = parseQuincena(id);
  if (!q.ok) throw new Error(id);
  const { start, end } = quincenaRange(q.value);
  return computeAttendance({
    start,
    end,
    now: local('2031-01-01 00:00'),
    timeZone: TZ,
    assignments: always(),
    punches: [],
    calendar: [],
    justifications: [],
    ...extra,
  });
}

/** Every Monday–Friday of the range attended 07:55–16:03 except the dates listed. */
function fullAttendance(start: string, end: string, except: string[] = []): PunchInput[] {
  const punches: PunchInput[] = [];
  for (let d = new Date(`${start}T12:00:00Z`); d.toISOString().slice(0, 10) <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    if (except.includes(date) || d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    punches.push(punch(`${date} 07:55`), punch(`${date} 16:03`));
  }
  return punches;
}

const day = (result: ReturnType<typeof quincena>, date: string) => {
  const found = result.days.find((d) => d.date === date);
  if (!found) throw new Error(`no day ${date}`);
  return found;
};
const types = (result: ReturnType<typeof quincena>, date: string) => day(result, date).incidents.map((i) => i.type);

describe('late arrival: tolerance and the falta limit', () => {
  const arrivingAt = (time: string) => types(quincena('2026-Q21', { punches: [punch(`2026-11-03 ${time}`), punch('2026-11-03 16:00')] }), '2026-11-03');

  it('is on time exactly at the tolerance and late one minute after it', () => {
    expect(arrivingAt('08:10')).toEqual([]);
    expect(arrivingAt('08:11')).toEqual(['retardo']);
  });

  it('reads the clock to the minute: 08:10:59 is still 08:10', () => {
    const result = quincena('2026-Q21', { punches: [{ ...punch('2026-11-03 08:10'), at: new Date('2026-11-03T08:10:59-06:00') }, punch('2026-11-03 16:00')] });
    expect(day(result, '2026-11-03')).toMatchObject({ minutesLate: 10, incidents: [] });
  });

  it('counts a retardo up to the limit and a falta one minute after it', () => {
    expect(arrivingAt('08:30')).toEqual(['retardo']);
    expect(arrivingAt('08:31')).toEqual(['falta']);
  });

  it('treats an early arrival as on time', () => {
    const result = quincena('2026-Q21', { punches: [punch('2026-11-03 06:40'), punch('2026-11-03 16:00')] });
    expect(day(result, '2026-11-03')).toMatchObject({ minutesLate: 0, incidents: [], checkIn: { time: '06:40' } });
  });
});

describe('omissions and absences', () => {
  it('flags a missing check-out, a missing check-in, and a day without readings', () => {
    const result = quincena('2026-Q21', {
      punches: [punch('2026-11-03 07:58'), punch('2026-11-04 16:05', 'rostro')],
    });
    expect(types(result, '2026-11-03')).toEqual(['omision_salida']);
    expect(day(result, '2026-11-04')).toMatchObject({ checkIn: null, checkOut: { time: '16:05', method: 'rostro' }, incidents: [{ type: 'omision_entrada' }] });
    expect(types(result, '2026-11-05')).toEqual(['falta']);
  });

  it('takes a second tap within five minutes as the same check-in, not as a check-out', () => {
    const result = quincena('2026-Q21', { punches: [punch('2026-11-03 07:58'), punch('2026-11-03 08:01')] });
    expect(day(result, '2026-11-03')).toMatchObject({ readings: 2, checkIn: { time: '07:58' }, checkOut: null, incidents: [{ type: 'omision_salida' }] });
  });

  it('takes a late arrival past the middle of the shift, followed by a check-out, as a falta', () => {
    const result = quincena('2026-Q21', { punches: [punch('2026-11-03 13:00'), punch('2026-11-03 16:00')] });
    expect(types(result, '2026-11-03')).toEqual(['falta']);
  });

  it('totals a quincena: 10 working days in 1–15 Nov 2026, one of each incident', () => {
    const punches = fullAttendance('2026-11-01', '2026-11-15', ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    punches.push(punch('2026-11-03 08:20'), punch('2026-11-03 16:00'), punch('2026-11-04 08:00'), punch('2026-11-05 16:00'));
    const result = quincena('2026-Q21', { punches });
    expect(result.totals).toEqual({
      scheduledDays: 10,
      attendedDays: 9,
      pendingDays: 0,
      upcomingDays: 0,
      restDaysWorked: 0,
      incidents: { retardo: 1, falta: 1, omision_entrada: 1, omision_salida: 1 },
      justifiedIncidents: 0,
    });
  });
});

describe('rest days and calendars', () => {
  it('does not schedule the third Monday of November 2026 (16 Nov, LFT art. 74 fr. VI)', () => {
    const result = quincena('2026-Q22');
    expect(day(result, '2026-11-16')).toMatchObject({ kind: 'descanso_obligatorio', incidents: [], nonWorkingReason: expect.stringContaining('Revolución') });
    expect(result.totals.scheduledDays).toBe(10); // 17–20, 23–27 and 30 Nov
  });

  it('does not schedule 1 October 2030, the transmission of the Federal Executive', () => {
    const result = quincena('2030-Q19');
    expect(day(result, '2030-10-01')).toMatchObject({ kind: 'descanso_obligatorio', incidents: [] });
    expect(types(result, '2030-10-02')).toEqual(['falta']);
  });

  it('honours the institution calendar and weekly rest days', () => {
    const result = quincena('2026-Q21', { calendar: [{ date: '2026-11-02', kind: 'inhabil_institucional', description: 'Día de Muertos' }] });
    expect(day(result, '2026-11-02')).toMatchObject({ kind: 'inhabil_institucional', nonWorkingReason: 'Día de Muertos', incidents: [] });
    expect(day(result, '2026-11-07')).toMatchObject({ kind: 'descanso_semanal', incidents: [] });
    expect(result.totals.scheduledDays).toBe(9);
  });

  it('counts readings on a rest day as rest day worked, never as an incident', () => {
    const result = quincena('2026-Q22', { punches: fullAttendance('2026-11-16', '2026-11-16') });
    expect(day(result, '2026-11-16')).toMatchObject({ kind: 'descanso_obligatorio', checkIn: { time: '07:55' }, checkOut: { time: '16:03' }, incidents: [] });
    expect(result.totals.restDaysWorked).toBe(1);
  });

  it('has no schedule before the first assignment and follows a change of shift', () => {
    const late = defineShift('s-late', { name: 'Vespertina', start: '14:00', end: '21:00', weekdays: [1, 2, 3, 4, 5], toleranceMinutes: 10, faltaAfterMinutes: 30 });
    const result = quincena('2026-Q21', {
      assignments: [
        { shift: office, validFrom: '2026-11-03', validTo: '2026-11-08' },
        { shift: late, validFrom: '2026-11-09', validTo: null },
      ],
      punches: [punch('2026-11-09 14:05'), punch('2026-11-09 21:00')],
    });
    expect(day(result, '2026-11-02')).toMatchObject({ kind: 'sin_jornada', incidents: [] });
    expect(day(result, '2026-11-03').shift).toMatchObject({ name: 'Matutina' });
    expect(day(result, '2026-11-09')).toMatchObject({ shift: { name: 'Vespertina' }, incidents: [] });
  });
});

describe('month ends and quincena boundaries', () => {
  it.each([
    ['2026-Q04', 13, '2026-02-28'], // February, common year
    ['2028-Q04', 14, '2028-02-29'], // February, leap year
    ['2026-Q08', 15, '2026-04-30'], // 30-day month
    ['2026-Q02', 16, '2026-01-31'], // 31-day month
    ['2026-Q03', 15, '2026-02-15'], // a first quincena is always 15 days
  ])('%s has %i days ending %s, each judged', (id, length, last) => {
    const result = quincena(id);
    expect(result.days).toHaveLength(length);
    expect(result.days.at(-1)?.date).toBe(last);
    for (const d of result.days) expect(d.incidents.map((i) => i.type)).toEqual(d.kind === 'laboral' ? ['falta'] : []);
  });

  it('gives a night shift’s check-out after midnight to the shift’s day, across a month and quincena end', () => {
    // Saturday 31 Oct 2026 22:00 → Sunday 1 Nov 06:00; Sunday is the weekly rest day.
    const punches = [punch('2026-10-31 21:52'), punch('2026-11-01 06:04'), punch('2026-11-02 22:00'), punch('2026-11-03 06:00')];
    const october = quincena('2026-Q20', { assignments: always(night), punches });
    expect(day(october, '2026-10-31')).toMatchObject({
      checkIn: { date: '2026-10-31', time: '21:52' },
      checkOut: { date: '2026-11-01', time: '06:04' },
      incidents: [],
    });
    const november = quincena('2026-Q21', { assignments: always(night), punches });
    expect(day(november, '2026-11-01')).toMatchObject({ kind: 'descanso_semanal', readings: 0 });
    expect(day(november, '2026-11-02')).toMatchObject({ checkIn: { time: '22:00' }, checkOut: { date: '2026-11-03', time: '06:00' }, incidents: [] });
  });

  it('judges a night shift’s late arrival against 22:00 of its own day', () => {
    const result = quincena('2026-Q21', { assignments: always(night), punches: [punch('2026-11-02 22:11'), punch('2026-11-03 06:00')] });
    expect(day(result, '2026-11-02')).toMatchObject({ minutesLate: 11, incidents: [{ type: 'retardo' }] });
  });
});

describe('days still open', () => {
  it('shows no incident for today before its window closes, nor for the days ahead', () => {
    const result = quincena('2026-Q21', { now: local('2026-11-04 12:00'), punches: [punch('2026-11-04 08:25')] });
    expect(types(result, '2026-11-03')).toEqual(['falta']);
    expect(day(result, '2026-11-04')).toMatchObject({ pending: true, upcoming: false, minutesLate: 25, incidents: [] });
    // A day ahead is not «en curso»: its reading window has not begun.
    expect(day(result, '2026-11-05')).toMatchObject({ pending: false, upcoming: true, incidents: [] });
    expect(result.totals).toMatchObject({ pendingDays: 1, upcomingDays: 7 });
  });

  it('counts every working day of a quincena that has not begun as still to come (e.g. 2099-Q01)', () => {
    const result = quincena('2099-Q01', { now: local('2026-11-04 12:00'), punches: [] });
    expect(result.days.every((d) => !d.pending)).toBe(true);
    expect(result.totals.pendingDays).toBe(0);
    expect(result.totals.upcomingDays).toBe(result.totals.scheduledDays);
    expect(result.totals.scheduledDays).toBeGreaterThan(8);
    expect(result.days.flatMap((d) => d.incidents)).toEqual([]);
  });
});

describe('justifications', () => {
  const base = (justifications: JustificationInput[]) =>
    quincena('2026-Q21', { punches: fullAttendance('2026-11-01', '2026-11-15', ['2026-11-05']), justifications });
  const j = (effect: JustificationInput['effect'], status: JustificationInput['status']): JustificationInput => ({ id: `j-${effect}-${status}`, date: '2026-11-05', incident: 'falta', effect, status });

  it('an approved justification reverses a falta and the totals follow', () => {
    const before = base([]);
    expect(before.totals.incidents.falta).toBe(1);
    const after = base([j('cancelar', 'aprobada')]);
    expect(day(after, '2026-11-05').incidents).toEqual([{ type: 'falta', original: 'falta', justified: true, justificationId: 'j-cancelar-aprobada', pendingJustificationId: null }]);
    expect(after.totals.incidents.falta).toBe(0);
    expect(after.totals.justifiedIncidents).toBe(1);
  });

  it('can convert a falta into a retardo', () => {
    const result = base([j('convertir_retardo', 'aprobada')]);
    expect(day(result, '2026-11-05').incidents[0]).toMatchObject({ type: 'retardo', original: 'falta', justified: false });
    expect(result.totals.incidents).toMatchObject({ falta: 0, retardo: 1 });
  });

  it('pending and rejected justifications change nothing but are shown', () => {
    const pending = base([j('cancelar', 'pendiente')]);
    expect(day(pending, '2026-11-05').incidents[0]).toMatchObject({ type: 'falta', pendingJustificationId: 'j-cancelar-pendiente' });
    expect(pending.totals.incidents.falta).toBe(1);
    expect(base([j('cancelar', 'rechazada')]).totals.incidents.falta).toBe(1);
  });

  it('a justification for an incident the day does not have has no effect', () => {
    const result = base([{ ...j('cancelar', 'aprobada'), incident: 'omision_salida' }]);
    expect(result.totals).toMatchObject({ justifiedIncidents: 0, incidents: { falta: 1, omision_salida: 0 } });
  });
});

describe('shift definitions', () => {
  it('refuses what the rules cannot judge', () => {
    const make = (over: Partial<Parameters<typeof defineShift>[1]>) => () =>
      defineShift('x', { name: 'x', start: '08:00', end: '16:00', weekdays: [1, 2, 3, 4, 5], toleranceMinutes: 10, faltaAfterMinutes: 30, ...over });
    expect(make({})).not.toThrow();
    expect(make({ end: '08:00' })).toThrow(/distinta/);
    expect(make({ start: '8:00' })).toThrow(/HH:MM/);
    expect(make({ weekdays: [1, 2, 3, 4, 5, 6, 7] })).toThrow(/art\. 69/);
    expect(make({ faltaAfterMinutes: 10 })).toThrow(/mayor que la tolerancia/);
    expect(make({ faltaAfterMinutes: 240 })).toThrow(/mitad/);
  });
});
