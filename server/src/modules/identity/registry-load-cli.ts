import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createServices } from '../../services.ts';
import { parseRegistryCsv, REGISTRY_CSV_HEADER } from './registry-csv.ts';

/**
 * `npm run registry:load -- padron.csv`: loads (or refreshes) the embedded population registry
 * from a CSV whose header is REGISTRY_CSV_HEADER. Uses DATABASE_URL or DATA_DIR like the server;
 * with PGlite, stop the server first (one process per data directory).
 */
const file = process.argv[2];
if (!file) {
  console.error(`Uso: npm run registry:load -- <archivo.csv>\nEncabezado: ${REGISTRY_CSV_HEADER.join(',')}`);
  process.exit(2);
}
const config = loadConfig();
const db = openDatabase(config);
let code = 0;
try {
  await migrateToLatest(db);
  const records = parseRegistryCsv(readFileSync(file, 'utf8'));
  const loaded = await createServices({ config, db }).identity.loadRegistry(records, 'system');
  console.log(`Padrón cargado: ${loaded} registros.`);
} catch (error) {
  console.error(`No se pudo cargar el padrón: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  await db.destroy();
}
process.exit(code);
