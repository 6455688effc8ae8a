import { findOoad, makeDemoPerson, type DemoPerson } from '@siap/mx-identity';
import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import type { Role } from '../accounts/roles.ts';
import { seedAttendanceDemo } from '../attendance/demo-seed.ts';
import { seedBiometricDemo } from '../readers/demo-seed.ts';
import { seedPensionDemo } from '../pension/demo-seed.ts';
import type { RegistryRecord } from '../identity/population-registry.ts';

/** Bump when the demo data changes shape; a database seeded with an older version is left alone. */
export const DEMO_SEED_KEY = 'demo.seed.version';
export const DEMO_SEED_VERSION = '1';

/** People in the embedded registry (the demo's RENAPO); a few are `baja` to show CURP_BAJA. */
const REGISTRY_SIZE = 200;
const CANCELLED_SEEDS = [9_001, 9_002];
/** Registered people without an account, for enrollment and attendance demos (seeds 7–16). */
const EXTRA_PEOPLE = 10;
const FIRST_EXTRA_SEED = 7;
const DEMO_OOAD = '35';

interface DemoAccountSpec {
  role: Role;
  seed: number;
  password: string;
  matricula?: string;
}

const SECOND_SUPERVISOR: DemoAccountSpec = { role: 'supervisor', seed: 17, password: 'SupervisoraDemo2025', matricula: '10000017' };

/** One account per role, and a second supervisor. Passwords meet the policy and are printed at start-up: demo only. */
const DEMO_ACCOUNTS: DemoAccountSpec[] = [
  { role: 'empleado', seed: 1, password: 'EmpleadoDemo2025', matricula: '10000001' },
  { role: 'pensionado', seed: 2, password: 'PensionadoDemo2025' },
  { role: 'patron', seed: 3, password: 'PatronDemo2025' },
  { role: 'operador', seed: 4, password: 'OperadorDemo2025', matricula: '10000004' },
  { role: 'supervisor', seed: 5, password: 'SupervisorDemo2025', matricula: '10000005' },
  { role: 'admin', seed: 6, password: 'AdminDemo2025', matricula: '10000006' },
  // Adjudications of possible duplicates need two distinct supervisors (four eyes, issue 19 item 1).
  SECOND_SUPERVISOR,
];

export interface DemoLogin {
  role: Role;
  name: string;
  /** How to log in: matrícula + OOAD for staff, CURP for the others. */
  matricula: string | null;
  ooad: string | null;
  curp: string;
  password: string;
  email: string;
}

export interface DemoSeedResult {
  /** False when the database was already seeded (restart): nothing was written. */
  created: boolean;
  logins: DemoLogin[];
}

/**
 * Fills an empty database with demo data through the same services as production: the registry
 * rows, then identities verified against it, then accounts. Idempotent: a marker in `app_meta`
 * written in the same transaction as the people and accounts says it is done.
 */
export async function seedDemo(db: Db, services: Services): Promise<DemoSeedResult> {
  const logins = demoLogins();
  const done = await db.selectFrom('app_meta').select('value').where('key', '=', DEMO_SEED_KEY).executeTakeFirst();
  if (done) {
    // Installations seeded before attendance existed get its demo too (it has its own marker).
    await seedAttendanceDemo(db, services);
    await seedBiometricDemo(db, services);
    await seedPensionDemo(db, services);
    await seedSecondSupervisor(db, services);
    return { created: false, logins };
  }

  const registry: RegistryRecord[] = [];
  for (let seed = 1; seed <= REGISTRY_SIZE; seed += 1) registry.push(toRegistryRecord(makeDemoPerson(seed), 'vigente'));
  for (const seed of CANCELLED_SEEDS) registry.push(toRegistryRecord(makeDemoPerson(seed), 'baja'));
  await services.identity.loadRegistry(registry, 'system');

  // Verified before the transaction: the embedded registry reads through its own connection.
  const withAccounts = await Promise.all(
    DEMO_ACCOUNTS.map(async (spec) => ({
      spec,
      identity: await services.identity.verify({ ...makeDemoPerson(spec.seed), email: demoEmail(spec.role, spec.seed) }),
    })),
  );
  const extra = await Promise.all(
    Array.from({ length: EXTRA_PEOPLE }, (_, i) => {
      const seed = FIRST_EXTRA_SEED + i;
      return services.identity.verify({ ...makeDemoPerson(seed), email: `persona${seed}@demo.siap.local` });
    }),
  );

  await db.transaction().execute(async (trx) => {
    const access = { actor: 'system' as const, purpose: 'datos de demostración' };
    for (const { spec, identity } of withAccounts) {
      const person = await services.identity.insertVerified(trx, identity, access);
      await services.accounts.createAccount(
        trx,
        {
          personId: person.id,
          role: spec.role,
          matricula: spec.matricula ?? null,
          ooadCode: spec.matricula ? DEMO_OOAD : null,
          password: spec.password,
        },
        'system',
      );
    }
    for (const identity of extra) await services.identity.insertVerified(trx, identity, access);
    await trx.insertInto('app_meta').values({ key: DEMO_SEED_KEY, value: DEMO_SEED_VERSION }).execute();
  });
  await seedAttendanceDemo(db, services);
  await seedBiometricDemo(db, services);
  await seedPensionDemo(db, services);
  return { created: true, logins };
}

/** Installations seeded before four-eyes adjudication get the second supervisor on their next start. */
async function seedSecondSupervisor(db: Db, services: Services): Promise<void> {
  const spec = SECOND_SUPERVISOR;
  if (await services.accounts.staffPersonId(DEMO_OOAD, spec.matricula!)) return;
  const identity = await services.identity.verify({ ...makeDemoPerson(spec.seed), email: demoEmail(spec.role, spec.seed) });
  await db.transaction().execute(async (trx) => {
    const person = await services.identity.insertVerified(trx, identity, { actor: 'system', purpose: 'datos de demostración' });
    await services.accounts.createAccount(trx, { personId: person.id, role: spec.role, matricula: spec.matricula!, ooadCode: DEMO_OOAD, password: spec.password }, 'system');
  });
}

export function demoLogins(): DemoLogin[] {
  return DEMO_ACCOUNTS.map((spec) => {
    const person = makeDemoPerson(spec.seed);
    return {
      role: spec.role,
      name: [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' '),
      matricula: spec.matricula ?? null,
      ooad: spec.matricula ? DEMO_OOAD : null,
      curp: person.curp,
      password: spec.password,
      email: demoEmail(spec.role, spec.seed),
    };
  });
}

/** The start-up banner: where the server is and how to log in. */
export function describeDemoLogins(logins: DemoLogin[]): string {
  const ooadName = findOoad(DEMO_OOAD)?.name ?? DEMO_OOAD;
  const lines = logins.map((l) =>
    l.matricula
      ? `  ${l.role.padEnd(11)} matrícula ${l.matricula} · OOAD ${l.ooad} (${ooadName}) · contraseña ${l.password}   [${l.name}]`
      : `  ${l.role.padEnd(11)} CURP ${l.curp} · contraseña ${l.password}   [${l.name}]`,
  );
  return ['Cuentas de demostración:', ...lines].join('\n');
}

function demoEmail(role: Role, seed: number): string {
  return seed === SECOND_SUPERVISOR.seed ? `${role}${seed}@demo.siap.local` : `${role}@demo.siap.local`;
}

function toRegistryRecord(person: DemoPerson, status: 'vigente' | 'baja'): RegistryRecord {
  return {
    curp: person.curp,
    givenNames: person.givenNames,
    firstSurname: person.firstSurname,
    secondSurname: person.secondSurname,
    birthDate: person.birthDate,
    sex: person.sex,
    birthState: person.stateCode,
    status,
  };
}
