import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createServices } from '../../services.ts';
import { seedDemo } from '../demo/seed.ts';
import { seedEmployerDemo } from './demo-seed.ts';

/**
 * `npm run demo:constancia -- --out FILE.pdf`: a throwaway embedded database with the demo data,
 * then a Constancia de Vigencia de Derechos for the demo's enrolled worker, issued and signed
 * through the real services. The demo PKI (and the institution's key) go to a temporary folder,
 * printed at the end; check the signature with `pdfsig FILE.pdf`.
 */
const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  console.error('Uso: npm run demo:constancia -- --out constancia.pdf');
  process.exit(2);
}
const demoDir = await mkdtemp(join(tmpdir(), 'siap-constancia-demo-'));
const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: ':memory:', DEMO: 'true', EMPLOYER_DEMO_DIR: demoDir, LOG_LEVEL: 'silent' });
const db = openDatabase(config);
const services = createServices({ config, db });
try {
  await migrateToLatest(db);
  await seedDemo(db, services);
  const demo = await seedEmployerDemo(db, services, config.employer);
  if (!demo) throw new Error('no se pudo preparar el patrón de demostración');
  const issued = await services.employer.issueConstancia(demo.enrolledWorkerCurp, { actor: 'system', purpose: 'constancia de demostración' }, config.employer.publicBaseUrl ?? 'http://127.0.0.1:3000');
  await writeFile(values.out, issued.pdf);
  console.log(`Constancia ${issued.folio} para la CURP ${demo.enrolledWorkerCurp} → ${values.out}`);
  console.log(`Firmada con ${demo.pki.institutionP12} (certificado ${demo.pki.institutionCer}). Verifique con: pdfsig ${values.out}`);
} finally {
  await Promise.all([services.gallery.close(), services.faces.close()]);
  await db.destroy();
}
