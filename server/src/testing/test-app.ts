import type { FastifyInstance } from 'fastify';
import { makeDemoPerson } from '@siap/mx-identity';
import { buildApp } from '../app.ts';
import { testConfig, type Config } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { isStaffRole, type Role } from '../modules/accounts/roles.ts';
import type { PopulationRegistry } from '../modules/identity/population-registry.ts';
import type { Person } from '../modules/identity/service.ts';
import type { Services } from '../services.ts';
import { HttpClient } from './http-client.ts';

/** A clock tests move by hand (lockout back-off, code expiry) without waiting. */
export interface TestClock {
  (): Date;
  advance(ms: number): void;
}

export function createTestClock(start = new Date()): TestClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  database: TestDatabase;
  clock: TestClock;
  client(): HttpClient;
  close(): Promise<void>;
}

/**
 * The next weekday (Monday to Friday) after today at `hhmm` Mexico City time (UTC−6, no DST since
 * 2022): for tests whose outcome depends on the hour and day of the week (shifts, attendance),
 * so they do not pass or fail with the hour they run at.
 */
export function nextWeekdayAt(hhmm: string, from = new Date()): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1, h + 6, m));
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

export async function createTestApp(
  options: { config?: Partial<Config>; registry?: PopulationRegistry; now?: Date } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(options.config);
  const clock = createTestClock(options.now);
  const app = await buildApp({ config, db: database.db, clock, registry: options.registry });
  return {
    app,
    services: app.services,
    config,
    database,
    clock,
    client: () => new HttpClient(app),
    close: async () => {
      await app.services.jobs.stop();
      await app.close();
      await database.destroy();
    },
  };
}

export interface TestUser {
  person: Person;
  role: Role;
  password: string;
  matricula: string | null;
  ooadCode: string | null;
}

/**
 * A registered person with an account, built from a deterministic demo person: the registry row,
 * the verified identity and the account go through the same services production uses.
 */
export async function createTestUser(
  t: TestApp,
  input: { seed: number; role: Role; password?: string; matricula?: string; ooadCode?: string; email?: string | null },
): Promise<TestUser> {
  const demo = makeDemoPerson(input.seed);
  const { identity, accounts } = t.services;
  await identity.loadRegistry(
    [{ ...demo, birthState: demo.stateCode, status: 'vigente' }],
    'system',
  );
  const verified = await identity.verify({ ...demo, email: input.email === undefined ? `persona${input.seed}@correo.example` : input.email });
  const password = input.password ?? `Clave-segura-${input.seed}`;
  const staff = isStaffRole(input.role);
  const matricula = staff ? (input.matricula ?? String(10_000_000 + input.seed)) : null;
  const ooadCode = staff ? (input.ooadCode ?? '35') : null;
  const person = await t.database.db.transaction().execute(async (trx) => {
    const p = await identity.insertVerified(trx, verified, { actor: 'system', purpose: 'datos de prueba' });
    await accounts.createAccount(trx, { personId: p.id, role: input.role, matricula, ooadCode, password }, 'system');
    return p;
  });
  return { person, role: input.role, password, matricula, ooadCode };
}
