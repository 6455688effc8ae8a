import { parse } from 'csv-parse/sync';
import { ContributionInputError, WORKER_TYPES, type MonthResult, type WorkerMonth, type WorkerType } from './compute.ts';

/** The CLI's input and output headers, exactly as the issue specifies them. */
export const WORKERS_HEADER = ['nss', 'sbc', 'days', 'absences', 'incapacity_days', 'worker_type', 'risk_premium'] as const;
export const RESULT_HEADER = ['nss', 'branch', 'employer', 'worker'] as const;

/** Reads `workers.csv`; a bad line stops the read and is named by its number (header = line 1). */
export function parseWorkersCsv(text: string): WorkerMonth[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const first = rows[0];
  if (first) {
    const missing = WORKERS_HEADER.filter((h) => !(h in first));
    if (missing.length) throw new ContributionInputError(`Faltan columnas: ${missing.join(', ')}.`);
  }
  return rows.map((row, i) => {
    const line = i + 2;
    const integer = (name: string) => {
      const value = row[name] ?? '';
      if (!/^\d+$/.test(value)) throw new ContributionInputError(`Línea ${line}: ${name} debe ser un entero no negativo («${value}»).`);
      return Number(value);
    };
    const workerType = row.worker_type as WorkerType;
    if (!WORKER_TYPES.includes(workerType)) {
      throw new ContributionInputError(`Línea ${line}: worker_type debe ser ${WORKER_TYPES.join(', ')} («${row.worker_type}»).`);
    }
    if (!/^\d{11}$/.test(row.nss ?? '')) throw new ContributionInputError(`Línea ${line}: nss debe tener 11 dígitos («${row.nss}»).`);
    return {
      nss: row.nss!,
      sbc: row.sbc ?? '',
      days: integer('days'),
      absences: integer('absences'),
      incapacityDays: integer('incapacity_days'),
      workerType,
      riskPremium: row.risk_premium ?? '',
    };
  });
}

/** `result.csv`: one row per worker and branch, amounts in pesos with two decimals. */
export function resultCsv(result: MonthResult): string {
  const lines = [RESULT_HEADER.join(',')];
  for (const worker of result.workers) {
    for (const b of worker.branches) lines.push([worker.nss, b.branch, b.employer, b.worker].join(','));
  }
  return `${lines.join('\n')}\n`;
}
