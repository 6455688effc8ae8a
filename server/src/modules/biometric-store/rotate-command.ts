import type { Db } from '../../db/database.ts';
import { AuditService } from '../audit/service.ts';
import type { BiometricConfig } from './biometric-config.ts';
import { BiometricStore } from './service.ts';

/**
 * The body of `npm run keys:rotate`, apart from the process plumbing so tests call it on their
 * own database. Returns the exit code: 0 done, 1 refused.
 */
export async function runKeyRotation(db: Db, config: BiometricConfig, args: readonly string[], print: (line: string) => void): Promise<number> {
  const reencrypt = args.includes('--reencrypt');
  if (config.demoKek) {
    print('BIOMETRIC_KEKS no está definido: no hay claves que rotar (se usa la clave fija de demostración).');
    return 1;
  }
  const store = new BiometricStore(config, new AuditService());
  print(`Clave activa: ${config.activeKekId}. ${reencrypt ? 'Se vuelve a cifrar cada registro con una clave de datos nueva.' : 'Se vuelven a envolver las claves de datos.'}`);
  const result = await store.rotate(db, { reencrypt });
  print(`Registros con clave de datos re-envuelta: ${result.rewrapped}; registros re-cifrados: ${result.reencrypted}.`);
  print(`Registros por clave: ${Object.entries(result.byKek).map(([k, n]) => `${k}=${n}`).join(', ') || 'ninguno'}.`);
  const stale = Object.keys(result.byKek).filter((k) => k !== config.activeKekId);
  if (stale.length === 0) print('Ya puede retirar de BIOMETRIC_KEKS las claves anteriores.');
  return 0;
}
