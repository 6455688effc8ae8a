import { parse } from 'csv-parse/sync';
import { validateCurp } from '@siap/mx-identity';
import { AppError } from '../../shared/app-error.ts';
import type { RegistryRecord } from './population-registry.ts';

/**
 * The CSV accepted by the embedded registry: UTF-8, comma-separated, first line exactly this
 * header (order free, extra columns rejected so a misnamed column is not silently ignored).
 * `second_surname` may be empty; `status` is `vigente` or `baja`; `birth_date` is YYYY-MM-DD.
 */
export const REGISTRY_CSV_HEADER = [
  'curp',
  'given_names',
  'first_surname',
  'second_surname',
  'birth_date',
  'sex',
  'birth_state',
  'status',
] as const;

type CsvRow = Record<(typeof REGISTRY_CSV_HEADER)[number], string>;

export function parseRegistryCsv(text: string): RegistryRecord[] {
  let rows: CsvRow[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase());
        const missing = REGISTRY_CSV_HEADER.filter((h) => !names.includes(h));
        const extra = names.filter((h) => !(REGISTRY_CSV_HEADER as readonly string[]).includes(h));
        if (missing.length || extra.length) {
          throw csvError(1, `encabezado inválido (faltan: ${missing.join(', ') || '—'}; sobran: ${extra.join(', ') || '—'})`);
        }
        return names;
      },
      bom: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw csvError(0, error instanceof Error ? error.message : String(error));
  }
  return rows.map((row, index) => toRecord(row, index + 2));
}

function toRecord(row: CsvRow, line: number): RegistryRecord {
  const curp = validateCurp(row.curp);
  if (!curp.ok) throw csvError(line, `CURP inválida: ${curp.reason}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(row.birth_date)) throw csvError(line, 'birth_date debe ser AAAA-MM-DD');
  if (row.sex !== 'H' && row.sex !== 'M' && row.sex !== 'X') throw csvError(line, 'sex debe ser H, M o X');
  if (row.status !== 'vigente' && row.status !== 'baja') throw csvError(line, 'status debe ser vigente o baja');
  if (!row.given_names || !row.first_surname) throw csvError(line, 'given_names y first_surname son obligatorios');
  if (!/^[A-Z]{2}$/.test(row.birth_state)) throw csvError(line, 'birth_state debe ser la clave de entidad de 2 letras');
  return {
    curp: curp.value.curp,
    givenNames: row.given_names,
    firstSurname: row.first_surname,
    secondSurname: row.second_surname || null,
    birthDate: row.birth_date,
    sex: row.sex,
    birthState: row.birth_state,
    status: row.status,
  };
}

function csvError(line: number, problem: string): AppError {
  return new AppError('REGISTRY_CSV_INVALID', `Archivo del padrón inválido (línea ${line}): ${problem}.`, 400, { line });
}
