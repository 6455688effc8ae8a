/** Test helpers: an asegurado registering themself over HTTP, and insured people made directly. */
import { makeDemoPerson } from '@siap/mx-identity';
import { expect } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestUser, type TestApp } from '../../testing/test-app.ts';
import { loadRegistryPerson, mailedCode } from '../pension/testing.ts';

export const INSURED_PASSWORD = 'Asegurado2026';

/** CURP + NSS + names + e-mail → code → password → logged in (CSRF token fetched). */
export async function registerInsured(t: TestApp, seed: number, ooadCode = '35'): Promise<{ client: HttpClient; curp: string; nss: string; email: string; personId: string }> {
  const demo = await loadRegistryPerson(t, seed);
  const email = `asegurado${seed}@correo.mx`;
  const client = t.client();
  const start = await client.post('/api/insured/registration/start', { curp: demo.curp, nss: demo.nss, givenNames: demo.givenNames, firstSurname: demo.firstSurname, secondSurname: demo.secondSurname, email, ooadCode });
  expect(start.statusCode, start.body).toBe(202);
  const confirm = await client.post('/api/insured/registration/confirm', { curp: demo.curp, code: await mailedCode(t, email) });
  expect(confirm.statusCode, confirm.body).toBe(200);
  const password = await client.post('/api/insured/registration/password', { curp: demo.curp, token: confirm.json().token, password: INSURED_PASSWORD });
  expect(password.statusCode, password.body).toBe(201);
  expect((await client.post('/api/auth/curp-login', { curp: demo.curp, password: INSURED_PASSWORD })).statusCode).toBe(200);
  await client.csrf();
  const personId = (await t.services.identity.resolvePersonId(t.database.db, demo.curp))!;
  return { client, curp: demo.curp, nss: demo.nss, email, personId };
}

/** An insured person with an `asegurado` account, added through the service (no HTTP). */
export async function insuredPerson(
  t: TestApp,
  seed: number,
  options: { ooadCode?: string; hiredOn?: string | null; pensioner?: boolean; clinicId?: string | null; today?: string } = {},
): Promise<{ personId: string; curp: string; nss: string; email: string; birthDate: string; password: string }> {
  const email = `asegurado${seed}@correo.mx`;
  const user = await createTestUser(t, { seed, role: 'asegurado', email });
  const account = await t.database.db.selectFrom('accounts').select('id').where('person_id', '=', user.person.id).executeTakeFirstOrThrow();
  const nss = makeDemoPerson(seed).nss;
  await t.database.db.transaction().execute((trx) =>
    t.services.insured.enroll(
      trx,
      { personId: user.person.id, accountId: account.id, nss, ooadCode: options.ooadCode ?? '35', hiredOn: options.hiredOn ?? null, pensioner: options.pensioner ?? false, clinicId: options.clinicId ?? null },
      'system',
      options.today,
    ),
  );
  return { personId: user.person.id, curp: user.person.curp, nss, email, birthDate: user.person.birthDate, password: user.password };
}
