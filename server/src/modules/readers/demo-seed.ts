import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';

const MARKER = 'demo.biometrics.version';
const VERSION = '1';
const STATION_CODE = 'VENTANILLA-DEMO';

/**
 * A demo enrollment counter: a simulated fingerprint scanner (synthetic prints, so the demo needs
 * no hardware), a file-upload reader for prints and templates, and the browser's webcam for faces.
 */
export async function seedBiometricDemo(db: Db, services: Services): Promise<void> {
  if (await db.selectFrom('app_meta').select('value').where('key', '=', MARKER).executeTakeFirst()) return;
  const { readers } = services;
  const station =
    (await readers.listStations()).find((s) => s.code === STATION_CODE) ??
    (await readers.createStation({ code: STATION_CODE, name: 'Ventanilla de enrolamiento (demostración)' }, 'system'));
  if (station.readers.length === 0) {
    await readers.addReader(station.id, { name: 'Lector de huella simulado', driver: 'simulado', modality: 'huella' }, 'system');
    await readers.addReader(station.id, { name: 'Archivo de huella o plantilla ISO/ANSI', driver: 'archivo', modality: 'huella' }, 'system');
    await readers.addReader(station.id, { name: 'Cámara web del navegador', driver: 'camara_web', modality: 'rostro' }, 'system');
  }
  await db.insertInto('app_meta').values({ key: MARKER, value: VERSION }).onConflict((oc) => oc.column('key').doUpdateSet({ value: VERSION })).execute();
}
