import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import type { NewIdentity } from '../identity/service.ts';

export interface BootstrapInput extends NewIdentity {
  matricula: string;
  ooadCode: string;
}

/** How long the first administrator's one-time code stays valid. */
export const BOOTSTRAP_CODE_TTL_MS = 24 * 60 * 60_000;

/**
 * The body of `npm run admin:bootstrap`: registers the person (cross-checked against the
 * population registry, like any identity) unless already registered, then creates the first
 * admin account with a one-time code. Returns the lines to print.
 */
export async function bootstrapFirstAdmin(db: Db, services: Services, input: BootstrapInput): Promise<string[]> {
  const { identity, accounts } = services;
  let personId = await identity.resolvePersonId(db, input.curp);
  if (!personId) {
    const verified = await identity.verify(input);
    const person = await db.transaction().execute((trx) => identity.insertVerified(trx, verified, { actor: 'system', purpose: 'arranque de la instalación: primer administrador' }));
    personId = person.id;
  }
  const result = await accounts.bootstrapAdmin({ personId, matricula: input.matricula, ooadCode: input.ooadCode }, BOOTSTRAP_CODE_TTL_MS);
  return [
    `Administrador creado (cuenta ${result.accountId}, matrícula ${input.matricula}, OOAD ${input.ooadCode}).`,
    `Contraseña de un solo uso: ${result.code}  (vence ${result.expiresAt.toISOString()}; no se vuelve a mostrar)`,
    'Úsela en «¿Olvidó su contraseña?» → «Ya tengo un código» (POST /api/auth/recovery/confirm con su CURP)',
    'para fijar su propia contraseña; después inicie sesión con matrícula, OOAD y esa contraseña.',
  ];
}
