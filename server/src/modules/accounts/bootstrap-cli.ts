import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createServices } from '../../services.ts';
import { bootstrapFirstAdmin } from './bootstrap-command.ts';

/**
 * `npm run admin:bootstrap -- --curp … --nombres … --primer-apellido … [--segundo-apellido …]
 *  --matricula … --ooad … [--correo …]`: creates the first administrator of an installation and
 * prints a one-time password (see README). Uses DATABASE_URL or DATA_DIR like the server; with
 * PGlite, stop the server first (one process per data directory).
 */
const { values } = parseArgs({
  options: {
    curp: { type: 'string' },
    nombres: { type: 'string' },
    'primer-apellido': { type: 'string' },
    'segundo-apellido': { type: 'string' },
    matricula: { type: 'string' },
    ooad: { type: 'string' },
    correo: { type: 'string' },
  },
});
const missing = ['curp', 'nombres', 'primer-apellido', 'matricula', 'ooad'].filter((name) => !values[name as keyof typeof values]);
if (missing.length) {
  console.error(`Faltan: ${missing.map((m) => `--${m}`).join(', ')}.\nUso: npm run admin:bootstrap -- --curp CURP --nombres "…" --primer-apellido "…" [--segundo-apellido "…"] --matricula 12345678 --ooad 35 [--correo persona@imss.gob.mx]`);
  process.exit(2);
}
const config = loadConfig();
const db = openDatabase({ ...config, durable: config.pgliteDurable });
let code = 0;
try {
  await migrateToLatest(db);
  const lines = await bootstrapFirstAdmin(db, createServices({ config, db }), {
    curp: values.curp!,
    givenNames: values.nombres!,
    firstSurname: values['primer-apellido']!,
    secondSurname: values['segundo-apellido'] ?? null,
    email: values.correo ?? null,
    matricula: values.matricula!,
    ooadCode: values.ooad!,
  });
  for (const line of lines) console.log(line);
} catch (error) {
  console.error(`No se pudo crear el primer administrador: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  await db.destroy();
}
process.exit(code);
