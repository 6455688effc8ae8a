/**
 * Unidad de Medida y Actualización, daily value in pesos. INEGI publishes it in the DOF each
 * January and it takes effect on 1 February (Ley para Determinar el Valor de la UMA, art. 5), so a
 * January month still uses the previous year's value.
 */
export interface UmaRow {
  /** The year whose value this is; in effect from 1 February of that year to 31 January of the next. */
  year: number;
  daily: string;
  source: string;
}

export const UMA_TABLE: readonly UmaRow[] = [
  { year: 2022, daily: '96.22', source: 'INEGI, DOF 10-01-2022' },
  { year: 2023, daily: '103.74', source: 'INEGI, DOF 10-01-2023' },
  { year: 2024, daily: '108.57', source: 'INEGI, DOF 10-01-2024' },
  { year: 2025, daily: '113.14', source: 'INEGI, DOF 10-01-2025' },
  { year: 2026, daily: '117.31', source: 'INEGI, DOF 09-01-2026' },
];
