import type { Executor } from '../../db/database.ts';
import { AuditService } from './service.ts';

/**
 * The body of `npm run audit:verify`, separate from the process plumbing so tests call it on
 * their own database. Returns the exit code: 0 intact, 1 broken.
 */
export async function runAuditVerify(db: Executor, print: (line: string) => void): Promise<number> {
  const result = await new AuditService().verify(db);
  if (result.ok) {
    print(`Bitácora íntegra: ${result.entries} entradas verificadas. Hash de la cabeza: ${result.headHash}`);
    return 0;
  }
  print(`Bitácora ALTERADA: primera entrada rota #${result.firstBrokenSeq} — ${result.reason}.`);
  print(`Entradas íntegras antes de ella: ${result.entries}.`);
  return 1;
}
