import { addDays } from './business-days.ts';
import type { MovementKind } from './tables.ts';

/**
 * Whether an insured person is entitled to medical services on a date, from their movements in
 * every registro patronal. Pure: the asegurado portal and the constancia both call it.
 *
 * Rules:
 * - Employed on the date (an alta/reingreso at or before it, no later baja at or before it) → vigente.
 * - After a baja: LSS art. 109 — a worker with at least eight uninterrupted weeks of contributions
 *   immediately before the baja keeps medical services for eight weeks after it. "Uninterrupted"
 *   joins employment periods in different registros that touch or overlap (a new alta on or before
 *   the day after the previous baja).
 */
export interface VigenciaMovement {
  registroId: string;
  kind: MovementKind;
  effectiveDate: string;
  seq: number;
}

export interface EmploymentPeriod {
  registroId: string;
  from: string;
  /** The baja date, or null while employed. */
  to: string | null;
}

export interface Vigencia {
  vigente: boolean;
  /** Why, in es-MX, as printed on the constancia. */
  reason: string;
  /** The registro of the current (or last) employment, if any. */
  registroId: string | null;
  /** The period the right covers: employment start to baja, or to the end of the conservation. */
  from: string | null;
  to: string | null;
  conservacion: { weeksContributed: number; until: string } | null;
}

export const CONSERVATION_WEEKS = 8;
export const MIN_WEEKS_FOR_CONSERVATION = 8;

export function employmentPeriods(movements: readonly VigenciaMovement[]): EmploymentPeriod[] {
  const sorted = [...movements].sort((a, b) => a.seq - b.seq);
  const open = new Map<string, string>();
  const periods: EmploymentPeriod[] = [];
  for (const m of sorted) {
    if (m.kind === 'alta' || m.kind === 'reingreso') open.set(m.registroId, m.effectiveDate);
    if (m.kind === 'baja') {
      const from = open.get(m.registroId);
      if (from) periods.push({ registroId: m.registroId, from, to: m.effectiveDate });
      open.delete(m.registroId);
    }
  }
  for (const [registroId, from] of open) periods.push({ registroId, from, to: null });
  return periods.sort((a, b) => a.from.localeCompare(b.from));
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function vigenciaOn(movements: readonly VigenciaMovement[], date: string): Vigencia {
  const periods = employmentPeriods(movements).filter((p) => p.from <= date);
  const current = periods.find((p) => p.to === null || p.to > date);
  if (current) {
    return { vigente: true, reason: 'Cuenta con relación laboral vigente.', registroId: current.registroId, from: current.from, to: null, conservacion: null };
  }
  const last = [...periods].sort((a, b) => (a.to ?? '').localeCompare(b.to ?? '')).pop();
  if (!last?.to) {
    return { vigente: false, reason: 'No tiene movimientos afiliatorios registrados.', registroId: null, from: null, to: null, conservacion: null };
  }
  // Walk back over periods that touch the last one to find the uninterrupted stretch before the baja.
  let start = last.from;
  for (const p of [...periods].sort((a, b) => (b.to ?? '').localeCompare(a.to ?? ''))) {
    if (p === last) continue;
    if (p.to && p.from < start && addDays(p.to, 1) >= start) start = p.from;
  }
  const weeks = Math.floor((daysBetween(start, last.to) + 1) / 7);
  if (weeks < MIN_WEEKS_FOR_CONSERVATION) {
    return {
      vigente: false,
      reason: `Causó baja el ${last.to} con ${weeks} semanas cotizadas ininterrumpidas: no alcanza las ${MIN_WEEKS_FOR_CONSERVATION} que dan conservación de derechos (LSS art. 109).`,
      registroId: last.registroId,
      from: last.from,
      to: last.to,
      conservacion: null,
    };
  }
  const until = addDays(last.to, CONSERVATION_WEEKS * 7);
  const vigente = date <= until;
  return {
    vigente,
    reason: vigente
      ? `Conserva el derecho a servicios médicos hasta el ${until} (LSS art. 109: ${CONSERVATION_WEEKS} semanas tras la baja del ${last.to}).`
      : `La conservación de derechos terminó el ${until} (LSS art. 109).`,
    registroId: last.registroId,
    from: last.from,
    to: until,
    conservacion: { weeksContributed: weeks, until },
  };
}
