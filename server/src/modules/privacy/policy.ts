import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/app-error.ts';

/** One data category's retention period, as the institution publishes it. */
export interface RetentionRule {
  dias: number;
  /** From which event the period runs (último uso, captura, registro, revocación). */
  desde: string;
  descripcion: string;
}

/** The institution's data policy file (`server/privacy/politica-de-datos.json` or PRIVACY_POLICY_PATH). */
export interface DataPolicy {
  version: string;
  unidadDeTransparencia: { nombre: string; correo: string };
  plazosLegales: { respuestaDiasHabiles: number; ejecucionDiasHabiles: number; recordatorioDiasHabilesAntes: number };
  /** Days a cancelled person's data stay blocked (kept, not processed) before they are erased. */
  bloqueoTrasCancelacionDias: number;
  conservacion: Record<string, RetentionRule>;
}

/** Read on every use, like the notice: an edit applies without a restart. Refuses a file it cannot trust. */
export function loadPolicy(path: string): DataPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new AppError('PRIVACY_POLICY_INVALID', 'No se pudo leer la política de datos (plazos de conservación) configurada.', 500);
  }
  const p = raw as Partial<DataPolicy>;
  const days = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 36_500;
  const ok =
    typeof p.version === 'string' &&
    p.unidadDeTransparencia && typeof p.unidadDeTransparencia.correo === 'string' &&
    p.plazosLegales && days(p.plazosLegales.respuestaDiasHabiles) && days(p.plazosLegales.ejecucionDiasHabiles) && days(p.plazosLegales.recordatorioDiasHabilesAntes) &&
    days(p.bloqueoTrasCancelacionDias) &&
    p.conservacion && Object.values(p.conservacion).every((r) => r && days(r.dias) && typeof r.descripcion === 'string') &&
    p.conservacion.biometricos !== undefined;
  if (!ok) throw new AppError('PRIVACY_POLICY_INVALID', 'La política de datos no tiene el formato esperado (version, plazosLegales, conservacion.biometricos…).', 500);
  return p as DataPolicy;
}
