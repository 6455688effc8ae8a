/**
 * Employer's cesantía en edad avanzada y vejez rate, in percent of the SBC, by SBC band, per year.
 * Source: Decreto por el que se reforman … la Ley del Seguro Social (DOF 16-12-2020), artículo
 * segundo transitorio, table of gradual increases 2023–2030 (the new LSS art. 168 fr. II). Before
 * 2023 the employer rate was a flat 3.150 %.
 *
 * Bands: the first row is an SBC of one minimum wage ("1.00 SM"); the others are multiples of the
 * UMA, upper bound inclusive ("1.01 SM a 1.50 UMA", "1.51 a 2.00 UMA", … "4.01 UMA en adelante").
 * The row "1.01 SM a 1.50 UMA" has, since 2023, a lower bound above its upper bound (the minimum
 * wage is over 1.5 UMA); see bandFor() in compute.ts for how a value is placed.
 */
export interface CesantiaVejezRow {
  year: number;
  /** Rate for an SBC of one minimum wage, then for each UMA band in BAND_UPPER_UMA order, then above the last. */
  minimumWage: string;
  bands: readonly [string, string, string, string, string, string, string];
  source: string;
}

/** Upper bounds, in UMA, of bands 1–6; band 7 is everything above 4.00 UMA. */
export const BAND_UPPER_UMA: readonly string[] = ['1.50', '2.00', '2.50', '3.00', '3.50', '4.00'];

const DOF_2020 = 'DOF 16-12-2020, decreto de reforma a la LSS, art. segundo transitorio';

export const CESANTIA_VEJEZ_TABLE: readonly CesantiaVejezRow[] = [
  { year: 2022, minimumWage: '3.150', bands: ['3.150', '3.150', '3.150', '3.150', '3.150', '3.150', '3.150'], source: 'LSS art. 168 fr. II antes de la reforma (tasa única 3.150 %)' },
  { year: 2023, minimumWage: '3.150', bands: ['3.281', '3.575', '3.751', '3.869', '3.953', '4.016', '4.241'], source: DOF_2020 },
  { year: 2024, minimumWage: '3.150', bands: ['3.413', '4.000', '4.353', '4.588', '4.756', '4.882', '5.331'], source: DOF_2020 },
  { year: 2025, minimumWage: '3.150', bands: ['3.544', '4.426', '4.954', '5.307', '5.559', '5.747', '6.422'], source: DOF_2020 },
  { year: 2026, minimumWage: '3.150', bands: ['3.676', '4.851', '5.556', '6.026', '6.361', '6.613', '7.513'], source: DOF_2020 },
  { year: 2027, minimumWage: '3.150', bands: ['3.807', '5.276', '6.157', '6.745', '7.164', '7.478', '8.603'], source: DOF_2020 },
  { year: 2028, minimumWage: '3.150', bands: ['3.939', '5.701', '6.759', '7.464', '7.967', '8.344', '9.694'], source: DOF_2020 },
  { year: 2029, minimumWage: '3.150', bands: ['4.070', '6.126', '7.360', '8.183', '8.770', '9.210', '10.784'], source: DOF_2020 },
  { year: 2030, minimumWage: '3.150', bands: ['4.202', '6.552', '7.962', '8.902', '9.573', '10.075', '11.875'], source: DOF_2020 },
];
