import type { BajaCause, Movement, Worker } from '../../api/employer.ts';

/** How the portal names the server's codes (es-MX). Baja causes follow the IDSE catalogue. */
export const BIOMETRIC_LABELS: Record<Worker['biometricStatus'], string> = {
  sin_registro: 'Sin registro',
  pendiente: 'Pendiente',
  registrado: 'Registrado',
  rechazado: 'Rechazado',
};

/** Filled chips whose white text meets WCAG AA on MUI's palette (its warning orange does not: «pendiente» stays neutral). */
export const BIOMETRIC_COLORS: Record<Worker['biometricStatus'], 'default' | 'primary' | 'success' | 'error'> = {
  sin_registro: 'default',
  pendiente: 'primary',
  registrado: 'success',
  rechazado: 'error',
};

export const MOVEMENT_LABELS: Record<Movement['kind'], string> = {
  alta: 'Alta',
  reingreso: 'Reingreso',
  baja: 'Baja',
  modificacion: 'Modificación de salario',
};

export const WORKER_TYPES = { permanente: 'Permanente', eventual_urbano: 'Eventual urbano', eventual_construccion: 'Eventual de la construcción' } as const;
export const SALARY_TYPES = { fijo: 'Fijo', variable: 'Variable', mixto: 'Mixto' } as const;
export const JORNADAS = { completa: 'Completa', reducida: 'Reducida (días por semana)' } as const;

export const BAJA_CAUSES: Record<BajaCause, string> = {
  termino_contrato: '1 · Término de contrato',
  separacion_voluntaria: '2 · Separación voluntaria',
  abandono_empleo: '3 · Abandono de empleo',
  defuncion: '4 · Defunción',
  clausura: '5 · Clausura',
  otras: '6 · Otras',
  ausentismo: '7 · Ausentismo',
  rescision_contrato: '8 · Rescisión de contrato',
  jubilacion: '9 · Jubilación',
  pension: 'A · Pensión',
};

/** The branches of `npm run cuotas` and the portal (packages/contributions). */
export const BRANCH_LABELS: Record<string, string> = {
  riesgos_trabajo: 'Riesgos de trabajo',
  em_cuota_fija: 'EyM · cuota fija',
  em_excedente: 'EyM · excedente de 3 UMA',
  em_prestaciones_dinero: 'EyM · prestaciones en dinero',
  em_gastos_medicos_pensionados: 'EyM · gastos médicos de pensionados',
  invalidez_vida: 'Invalidez y vida',
  guarderias: 'Guarderías y prestaciones sociales',
  retiro: 'Retiro',
  cesantia_vejez: 'Cesantía en edad avanzada y vejez',
  infonavit: 'INFONAVIT',
};

const MONEY = new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' });

/** Amounts arrive as decimal strings ("1234.50"): shown as pesos. */
export function pesos(amount: string | null): string {
  if (amount === null) return '—';
  const value = Number(amount);
  return Number.isFinite(value) ? MONEY.format(value) : amount;
}

const DATE = new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A civil date (AAAA-MM-DD) as «6 dic 2026». */
export function civilDate(date: string | null): string {
  if (!date) return '—';
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : DATE.format(parsed);
}

/** Today in the workplace's civil calendar (Mexico City), AAAA-MM-DD. */
export function todayCivil(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
