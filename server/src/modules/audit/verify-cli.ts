import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { runAuditVerify } from './verify-command.ts';

/**
 * `npm run audit:verify`: checks the audit hash chain of the database named by DATABASE_URL
 * (or the PGlite directory DATA_DIR) with the key AUDIT_HMAC_KEY, and compares it with the signed
 * checkpoints in AUDIT_ANCHOR_FILE. Exit 0 = intact, 1 = broken, 2 = could not check.
 * PGlite is single-process: stop the server before verifying its data directory.
 */
const config = loadConfig();
const db = openDatabase(config);
let code = 2;
try {
  code = await runAuditVerify(db, (line) => console.log(line), { key: config.audit, anchorFile: config.audit.anchorFile });
} catch (error) {
  console.error(`No se pudo verificar la bitácora: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await db.destroy();
}
process.exit(code);
