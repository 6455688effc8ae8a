import type { RestrictionState, RolloutSegment } from './tables.ts';

/** Days an insured person has, from the day they are notified, before the NSS is suspended (issue 15). */
export const COMPLIANCE_DAYS = 30;
/** The reminder e-mail goes this many days before the deadline. */
export const REMINDER_DAYS_BEFORE = 7;

const DAY_MS = 86_400_000;

export interface Wave {
  id: string;
  segment: RolloutSegment;
  startsOn: string;
  ooadCode: string | null;
  birthFrom: string | null;
  birthTo: string | null;
}

export interface RolloutSubject {
  pensioner: boolean;
  hiredOn: string | null;
  ooadCode: string | null;
  birthDate: string;
}

export interface RestrictionSnapshot {
  state: RestrictionState;
  deadline: string | null;
}

export interface Transition {
  to: RestrictionState;
  reason: string;
  /** Set when the transition starts a restriction. */
  restrictedOn?: string;
  deadline?: string | null;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `today` to `date` (negative when past). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/**
 * The day the rollout policy starts restricting this person and the wave that does it, or null:
 * - pensioners: never (they are never suspended);
 * - a new hire (hired on or after a `nuevo_ingreso` wave's date): at once, on the hire date;
 * - anyone in an `existente` wave (its OOAD, its birth-date range): on the wave's date.
 * The earliest wave that covers the person wins.
 */
export function rolloutStart(subject: RolloutSubject, waves: readonly Wave[]): { on: string; wave: Wave } | null {
  if (subject.pensioner) return null;
  let best: { on: string; wave: Wave } | null = null;
  for (const wave of waves) {
    let on: string | null = null;
    if (wave.segment === 'nuevo_ingreso') {
      if (subject.hiredOn && subject.hiredOn >= wave.startsOn) on = subject.hiredOn;
    } else {
      const ooadOk = wave.ooadCode === null || wave.ooadCode === subject.ooadCode;
      const fromOk = wave.birthFrom === null || subject.birthDate >= wave.birthFrom;
      const toOk = wave.birthTo === null || subject.birthDate <= wave.birthTo;
      if (ooadOk && fromOk && toOk) on = wave.startsOn;
    }
    if (on && (!best || on < best.on)) best = { on, wave };
  }
  return best;
}

export function describeWave(wave: Wave): string {
  if (wave.segment === 'nuevo_ingreso') return `nuevo ingreso a partir del ${wave.startsOn}`;
  const parts = [`trabajadores existentes desde el ${wave.startsOn}`];
  if (wave.ooadCode) parts.push(`OOAD ${wave.ooadCode}`);
  if (wave.birthFrom || wave.birthTo) parts.push(`nacidos ${wave.birthFrom ? `desde ${wave.birthFrom}` : ''}${wave.birthFrom && wave.birthTo ? ' ' : ''}${wave.birthTo ? `hasta ${wave.birthTo}` : ''}`);
  return parts.join(', ');
}

/**
 * The one transition due today, or null. Level-based (it compares dates, it does not count
 * runs), so a sweep after days of downtime lands in the right state in one step, and running it
 * twice changes nothing.
 *
 * Day 0 = the day the person is restricted and notified; the deadline is day 30 (the last day to
 * register); from day 31 the NSS is suspended. Registration restores `al_corriente` whatever the day.
 */
export function nextTransition(current: RestrictionSnapshot, ctx: { registrado: boolean; rollout: { on: string; wave: Wave } | null; today: string }): Transition | null {
  if (ctx.registrado) {
    return current.state === 'al_corriente' ? null : { to: 'al_corriente', reason: 'Registro biométrico concluido (registrado).', deadline: null };
  }
  switch (current.state) {
    case 'al_corriente':
      return null;
    case 'sin_biometria':
      if (!ctx.rollout || ctx.rollout.on > ctx.today) return null;
      // The 30 days run from the day the person is told, also when the sweep runs late.
      return { to: 'restringido', reason: `Política de implementación: ${describeWave(ctx.rollout.wave)}.`, restrictedOn: ctx.today, deadline: addDays(ctx.today, COMPLIANCE_DAYS) };
    case 'restringido':
      if (!ctx.rollout) return { to: 'sin_biometria', reason: 'La política de implementación ya no le aplica (ola retirada).', deadline: null };
      if (current.deadline && ctx.today > current.deadline) return { to: 'nss_suspendido', reason: `Venció el plazo del ${current.deadline} sin registro biométrico.` };
      return null;
    case 'nss_suspendido':
      if (!ctx.rollout) return { to: 'sin_biometria', reason: 'La política de implementación ya no le aplica (ola retirada).', deadline: null };
      if (current.deadline && ctx.today <= current.deadline) return { to: 'restringido', reason: `Plazo extendido hasta el ${current.deadline}.` };
      return null;
  }
}

/** The 7-day reminder is due (from 7 days before the deadline up to the deadline itself). */
export function reminderDue(current: RestrictionSnapshot, today: string): boolean {
  if (current.state !== 'restringido' || !current.deadline) return false;
  const left = daysUntil(current.deadline, today);
  return left >= 0 && left <= REMINDER_DAYS_BEFORE;
}
