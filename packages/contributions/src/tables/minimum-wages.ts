/**
 * Salario mínimo general, daily, in pesos, in force from 1 January of each year (resoluciones del
 * H. Consejo de Representantes de la CONASAMI published in the DOF each December).
 * `frontera` is the Zona Libre de la Frontera Norte.
 */
export type WageZone = 'general' | 'frontera';

export interface MinimumWageRow {
  year: number;
  general: string;
  frontera: string;
  source: string;
}

export const MINIMUM_WAGE_TABLE: readonly MinimumWageRow[] = [
  { year: 2022, general: '172.87', frontera: '260.34', source: 'CONASAMI, DOF 08-12-2021' },
  { year: 2023, general: '207.44', frontera: '312.41', source: 'CONASAMI, DOF 07-12-2022' },
  { year: 2024, general: '248.93', frontera: '374.89', source: 'CONASAMI, DOF 12-12-2023' },
  { year: 2025, general: '278.80', frontera: '419.88', source: 'CONASAMI, DOF 23-12-2024' },
  { year: 2026, general: '315.04', frontera: '440.87', source: 'CONASAMI, DOF 10-12-2025' },
];
