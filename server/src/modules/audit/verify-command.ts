import type { Executor } from '../../db/database.ts';
import { AuditAnchors } from './anchors.ts';
import type { AuditKey } from './hash-chain.ts';
import { AuditService } from './service.ts';

export interface VerifyOptions {
  /** The chain's HMAC key (AUDIT_HMAC_KEY); the demo key when omitted. */
  key?: AuditKey;
  /** The anchor file (AUDIT_ANCHOR_FILE) whose signed checkpoints the database must match. */
  anchorFile?: string | null;
}

/**
 * The body of `npm run audit:verify`, separate from the process plumbing so tests call it on
 * their own database. Returns the exit code: 0 intact, 1 broken.
 */
export async function runAuditVerify(db: Executor, print: (line: string) => void, options: VerifyOptions = {}): Promise<number> {
  const result = await new AuditService(undefined, options.key).verify(db);
  if (!result.ok) {
    print(`Bitácora ALTERADA: primera entrada rota #${result.firstBrokenSeq} — ${result.reason}.`);
    print(`Entradas íntegras antes de ella: ${result.entries}.`);
    return 1;
  }
  print(`Bitácora íntegra: ${result.entries} entradas verificadas. Hash de la cabeza: ${result.headHash}`);
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
