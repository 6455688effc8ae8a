import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { AuditService } from '../audit/service.ts';
import { BiometricStore } from '../biometric-store/service.ts';
import { FaceProcessor } from '../readers/face.ts';
import { reextractTemplates } from './reextract.ts';
import * as repository from './repository.ts';

/**
 * `npm run biometrics:reextract [-- --modality huella|rostro|todas] [--batch 100]`: redoes every
 * enrolled template made by an older engine version from its encrypted image (see reextract.ts).
 * Run it with the server stopped when using PGlite (one process per data directory), and restart
 * the server afterwards (its 1:N gallery loads at start). Interrupted runs are started again: they
 * resume. Exit 0 done, 1 some templates could not be redone, 2 failed.
 */
let code = 2;
try {
  const { values } = parseArgs({ options: { modality: { type: 'string', default: 'todas' }, batch: { type: 'string', default: '100' } } });
  const modalities = values.modality === 'huella' ? (['huella'] as const) : values.modality === 'rostro' ? (['rostro'] as const) : (['huella', 'rostro'] as const);
  const config = loadConfig();
  const db = openDatabase(config);
  const faces = new FaceProcessor(config.biometrics.faceWorkers);
  try {
    await migrateToLatest(db);
    const audit = new AuditService();
    const show = async (title: string) => {
      console.log(title);
      for (const row of await repository.countByVersion(db)) {
        console.log(`  ${row.modality === 'huella' ? 'huella' : 'rostro'} · versión ${row.version ?? '(sin versión)'}: ${row.total} plantillas, ${row.withImage} con imagen`);
      }
    };
    await show('Antes:');
    const result = await reextractTemplates(
      { db, audit, store: new BiometricStore(config.biometrics, audit), faces },
      { modalities, batchSize: Math.max(1, Number(values.batch) || 100), print: (line) => console.log(line) },
    );
    await show('Después:');
    console.log(`Rehechas: ${result.redone.huella} huellas (versión ${result.versions.huella}), ${result.redone.rostro} rostros (modelo ${result.versions.rostro}).`);
    for (const f of result.failed) console.log(`No se pudo rehacer ${f.modality} ${f.position} del enrolamiento ${f.enrollmentId}: ${f.reason}`);
    console.log('Reinicie el servidor para que la galería 1:N cargue las plantillas nuevas.');
    code = result.failed.length ? 1 : 0;
  } finally {
    await faces.close();
    await db.destroy();
  }
} catch (error) {
  console.error(`No se pudo reextraer las plantillas: ${error instanceof Error ? error.message : String(error)}`);
}
process.exit(code);
