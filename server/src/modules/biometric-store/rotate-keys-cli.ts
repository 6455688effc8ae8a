import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { runKeyRotation } from './rotate-command.ts';

/**
 * `npm run keys:rotate [-- --reencrypt]`: puts every biometric record of the database named by
 * DATABASE_URL (or the PGlite directory DATA_DIR) under BIOMETRIC_ACTIVE_KEK. Keep the old key in
 * BIOMETRIC_KEKS until this finished, then remove it. Batches commit one by one, so an interrupted
 * run is simply started again. With PGlite, stop the server first (one process per directory).
 * Exit 0 done, 1 refused, 2 failed.
 */
let code = 2;
try {
  const config = loadConfig();
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
    code = await runKeyRotation(db, config.biometrics, process.argv.slice(2), (line) => console.log(line));
  } finally {
    await db.destroy();
  }
} catch (error) {
  console.error(`No se pudo rotar las claves: ${error instanceof Error ? error.message : String(error)}`);
}
process.exit(code);
