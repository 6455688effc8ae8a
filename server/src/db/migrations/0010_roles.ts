import { sql, type Kysely } from 'kysely';

/**
 * Three more roles, added once so the issues that need them share one definition:
 * - `asegurado`: an insured worker (issue 15), logs in with CURP like pensionados and patrones;
 * - `medico`: a clinic physician (issues 15 and 16), staff (matrícula + OOAD);
 * - `privacidad`: the privacy officer of the unidad de transparencia (issue 17), staff.
 */
const ALL_ROLES = ['empleado', 'pensionado', 'patron', 'asegurado', 'operador', 'supervisor', 'admin', 'medico', 'privacidad'];
const PREVIOUS_ROLES = ['empleado', 'pensionado', 'patron', 'operador', 'supervisor', 'admin'];

function roleCheck(roles: string[]) {
  return sql.raw(`role in (${roles.map((role) => `'${role}'`).join(', ')})`);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table accounts drop constraint if exists accounts_role_check`.execute(db);
  await sql`alter table accounts add constraint accounts_role_check check (${roleCheck(ALL_ROLES)})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table accounts drop constraint if exists accounts_role_check`.execute(db);
  await sql`alter table accounts add constraint accounts_role_check check (${roleCheck(PREVIOUS_ROLES)})`.execute(db);
}
