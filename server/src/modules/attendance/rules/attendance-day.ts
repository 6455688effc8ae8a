import { addDays, civilMinute, eachDate, formatClock, isoWeekday, MINUTES_PER_DAY, wallClock } from './civil-days.ts';
import { DUPLICATE_PUNCH_MINUTES, PUNCH_WINDOW_LEAD_MINUTES } from './parameters.ts';
import { nonWorkingDays, type InstitutionCalendarEntry, type NonWorkingDay } from './rest-days.ts';
import { shiftDuration, type Shift } from './shift.ts';

export type IncidentType = 'retardo' | 'falta' | 'omision_entrada' | 'omision_salida';
export const INCIDENT_TYPES: readonly IncidentType[] = ['retardo', 'falta', 'omision_entrada', 'omision_salida'];
export type CaptureMethod = 'huella' | 'rostro';
export type DayKind = 'laboral' | 'descanso_semanal' | 'descanso_obligatorio' | 'inhabil_institucional' | 'sin_jornada';
export type JustificationEffect = 'cancelar' | 'convertir_retardo';
export type JustificationStatus = 'pendiente' | 'aprobada' | 'rechazada';

export interface PunchInput {
  id: string;
  at: Date;
  method: CaptureMethod;
  stationId: string;
}

/** A shift in force from `validFrom` to `validTo` (inclusive; null = until further notice). */
export interface AssignmentInput {
  shift: Shift;
  validFrom: string;
  validTo: string | null;
}

export interface JustificationInput {
  id: string;
  date: string;
  incident: IncidentType;
  effect: JustificationEffect;
  status: JustificationStatus;
}

export interface AttendanceInput {
  /** Inclusive civil dates, normally a quincena's range. */
  start: string;
  end: string;
  now: Date;
  timeZone: string;
  assignments: AssignmentInput[];
  /** Must include the readings of the day before `start` and the day after `end` (night shifts). */
  punches: PunchInput[];
  calendar: InstitutionCalendarEntry[];
  justifications: JustificationInput[];
}

export interface Reading {
  punchId: string;
  at: string;
  /** The wall-clock date and time; the date may be the day after the shift day (night shifts). */
  date: string;
  time: string;
  method: CaptureMethod;
  stationId: string;
}

export interface Incident {
  type: IncidentType;
  /** What the rules found; differs from `type` when a justification converted it. */
  original: IncidentType;
  /** Cancelled by an approved justification: shown, not counted. */
  justified: boolean;
  justificationId: string | null;
  /** A justification awaiting the supervisor's decision. */
  pendingJustificationId: string | null;
}

export interface DayAttendance {
  date: string;
  weekday: number;
  kind: DayKind;
  /** Name of the rest day or institution closure. */
  nonWorkingReason: string | null;
  shift: { id: string; name: string; start: string; end: string } | null;
  /** The day's reading window is open now (the day in course): no incident is final, none is shown. */
  pending: boolean;
  /** The day's reading window has not begun: a day still to come, nothing to judge. */
  upcoming: boolean;
  checkIn: Reading | null;
  checkOut: Reading | null;
  /** All readings the day owns, duplicates included. */
  readings: number;
  minutesLate: number | null;
  incidents: Incident[];
}

export interface AttendanceTotals {
  scheduledDays: number;
  attendedDays: number;
  /** Working days in course (their reading window is open). */
  pendingDays: number;
  /** Working days still to come (their reading window has not begun). */
  upcomingDays: number;
  /** Readings on a weekly or mandatory rest day: paid at a premium (LFT arts. 73 y 75). */
  restDaysWorked: number;
  incidents: Record<IncidentType, number>;
  justifiedIncidents: number;
}

interface Owned {
  punch: PunchInput;
  minute: number;
  date: string;
}

/**
 * Each day's attendance from the raw facts — shifts in force, readings, calendars and
 * justifications. Nothing here is stored: the service recomputes on every read, so a new
 * justification decision, a schedule change or a late offline reading is reflected at once and
 * there is no stale result to invalidate.
 */
export function computeAttendance(input: AttendanceInput): { days: DayAttendance[]; totals: AttendanceTotals } {
  const years: number[] = [];
  for (let y = Number(addDays(input.start, -1).slice(0, 4)); y <= Number(addDays(input.end, 1).slice(0, 4)); y += 1) years.push(y);
  const closed = nonWorkingDays(years, input.calendar);

  // One day before and after the range: their windows bound the range's first and last windows.
  const extended = eachDate(addDays(input.start, -1), addDays(input.end, 1));
  const windows = windowStarts(extended, input.assignments);
  const owned = assignPunches(input.punches, extended, windows, input.timeZone);
  const nowMinute = wallClock(input.now, input.timeZone).civilMinute;

  const days: DayAttendance[] = [];
  for (let i = 1; i < extended.length - 1; i += 1) {
    const date = extended[i];
    const window = nowMinute < windows[i] ? 'por_venir' : nowMinute < windows[i + 1] ? 'abierta' : 'cerrada';
    const day = evaluateDay(date, shiftOn(date, input.assignments), closed.get(date), owned.get(date) ?? [], window);
    applyJustifications(day, input.justifications.filter((j) => j.date === date));
    days.push(day);
  }
  return { days, totals: totalsOf(days) };
}

export function shiftOn(date: string, assignments: AssignmentInput[]): Shift | null {
  const found = assignments.find((a) => a.validFrom <= date && (a.validTo === null || date <= a.validTo));
  return found?.shift ?? null;
}

/**
 * Where each day's 24-hour reading window begins, as a civil minute: a lead before the shift's
 * start. A day with no shift continues the previous day's rhythm, so the check-out of a night
 * shift that ended an assignment still belongs to that night.
 */
function windowStarts(dates: string[], assignments: AssignmentInput[]): number[] {
  const starts: number[] = [];
  dates.forEach((date, i) => {
    const shift = shiftOn(date, assignments);
    if (shift) starts.push(civilMinute(date, shift.startMinute - PUNCH_WINDOW_LEAD_MINUTES));
    else if (i > 0) starts.push(starts[i - 1] + MINUTES_PER_DAY);
    else starts.push(civilMinute(date, -PUNCH_WINDOW_LEAD_MINUTES));
  });
  // A change of shift can make a window start before the previous one (e.g. night → morning);
  // the later day's start wins, the earlier window just ends sooner.
  return starts;
}

/** Each reading goes to the latest day whose window has opened by then. */
function assignPunches(punches: PunchInput[], dates: string[], windows: number[], timeZone: string): Map<string, Owned[]> {
  const byDate = new Map<string, Owned[]>();
  for (const punch of punches) {
    const clock = wallClock(punch.at, timeZone);
    let index = -1;
    for (let i = 0; i < windows.length; i += 1) if (windows[i] <= clock.civilMinute) index = i;
    if (index < 0) continue;
    const list = byDate.get(dates[index]) ?? [];
    list.push({ punch, minute: clock.civilMinute, date: clock.date });
    byDate.set(dates[index], list);
  }
  for (const list of byDate.values()) list.sort((a, b) => a.punch.at.getTime() - b.punch.at.getTime());
  return byDate;
}

function evaluateDay(date: string, shift: Shift | null, closed: NonWorkingDay | undefined, owned: Owned[], window: 'por_venir' | 'abierta' | 'cerrada'): DayAttendance {
  const kind: DayKind = closed ? closed.kind : !shift ? 'sin_jornada' : shift.weekdays.includes(isoWeekday(date)) ? 'laboral' : 'descanso_semanal';
  const scheduled = kind === 'laboral' && shift !== null;
  const kept = withoutDuplicates(owned);

  let checkIn: Owned | null = null;
  let checkOut: Owned | null = null;
  if (kept.length >= 2) {
    checkIn = kept[0];
    checkOut = kept[kept.length - 1];
  } else if (kept.length === 1) {
    // A single reading before the middle of the shift is an arrival, after it a departure.
    const start = scheduled ? civilMinute(date, shift.startMinute) : 0;
    const isArrival = !scheduled || kept[0].minute < start + shiftDuration(shift) / 2;
    if (isArrival) checkIn = kept[0];
    else checkOut = kept[0];
  }

  const minutesLate = scheduled && checkIn ? checkIn.minute - civilMinute(date, shift.startMinute) : null;
  const pending = scheduled && window === 'abierta';
  const upcoming = scheduled && window === 'por_venir';
  const found: IncidentType[] = [];
  if (scheduled && window === 'cerrada') {
    if (kept.length === 0) found.push('falta');
    else {
      if (minutesLate !== null && minutesLate > shift.faltaAfterMinutes) found.push('falta');
      else if (minutesLate !== null && minutesLate > shift.toleranceMinutes) found.push('retardo');
      if (!checkIn) found.push('omision_entrada');
      if (!checkOut) found.push('omision_salida');
    }
  }

  return {
    date,
    weekday: isoWeekday(date),
    kind,
    nonWorkingReason: closed?.name ?? null,
    shift: shift ? { id: shift.id, name: shift.name, start: formatClock(shift.startMinute), end: formatClock(shift.endMinute) } : null,
    pending,
    upcoming,
    checkIn: checkIn ? toReading(checkIn) : null,
    checkOut: checkOut ? toReading(checkOut) : null,
    readings: owned.length,
    minutesLate: minutesLate === null ? null : Math.max(0, minutesLate),
    incidents: found.map((type) => ({ type, original: type, justified: false, justificationId: null, pendingJustificationId: null })),
  };
}

function withoutDuplicates(owned: Owned[]): Owned[] {
  const kept: Owned[] = [];
  for (const o of owned) {
    const last = kept[kept.length - 1];
    if (!last || o.minute - last.minute >= DUPLICATE_PUNCH_MINUTES) kept.push(o);
  }
  return kept;
}

function toReading(o: Owned): Reading {
  return {
    punchId: o.punch.id,
    at: o.punch.at.toISOString(),
    date: o.date,
    time: formatClock(o.minute),
    method: o.punch.method,
    stationId: o.punch.stationId,
  };
}

/**
 * An approved justification cancels its incident, or converts a falta into a retardo (the worker
 * came, late past the limit, for a reason the supervisor accepted). One whose incident no longer
 * exists (the schedule changed since) has no effect.
 */
function applyJustifications(day: DayAttendance, justifications: JustificationInput[]): void {
  for (const j of justifications) {
    const incident = day.incidents.find((i) => i.original === j.incident && i.justificationId === null);
    if (!incident) continue;
    if (j.status === 'pendiente') incident.pendingJustificationId ??= j.id;
    if (j.status !== 'aprobada') continue;
    incident.justificationId = j.id;
    incident.pendingJustificationId = null;
    if (j.effect === 'convertir_retardo' && j.incident === 'falta') incident.type = 'retardo';
    else incident.justified = true;
  }
}

function totalsOf(days: DayAttendance[]): AttendanceTotals {
  const incidents: Record<IncidentType, number> = { retardo: 0, falta: 0, omision_entrada: 0, omision_salida: 0 };
  let justifiedIncidents = 0;
  for (const day of days) {
    for (const i of day.incidents) {
      if (i.justified) justifiedIncidents += 1;
      else incidents[i.type] += 1;
    }
  }
  const scheduled = days.filter((d) => d.kind === 'laboral');
  return {
    scheduledDays: scheduled.length,
    attendedDays: scheduled.filter((d) => d.checkIn || d.checkOut).length,
    pendingDays: scheduled.filter((d) => d.pending).length,
    upcomingDays: scheduled.filter((d) => d.upcoming).length,
    restDaysWorked: days.filter((d) => ['descanso_semanal', 'descanso_obligatorio', 'inhabil_institucional'].includes(d.kind) && d.readings > 0).length,
    incidents,
    justifiedIncidents,
  };
}

/** Days of the range the quincena's readings can fall on: one more on each side (night shifts). */
export function readingSpan(start: string, end: string): { from: string; to: string } {
  return { from: addDays(start, -1), to: addDays(end, 2) };
}
