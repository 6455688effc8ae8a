import { Decimal } from 'decimal.js';
import { minimumWageOf, parametersFor, type MonthParameters } from './parameters.ts';
import { BAND_UPPER_UMA } from './tables/cesantia-vejez.ts';
import type { WageZone } from './tables/minimum-wages.ts';
import { BRANCHES, type Branch } from './tables/rates.ts';

export const WORKER_TYPES = ['permanente', 'eventual_urbano', 'eventual_construccion'] as const;
export type WorkerType = (typeof WORKER_TYPES)[number];

export interface WorkerMonth {
  nss: string;
  /** Salario base de cotización, daily, pesos. */
  sbc: number | string;
  /** Days the worker was on the payroll this month. */
  days: number;
  /** Unpaid absences (ausentismos). */
  absences: number;
  /** Days of IMSS incapacity (incapacidades). */
  incapacityDays: number;
  workerType: WorkerType;
  /** Prima de riesgos de trabajo in percent, e.g. 0.54355. */
  riskPremium: number | string;
  zone?: WageZone;
}

export interface BranchAmount {
  branch: Branch;
  /** Pesos, two decimals, as a string so no float rounding creeps back in. */
  employer: string;
  worker: string;
}

export interface WorkerContributions {
  nss: string;
  /** The SBC used: the given one capped at 25 UMA. */
  sbc: string;
  /** Band of the employer's cesantía y vejez rate and that rate, in percent. */
  cesantiaVejezRate: string;
  /** LSS art. 36: a worker on the minimum wage pays nothing; the employer pays both shares. */
  employerPaysWorkerShare: boolean;
  branches: BranchAmount[];
}

export class ContributionInputError extends Error {}

const HUNDRED = new Decimal(100);

/** Pesos to two decimals, half away from zero (how amounts are written on the SUA and the CFDI). */
function cents(value: Decimal): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

function pct(rate: string): Decimal {
  return new Decimal(rate).div(HUNDRED);
}

/**
 * The employer's cesantía y vejez rate for an SBC. An SBC at (or under) the minimum wage is the
 * "1.00 SM" row. Otherwise the SBC in UMA, truncated to hundredths (the table's ranges are written
 * "1.51 a 2.00", so 2.004 belongs to that row), picks the first band whose upper bound it does not
 * exceed. Since 2023 the minimum wage is above 1.5 UMA, so the "1.01 SM a 1.50 UMA" row is reached
 * only by SBCs above one minimum wage and at most 1.50 UMA — none in 2023–2026; it stays for the
 * table's sake.
 */
export function cesantiaVejezEmployerRate(sbc: Decimal, parameters: MonthParameters, zone: WageZone): string {
  const row = parameters.cesantiaVejez;
  if (sbc.lte(minimumWageOf(parameters, zone))) return row.minimumWage;
  const inUma = sbc.div(parameters.uma).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const index = BAND_UPPER_UMA.findIndex((upper) => inUma.lte(upper));
  return row.bands[index === -1 ? BAND_UPPER_UMA.length : index];
}

/** Checks one worker's month and returns the days each group of branches counts. */
function contributedDays(input: WorkerMonth, parameters: MonthParameters) {
  const { days, absences, incapacityDays } = input;
  for (const [name, value] of [['days', days], ['absences', absences], ['incapacity_days', incapacityDays]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new ContributionInputError(`${name} debe ser un entero no negativo (NSS ${input.nss}).`);
  }
  if (days > parameters.daysInMonth) {
    throw new ContributionInputError(`days (${days}) excede los días de ${parameters.month} (${parameters.daysInMonth}) (NSS ${input.nss}).`);
  }
  if (absences + incapacityDays > days) {
    throw new ContributionInputError(`Las ausencias más las incapacidades exceden los días cotizados (NSS ${input.nss}).`);
  }
  return {
    // Enfermedades y maternidad: incapacity days are not paid (the worker receives the subsidy);
    // absences are (LSS art. 31 fr. I: the employer keeps paying EyM during absences).
    em: days - incapacityDays,
    // Riesgos de trabajo, invalidez y vida, guarderías, retiro, cesantía y vejez: neither.
    other: days - incapacityDays - absences,
    // INFONAVIT keeps being paid during incapacities (Ley del INFONAVIT art. 29; only absences cut it).
    infonavit: days - absences,
  };
}

/**
 * One worker's cuotas obrero-patronales for one month, per branch. Every rate, UMA and minimum wage
 * comes from the per-year tables (tables/); nothing here is a legal figure.
 */
export function computeWorkerMonth(input: WorkerMonth, parameters: MonthParameters): WorkerContributions {
  const zone = input.zone ?? 'general';
  const f = parameters.fixed;
  const uma = new Decimal(parameters.uma);
  const given = parseAmount(input.sbc, 'sbc', input.nss);
  const minimum = new Decimal(minimumWageOf(parameters, zone));
  if (given.lt(minimum)) {
    throw new ContributionInputError(`El SBC ${given.toFixed(2)} es menor que el salario mínimo ${minimum.toFixed(2)} (LSS art. 28) (NSS ${input.nss}).`);
  }
  const sbc = Decimal.min(given, uma.mul(f.sbcCapUma));
  const premium = parseAmount(input.riskPremium, 'risk_premium', input.nss);
  if (premium.gt(15)) throw new ContributionInputError(`La prima de riesgo ${premium.toString()} % excede el máximo de 15 % (LSS art. 74) (NSS ${input.nss}).`);
  const days = contributedDays(input, parameters);
  const onMinimumWage = sbc.lte(minimum);
  const cyvRate = cesantiaVejezEmployerRate(sbc, parameters, zone);

  const excess = Decimal.max(sbc.minus(uma.mul(f.emExcedenteUmaThreshold)), 0);
  const shares: Record<Branch, [Decimal, Decimal]> = {
    riesgos_trabajo: [sbc.mul(days.other).mul(pct(premium.toString())), new Decimal(0)],
    em_cuota_fija: [uma.mul(days.em).mul(pct(f.emCuotaFijaEmployer)), new Decimal(0)],
    em_excedente: [excess.mul(days.em).mul(pct(f.emExcedenteEmployer)), excess.mul(days.em).mul(pct(f.emExcedenteWorker))],
    em_prestaciones_dinero: [sbc.mul(days.em).mul(pct(f.emDineroEmployer)), sbc.mul(days.em).mul(pct(f.emDineroWorker))],
    em_gastos_medicos_pensionados: [sbc.mul(days.em).mul(pct(f.gmpEmployer)), sbc.mul(days.em).mul(pct(f.gmpWorker))],
    invalidez_vida: [sbc.mul(days.other).mul(pct(f.ivEmployer)), sbc.mul(days.other).mul(pct(f.ivWorker))],
    guarderias: [sbc.mul(days.other).mul(pct(f.guarderiasEmployer)), new Decimal(0)],
    retiro: [sbc.mul(days.other).mul(pct(f.retiroEmployer)), new Decimal(0)],
    cesantia_vejez: [sbc.mul(days.other).mul(pct(cyvRate)), sbc.mul(days.other).mul(pct(f.cyvWorker))],
    infonavit: [sbc.mul(days.infonavit).mul(pct(f.infonavitEmployer)), new Decimal(0)],
  };
  return {
    nss: input.nss,
    sbc: sbc.toFixed(2),
    cesantiaVejezRate: cyvRate,
    employerPaysWorkerShare: onMinimumWage,
    branches: BRANCHES.map((branch) => {
      const [employer, worker] = shares[branch];
      // Each share is rounded on its own, then moved: the employer pays exactly what the worker would have.
      return onMinimumWage
        ? { branch, employer: cents(new Decimal(cents(employer)).plus(cents(worker))), worker: '0.00' }
        : { branch, employer: cents(employer), worker: cents(worker) };
    }),
  };
}

export interface MonthResult {
  month: string;
  parameters: MonthParameters;
  workers: WorkerContributions[];
  totals: { branch: Branch; employer: string; worker: string }[];
  total: { employer: string; worker: string };
}

/** A registro patronal's month: each worker, per-branch totals and the grand total. */
export function computeMonth(month: string, workers: readonly WorkerMonth[]): MonthResult {
  const parameters = parametersFor(month);
  const results = workers.map((w) => computeWorkerMonth(w, parameters));
  const totals = BRANCHES.map((branch) => {
    let employer = new Decimal(0);
    let worker = new Decimal(0);
    for (const r of results) {
      const row = r.branches.find((b) => b.branch === branch)!;
      employer = employer.plus(row.employer);
      worker = worker.plus(row.worker);
    }
    return { branch, employer: employer.toFixed(2), worker: worker.toFixed(2) };
  });
  const total = {
    employer: totals.reduce((sum, t) => sum.plus(t.employer), new Decimal(0)).toFixed(2),
    worker: totals.reduce((sum, t) => sum.plus(t.worker), new Decimal(0)).toFixed(2),
  };
  return { month, parameters, workers: results, totals, total };
}

function parseAmount(value: number | string, name: string, nss: string): Decimal {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) throw new ContributionInputError(`${name} inválido: «${text}» (NSS ${nss}).`);
  return new Decimal(text);
}
