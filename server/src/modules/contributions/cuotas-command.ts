import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { computeMonth, ContributionInputError, ParametersUnavailableError, parseWorkersCsv, resultCsv } from '@siap/contributions';

const USAGE = 'Uso: npm run cuotas -- --input workers.csv --month AAAA-MM --out result.csv';

/**
 * `npm run cuotas`: reads workers.csv, computes the month's cuotas obrero-patronales and writes
 * result.csv. Returns the exit code (0 done, 1 bad input, 2 bad usage) and writes messages through
 * `log`, so the test runs it in-process.
 */
export async function runCuotas(argv: string[], log: (line: string) => void = console.error): Promise<number> {
  let values: { input?: string; month?: string; out?: string };
  try {
    values = parseArgs({ args: argv, options: { input: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' } } }).values;
  } catch (error) {
    log(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.input || !values.month || !values.out) {
    log(USAGE);
    return 2;
  }
  try {
    const workers = parseWorkersCsv(await readFile(values.input, 'utf8'));
    const result = computeMonth(values.month, workers);
    await writeFile(values.out, resultCsv(result));
    log(`${workers.length} trabajadores, ${values.month}: patrón $${result.total.employer}, trabajadores $${result.total.worker} → ${values.out}`);
    return 0;
  } catch (error) {
    if (error instanceof ContributionInputError || error instanceof ParametersUnavailableError) {
      log(error.message);
      return 1;
    }
    throw error;
  }
}
