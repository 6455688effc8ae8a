import { stringify } from 'csv-stringify/sync';
import type { MonthResult } from '@siap/contributions';
import type { WorkerRow } from './service.ts';

const STATUS_LABEL: Record<WorkerRow['biometricStatus'], string> = {
  sin_registro: 'sin registro',
  pendiente: 'pendiente',
  registrado: 'registrado',
  rechazado: 'rechazado',
};

/** The employer's worker list as CSV (UTF-8 with BOM so spreadsheet programs read the accents). */
export function workersCsv(rows: readonly WorkerRow[]): string {
  return `\uFEFF${stringify([
    ['nss', 'curp', 'nombre', 'estado_biometrico', 'vigente_en_registro', 'desde', 'sbc', 'ultimo_movimiento'],
    ...rows.map((r) => [r.nss, r.curp, r.name, STATUS_LABEL[r.biometricStatus], r.employed ? 'si' : 'no', r.since, r.sbc ?? '', r.lastMovement]),
  ])}`;
}

/** A month's cuotas per worker and branch, the same columns as `npm run cuotas`, plus the name. */
export function contributionsCsv(result: MonthResult & { names: Record<string, string> }): string {
  const rows: string[][] = [['nss', 'nombre', 'branch', 'employer', 'worker']];
  for (const w of result.workers) for (const b of w.branches) rows.push([w.nss, result.names[w.nss] ?? '', b.branch, b.employer, b.worker]);
  for (const t of result.totals) rows.push(['TOTAL', '', t.branch, t.employer, t.worker]);
  return `\uFEFF${stringify(rows)}`;
}
