import { addDays, type CertificateTerms } from './certificate.ts';

/**
 * The subsidio (cash benefit) of an incapacidad, from the worker's SBC and contribution history.
 * Pure: the service passes the history the employer module knows (or the demo history).
 *
 * | ramo | rate | from | requirement | source |
 * |---|---|---|---|---|
 * | enfermedad general | 60 % of the last SBC | day 4 | 4 weekly contributions immediately before | LSS arts. 96, 97 |
 * | riesgo de trabajo | 100 % of the SBC at the risk | day 1 | insured on that day (no minimum) | LSS art. 58 fr. I |
 * | maternidad | 100 % of the last SBC | day 1, 84 days | 30 weekly contributions in the 12 months before | LSS arts. 101, 102 |
 */

export interface EmploymentSpan {
  from: string;
  /** The baja, or null while employed. */
  to: string | null;
}

export interface SalaryChange {
  /** Effective date of the alta/reingreso/modificación that set this SBC. */
  from: string;
  /** Salario base de cotización, pesos with two decimals. */
  sbc: string;
}

export interface ContributionHistory {
  periods: EmploymentSpan[];
  salaries: SalaryChange[];
  /** `patron`: the employer module's movements; `demostracion`: made up until there are some. */
  source: 'patron' | 'demostracion';
}

export interface RuleCheck {
  rule: string;
  source: string;
  met: boolean;
  detail: string;
}

export interface Subsidy {
  eligible: boolean;
  /** Percent of the SBC. */
  rate: 60 | 100;
  sbc: string | null;
  dailyAmount: string;
  paidDays: number;
  firstPaidDate: string | null;
  total: string;
  weeksContributed: number;
  requiredWeeks: number;
  historySource: ContributionHistory['source'];
  checks: RuleCheck[];
  /** Why not, in es-MX, when not eligible. */
  reason: string | null;
}

/** LSS art. 96: enfermedad general pays 60 % from the fourth day. */
export const GENERAL_ILLNESS_RATE = 60;
export const GENERAL_ILLNESS_WAITING_DAYS = 3;
/** LSS art. 97 fr. I: four weekly contributions immediately before the illness. */
export const GENERAL_ILLNESS_MIN_WEEKS = 4;
/** LSS art. 58 fr. I: riesgo de trabajo pays 100 % from the first day. */
export const WORK_RISK_RATE = 100;
/** LSS art. 101: maternity pays 100 % of the last SBC. */
export const MATERNITY_RATE = 100;
/** LSS art. 102 fr. I: 30 weekly contributions in the 12 months before the subsidy starts. */
export const MATERNITY_MIN_WEEKS = 30;

function covered(periods: readonly EmploymentSpan[], day: string): boolean {
  return periods.some((p) => p.from <= day && (p.to === null || day <= p.to));
}

/** Days covered by an employment in [from, to], both included, counted once however many registros. */
function coveredDays(periods: readonly EmploymentSpan[], from: string, to: string): number {
  let count = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) if (covered(periods, day)) count++;
  return count;
}

/** Days of uninterrupted coverage ending on `day` (inclusive), looking back at most `limit` days. */
function uninterruptedDaysBefore(periods: readonly EmploymentSpan[], day: string, limit: number): number {
  let count = 0;
  for (let d = day; count < limit && covered(periods, d); d = addDays(d, -1)) count++;
  return count;
}

/** The SBC in force on `day`: the latest salary set on or before it. */
export function sbcOn(salaries: readonly SalaryChange[], day: string): string | null {
  const applicable = salaries.filter((s) => s.from <= day).sort((a, b) => a.from.localeCompare(b.from));
  return applicable.at(-1)?.sbc ?? null;
}

function toCents(pesos: string): number {
  return Math.round(Number(pesos) * 100);
}

function pesos(cents: number): string {
  return (cents / 100).toFixed(2);
}

export function computeSubsidy(terms: CertificateTerms, history: ContributionHistory): Subsidy {
  const dayBefore = addDays(terms.startDate, -1);
  const sbc = sbcOn(history.salaries, terms.ramo === 'riesgo_trabajo' ? terms.startDate : dayBefore) ?? sbcOn(history.salaries, terms.startDate);
  const checks: RuleCheck[] = [];
  let rate: Subsidy['rate'];
  let paidDays: number;
  let requiredWeeks = 0;
  let weeks: number;

  if (terms.ramo === 'enfermedad_general') {
    rate = GENERAL_ILLNESS_RATE;
    weeks = Math.floor(uninterruptedDaysBefore(history.periods, dayBefore, 5 * 366) / 7);
    requiredWeeks = GENERAL_ILLNESS_MIN_WEEKS;
    checks.push({ rule: 'Al menos 4 cotizaciones semanales inmediatamente anteriores a la enfermedad', source: 'LSS art. 97 fr. I', met: weeks >= requiredWeeks, detail: `${weeks} semanas` });
    // The three waiting days fall on the first certificate of an illness; a subsecuente or a
    // recaída continues an illness whose waiting days already passed (our reading; see README).
    const waiting = terms.tipo === 'inicial' ? GENERAL_ILLNESS_WAITING_DAYS : 0;
    paidDays = Math.max(0, terms.days - waiting);
    checks.push({ rule: 'Subsidio del 60 % del último salario diario de cotización a partir del cuarto día', source: 'LSS art. 96', met: true, detail: terms.tipo === 'inicial' ? `${waiting} días de espera` : 'continúa una incapacidad previa: sin días de espera' });
  } else if (terms.ramo === 'riesgo_trabajo') {
    rate = WORK_RISK_RATE;
    weeks = Math.floor(uninterruptedDaysBefore(history.periods, terms.startDate, 5 * 366) / 7);
    const insured = covered(history.periods, terms.startDate);
    checks.push({ rule: 'Asegurado el día del riesgo (sin tiempo mínimo de cotización)', source: 'LSS art. 58 fr. I', met: insured, detail: insured ? 'con relación laboral vigente' : 'sin relación laboral vigente ese día' });
    checks.push({ rule: 'Subsidio del 100 % del salario de cotización desde el primer día', source: 'LSS art. 58 fr. I', met: true, detail: `${terms.days} días` });
    paidDays = terms.days;
  } else {
    rate = MATERNITY_RATE;
    const windowStart = addDays(terms.startDate, -365);
    weeks = Math.floor(coveredDays(history.periods, windowStart, dayBefore) / 7);
    requiredWeeks = MATERNITY_MIN_WEEKS;
    checks.push({ rule: 'Al menos 30 cotizaciones semanales en los 12 meses anteriores al inicio del subsidio', source: 'LSS art. 102 fr. I', met: weeks >= requiredWeeks, detail: `${weeks} semanas entre ${windowStart} y ${dayBefore}` });
    checks.push({ rule: 'Subsidio del 100 % del último salario diario de cotización durante 42 días antes y 42 después del parto', source: 'LSS art. 101', met: true, detail: terms.maternity ? `${terms.maternity.prenatalDays} + ${terms.maternity.postnatalDays} días` : '84 días' });
    paidDays = terms.days;
  }
  const failed = checks.find((c) => !c.met);
  const noSalary = sbc === null;
  const eligible = !failed && !noSalary && paidDays > 0;
  const daily = eligible ? Math.round((toCents(sbc!) * rate) / 100) : 0;
  const waitingDays = terms.days - paidDays;
  let reason: string | null = null;
  if (failed) {
    reason =
      terms.ramo === 'maternidad'
        ? `No cumple ${failed.rule.toLowerCase()} (${failed.source}); el patrón paga el salario íntegro (LSS art. 103; LFT art. 170 fr. V).`
        : `No cumple: ${failed.rule.toLowerCase()} (${failed.source}).`;
  } else if (noSalary) reason = 'No hay salario base de cotización registrado antes del inicio.';
  else if (paidDays === 0) reason = 'La incapacidad no pasa de los 3 días de espera (LSS art. 96).';
  return {
    eligible,
    rate,
    sbc,
    dailyAmount: pesos(daily),
    paidDays: eligible ? paidDays : 0,
    firstPaidDate: eligible ? addDays(terms.startDate, waitingDays) : null,
    total: pesos(daily * (eligible ? paidDays : 0)),
    weeksContributed: weeks,
    requiredWeeks,
    historySource: history.source,
    checks,
    reason,
  };
}

/**
 * The demo history (until the person has movements with an employer): two years employed up to
 * the start, SBC 472.19 (450.00 × 1.0493, the demo employer's figures). Marked `demostracion`.
 */
export function demoHistory(startDate: string): ContributionHistory {
  const from = addDays(startDate, -730);
  return { periods: [{ from, to: null }], salaries: [{ from, sbc: '472.19' }], source: 'demostracion' };
}
