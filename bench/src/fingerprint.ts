/**
 * Fingerprint verification benchmark on FVC-style folders.
 *
 *   npm run bench:fingerprint -- --dataset DIR [--protocol fvc|all|both] [--dpi N] --out DIR [--cache DIR]
 *
 * DIR holds `<finger>_<impression>.<ext>` images, or is a parent of such sets (each set's dpi then
 * comes from its resolutions.csv). Prints one summary line per set and protocol, and writes
 * scores.csv and det.svg per set and protocol under --out. See bench/src/fingerprint/ for the parts.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverDatasets, type Protocol } from './fingerprint/dataset.ts';
import { TemplateSource } from './fingerprint/extraction.ts';
import { extractSet, runProtocol, summaryLine } from './fingerprint/run-set.ts';

const USAGE =
  'Uso: npm run bench:fingerprint -- --dataset DIR [--protocol fvc|all|both] [--dpi N] --out DIR [--cache DIR]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      protocol: { type: 'string', default: 'fvc' },
      dpi: { type: 'string' },
      out: { type: 'string' },
      cache: { type: 'string' },
    },
  });
  if (!values.dataset || !values.out) throw new Error(USAGE);
  const protocols: Protocol[] =
    values.protocol === 'both' ? ['fvc', 'all'] : values.protocol === 'fvc' || values.protocol === 'all' ? [values.protocol] : [];
  if (protocols.length === 0) throw new Error(`Protocolo desconocido: ${values.protocol}. ${USAGE}`);
  const dpi = values.dpi ? Number(values.dpi) : 500;
  if (!(dpi > 0)) throw new Error(`--dpi inválido: ${values.dpi}`);

  const datasets = discoverDatasets(values.dataset, dpi, values.dpi !== undefined);
  if (datasets.length === 0) throw new Error(`No hay imágenes <dedo>_<impresión> en ${values.dataset}`);
  const many = datasets.length > 1 || protocols.length > 1;
  const source = new TemplateSource(values.cache ?? null);
  for (const dataset of datasets) {
    const extracted = await extractSet(dataset, source);
    for (const protocol of protocols) {
      const outDir = many ? join(values.out, dataset.name, protocol) : values.out;
      const result = await runProtocol(extracted, protocol, outDir);
      const prefix = datasets.length > 1 ? `${dataset.name} ${protocol} ` : protocols.length > 1 ? `${protocol} ` : '';
      console.log(prefix + summaryLine(result));
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
