/**
 * The rates of every branch, in percent of the base named by `base`. These have not changed since
 * the 2020 reform except the employer's cesantía y vejez rate (see cesantia-vejez.ts). Kept per
 * period anyway so a future change is a new row, not an edit.
 *
 * Sources: Ley del Seguro Social (LSS) articles named per row; Ley del INFONAVIT art. 29 fr. II;
 * the same factors as tabulated in "Factores de cuotas y aportaciones para 2024" (IDC Online,
 * 10-01-2024) and the IMSS "Cuotas obrero patronales" page.
 */
export type Branch =
  | 'riesgos_trabajo'
  | 'em_cuota_fija'
  | 'em_excedente'
  | 'em_prestaciones_dinero'
  | 'em_gastos_medicos_pensionados'
  | 'invalidez_vida'
  | 'guarderias'
  | 'retiro'
  | 'cesantia_vejez'
  | 'infonavit';

/** In the order the CLI writes them. */
export const BRANCHES: readonly Branch[] = [
  'riesgos_trabajo',
  'em_cuota_fija',
  'em_excedente',
  'em_prestaciones_dinero',
  'em_gastos_medicos_pensionados',
  'invalidez_vida',
  'guarderias',
  'retiro',
  'cesantia_vejez',
  'infonavit',
];

export interface FixedRates {
  /** First year these rates apply to. */
  fromYear: number;
  /** LSS art. 106 fr. I: employer, on one UMA per day. */
  emCuotaFijaEmployer: string;
  /** LSS art. 106 fr. II: on the part of the SBC above three UMA. */
  emExcedenteEmployer: string;
  emExcedenteWorker: string;
  /** How many UMA the excedente starts above (LSS art. 106 fr. II). */
  emExcedenteUmaThreshold: string;
  /** LSS art. 107. */
  emDineroEmployer: string;
  emDineroWorker: string;
  /** LSS art. 25. */
  gmpEmployer: string;
  gmpWorker: string;
  /** LSS art. 147. */
  ivEmployer: string;
  ivWorker: string;
  /** LSS art. 211. */
  guarderiasEmployer: string;
  /** LSS art. 168 fr. I. */
  retiroEmployer: string;
  /** LSS art. 168 fr. II (worker's share, unchanged by the 2020 reform). */
  cyvWorker: string;
  /** Ley del INFONAVIT art. 29 fr. II. */
  infonavitEmployer: string;
  /** LSS art. 28: the SBC is capped at this many UMA. */
  sbcCapUma: string;
  source: string;
}

export const FIXED_RATES: readonly FixedRates[] = [
  {
    fromYear: 2008,
    emCuotaFijaEmployer: '20.40',
    emExcedenteEmployer: '1.10',
    emExcedenteWorker: '0.40',
    emExcedenteUmaThreshold: '3',
    emDineroEmployer: '0.70',
    emDineroWorker: '0.25',
    gmpEmployer: '1.05',
    gmpWorker: '0.375',
    ivEmployer: '1.75',
    ivWorker: '0.625',
    guarderiasEmployer: '1.00',
    retiroEmployer: '2.00',
    cyvWorker: '1.125',
    infonavitEmployer: '5.00',
    sbcCapUma: '25',
    source: 'LSS arts. 25, 28, 106, 107, 147, 168, 211 (DOF 21-12-1995, reformas 2001 y 2020); Ley del INFONAVIT art. 29',
  },
];
