import { CESANTIA_VEJEZ_TABLE, type CesantiaVejezRow } from './tables/cesantia-vejez.ts';
import { MINIMUM_WAGE_TABLE, type WageZone } from './tables/minimum-wages.ts';
import { FIXED_RATES, type FixedRates } from './tables/rates.ts';
import { UMA_TABLE } from './tables/uma.ts';

/** A month as `YYYY-MM`. */
export type Month = string;

/** Everything a month's computation needs, looked up from the per-year tables. */
export interface MonthParameters {
  month: Month;
  /** Daily UMA in force that month (January → previous year's value). */
  uma: string;
  minimumWage: { general: string; frontera: string };
  fixed: FixedRates;
  cesantiaVejez: CesantiaVejezRow;
  /** Calendar days of the month: the most days a worker can contribute in it. */
  daysInMonth: number;
}

export class ParametersUnavailableError extends Error {}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(month: string): { year: number; month: number } {
  const match = MONTH.exec(month);
  if (!match) throw new ParametersUnavailableError(`Mes inválido: «${month}». Use AAAA-MM.`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function parametersFor(monthText: Month): MonthParameters {
  const { year, month } = parseMonth(monthText);
  const umaYear = month === 1 ? year - 1 : year;
  const uma = UMA_TABLE.find((row) => row.year === umaYear);
  const wages = MINIMUM_WAGE_TABLE.find((row) => row.year === year);
  const cyv = CESANTIA_VEJEZ_TABLE.find((row) => row.year === year);
  const fixed = [...FIXED_RATES].reverse().find((row) => row.fromYear <= year);
  if (!uma || !wages || !cyv || !fixed) {
    throw new ParametersUnavailableError(`No hay tablas de UMA, salario mínimo y tasas para ${monthText}.`);
  }
  return {
    month: monthText,
    uma: uma.daily,
    minimumWage: { general: wages.general, frontera: wages.frontera },
    fixed,
    cesantiaVejez: cyv,
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

export function minimumWageOf(parameters: MonthParameters, zone: WageZone): string {
  return parameters.minimumWage[zone];
}
