import type { Executor } from '../../db/database.ts';
import { AuditAnchors } from './anchors.ts';
import type { AuditKey } from './hash-chain.ts';
import { AuditService, SEAL_WINDOW_MS } from './service.ts';

export interface VerifyOptions {
  /** The chain's HMAC key (AUDIT_HMAC_KEY); the demo key when omitted. */
  key?: AuditKey;
  /** The anchor file (AUDIT_ANCHOR_FILE) whose signed checkpoints the database must match. */
  anchorFile?: string | null;
  now?: Date;
  /** How long an entry may wait for its seal before it counts as overdue (default SEAL_WINDOW_MS). */
  sealWindowMs?: number;
}

/**
 * The body of `npm run audit:verify`, separate from the process plumbing so tests call it on
 * their own database. Returns the exit code: 0 intact, 1 broken.
 */
export async function runAuditVerify(db: Executor, print: (line: string) => void, options: VerifyOptions = {}): Promise<number> {
  const window = options.sealWindowMs ?? SEAL_WINDOW_MS;
  const result = await new AuditService(undefined, options.key).verify(db, { now: options.now, sealWindowMs: window });
  if (!result.ok) {
    if (result.firstBrokenSeq === null) {
      print(`Bitácora ALTERADA: ${result.reason}.`);
      print(`Entradas selladas íntegras: ${result.entries}.`);
    } else {
      print(`Bitácora ALTERADA: primera entrada rota #${result.firstBrokenSeq} — ${result.reason}.`);
      print(`Entradas íntegras antes de ella: ${result.entries}.`);
    }
    return 1;
  }
  print(`Bitácora íntegra: ${result.entries} entradas verificadas. Hash de la cabeza: ${result.headHash}`);
  const { unsealed } = result;
  if (unsealed.count > 0) {
    print(`Entradas aún sin sellar (fuera de la cadena, firmadas por la aplicación): ${unsealed.count}; la más antigua del ${unsealed.oldestAt!.toISOString()}.`);
  }
  if (unsealed.overdue > 0) {
    print(`Bitácora INCOMPLETA: ${unsealed.overdue} entradas llevan más de ${Math.round(window / 1000)} s sin sellar (el sellador no está corriendo o se le impide).`);
    return 1;
  }
  if (!options.anchorFile || !options.key) {
    print('Sin archivo de anclas (AUDIT_ANCHOR_FILE): la cadena no se comparó con puntos de control externos.');
    return 0;
  }
  const anchors = await new AuditAnchors(options.anchorFile, options.key, 1).verify(db);
  if (!anchors.ok) {
    print(`Bitácora ALTERADA según las anclas externas (${options.anchorFile}): ${anchors.reason}.`);
    return 1;
  }
  print(`Anclas externas: ${anchors.anchors} puntos de control coinciden (último #${anchors.lastAnchoredSeq}).`);
  return 0;
}
