import { AppError } from '../../../shared/app-error.ts';
import { formatClock, MINUTES_PER_DAY, parseClock } from './civil-days.ts';
import { MAX_TOLERANCE_MINUTES } from './parameters.ts';

/**
 * A jornada: when it starts and ends on the wall clock, on which ISO weekdays (1 = Monday), and how
 * late arrivals are judged. An end earlier than the start is a night shift that ends the next day
 * (LFT art. 60: jornada nocturna, 20:00–06:00).
 *
 * Late arrivals: up to `toleranceMinutes` after the start is on time; after it and up to
 * `faltaAfterMinutes` is a `retardo`; after `faltaAfterMinutes` the day counts as a `falta`, not as
 * a "retardo mayor". We chose falta because it is what the worker can act on (a justification
 * converts it back into a retardo or cancels it) and because a category between the two would have
 * no effect the payroll knows (faltas also count toward LFT art. 47 fr. X). The LFT leaves entry
 * times and discipline to the reglamento interior (art. 423 fr. I y X), so both limits are per shift.
 */
export interface Shift {
  id: string;
  name: string;
  /** Minute of day, 0–1439. */
  startMinute: number;
  endMinute: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday; the others are weekly rest days (LFT art. 69). */
  weekdays: number[];
  toleranceMinutes: number;
  faltaAfterMinutes: number;
}

export interface ShiftInput {
  name: string;
  start: string;
  end: string;
  weekdays: number[];
  toleranceMinutes: number;
  faltaAfterMinutes: number;
}

/** Length of the shift in minutes; an end before the start wraps past midnight. */
export function shiftDuration(shift: Pick<Shift, 'startMinute' | 'endMinute'>): number {
  return (shift.endMinute - shift.startMinute + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

export function isOvernight(shift: Pick<Shift, 'startMinute' | 'endMinute'>): boolean {
  return shift.endMinute < shift.startMinute;
}

/** Checks a shift definition and returns it in minutes; every refusal names the rule it breaks. */
export function defineShift(id: string, input: ShiftInput): Shift {
  const invalid = (message: string) => new AppError('SHIFT_INVALID', message, 400);
  let startMinute: number;
  let endMinute: number;
  try {
    startMinute = parseClock(input.start);
    endMinute = parseClock(input.end);
  } catch {
    throw invalid('Las horas de entrada y salida deben tener el formato HH:MM (00:00 a 23:59).');
  }
  if (startMinute === endMinute) throw invalid('La hora de salida debe ser distinta de la hora de entrada.');
  const weekdays = [...new Set(input.weekdays)].sort((a, b) => a - b);
  if (weekdays.length === 0 || weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw invalid('Indique los días laborables como números del 1 (lunes) al 7 (domingo).');
  }
  // LFT art. 69: at least one rest day for every six worked.
  if (weekdays.length > 6) throw invalid('La jornada debe dejar al menos un día de descanso semanal (LFT art. 69).');
  const duration = shiftDuration({ startMinute, endMinute });
  if (!Number.isInteger(input.toleranceMinutes) || input.toleranceMinutes < 0 || input.toleranceMinutes > MAX_TOLERANCE_MINUTES) {
    throw invalid(`La tolerancia debe estar entre 0 y ${MAX_TOLERANCE_MINUTES} minutos.`);
  }
  // The limit must fall in the first half of the shift: a single reading after the middle of the
  // shift is read as a check-out, so a later "arrival" could not be told from one.
  if (!Number.isInteger(input.faltaAfterMinutes) || input.faltaAfterMinutes <= input.toleranceMinutes || input.faltaAfterMinutes >= duration / 2) {
    throw invalid('El límite para falta debe ser mayor que la tolerancia y menor que la mitad de la jornada.');
  }
  return { id, name: input.name.trim(), startMinute, endMinute, weekdays, toleranceMinutes: input.toleranceMinutes, faltaAfterMinutes: input.faltaAfterMinutes };
}

export function describeShift(shift: Shift): { id: string; name: string; start: string; end: string; weekdays: number[]; toleranceMinutes: number; faltaAfterMinutes: number } {
  return {
    id: shift.id,
    name: shift.name,
    start: formatClock(shift.startMinute),
    end: formatClock(shift.endMinute),
    weekdays: shift.weekdays,
    toleranceMinutes: shift.toleranceMinutes,
    faltaAfterMinutes: shift.faltaAfterMinutes,
  };
}
