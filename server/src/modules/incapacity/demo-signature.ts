import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_FILES, type PackageFile } from '@siap/evidence';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createServices } from '../../services.ts';
import { seedDemo } from '../demo/seed.ts';
import { seedEmployerDemo } from '../employer/demo-seed.ts';
import { civilToday } from '../employer/service.ts';
import { seedSignatureDemo } from './demo-seed.ts';

export interface SignatureDemoRun {
  folio: string;
  signatureFolio: string;
  documentSha256: string;
  files: string[];
}

/**
 * The whole flow on a throwaway embedded database, through the real services: demo seeds (people,
 * employer, the asegurada with her alta), the médico issues a maternity certificate, the asegurada
 * signs it with her finger at the demo station (simulated reader: a new impression of her finger),
 * and the evidence package is written to `outDir` as exactly the six files of the issue. The demo
 * keys (institution CA + signing certificate, TSA CA + TSA certificate) are generated in a
 * temporary folder and removed afterwards: the package carries the two roots it needs.
 */
export async function runSignatureDemo(outDir: string, log: (line: string) => void = () => undefined): Promise<SignatureDemoRun> {
  const scratch = await mkdtemp(join(tmpdir(), 'siap-signature-demo-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: ':memory:', DEMO: 'true', EMPLOYER_DEMO_DIR: join(scratch, 'employer'), SIGNATURE_KEYS_DIR: join(scratch, 'keys'), SIGNATURE_TSA_URL: '', LOG_LEVEL: 'silent', NODE_ENV: 'development', SESSION_SECRET: process.env.SESSION_SECRET ?? 'demo-signature-session-secret-0123456789' });
  const db = openDatabase(config);
  const services = createServices({ config, db });
  try {
    await migrateToLatest(db);
    await seedDemo(db, services);
    await seedEmployerDemo(db, services, config.employer);
    const demo = await seedSignatureDemo(db, services);
    if (!demo) throw new Error('no se pudieron preparar las personas de demostración');
    const medico = { actor: `account:${demo.medico.accountId}` as const, personId: demo.medico.personId, role: 'medico' };
    log(`Médico ${demo.medico.name} expide una incapacidad por maternidad a ${demo.asegurada.name} (CURP ${demo.asegurada.curp}).`);
    const issued = await services.incapacity.issue(medico, { curp: demo.asegurada.curp, ramo: 'maternidad', tipo: 'inicial', startDate: civilToday(new Date()), days: 84, diagnosisCode: 'Z34.9' });
    log(`Certificado ${issued.folio}: subsidio ${issued.subsidy.rate} % de ${issued.subsidy.sbc} = ${issued.subsidy.total} (${issued.subsidy.paidDays} días).`);
    const station = (await services.readers.listStations()).find((s) => s.readers.some((r) => r.driver === 'simulado'));
    if (!station) throw new Error('no hay una estación con lector simulado');
    const reader = station.readers.find((r) => r.driver === 'simulado')!;
    const signed = await services.incapacity.signWithFinger(issued.folio, medico, {
      stationId: station.id,
      fingerReaderId: reader.id,
      fingers: [{ position: 2, simulate: {} }],
      documentSha256: issued.documentSha256,
      baseUrl: config.employer.publicBaseUrl ?? 'http://127.0.0.1:3000',
    });
    log(`Firmado con huella en ${station.name}: folio de firma ${signed.signatureFolio}, sello de tiempo ${signed.timestampedAt}.`);
    const files = await services.incapacity.evidencePackage(issued.folio, medico);
    await mkdir(outDir, { recursive: true });
    const written: string[] = [];
    for (const [key, name] of Object.entries(PACKAGE_FILES) as [PackageFile, string][]) {
      await writeFile(join(outDir, name), files[key]);
      written.push(name);
    }
    return { folio: issued.folio, signatureFolio: signed.signatureFolio, documentSha256: issued.documentSha256, files: written };
  } finally {
    await Promise.all([services.gallery.close(), services.faces.close(), services.fingers.close()]);
    await db.destroy();
    await rm(scratch, { recursive: true, force: true });
  }
}
