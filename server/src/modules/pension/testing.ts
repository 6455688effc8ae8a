/** Test helpers: a pensioner registering themself over HTTP, as the phone portal does. */
import { makeDemoPerson } from '@siap/mx-identity';
import { expect } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import type { TestApp } from '../../testing/test-app.ts';

export const PASSWORD = 'Pensionado2026';

export async function loadRegistryPerson(t: TestApp, seed: number) {
  const demo = makeDemoPerson(seed);
  await t.services.identity.loadRegistry([{ ...demo, birthState: demo.stateCode, status: 'vigente' }], 'system');
  return demo;
}

/** The newest one-time code e-mailed to `email`. */
export async function mailedCode(t: TestApp, email: string): Promise<string> {
  const [latest] = await t.services.mail.listByRecipient(t.database.db, email);
  const code = /(\d{6})/.exec(latest?.body_text ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

/** CURP + names + e-mail → code → password → logged in (CSRF token fetched). */
export async function registerPensioner(t: TestApp, seed: number, ooadCode = '35'): Promise<{ client: HttpClient; curp: string; email: string }> {
  const demo = await loadRegistryPerson(t, seed);
  const email = `pensionado${seed}@correo.mx`;
  const client = t.client();
  const start = await client.post('/api/pension/registration/start', { curp: demo.curp, givenNames: demo.givenNames, firstSurname: demo.firstSurname, secondSurname: demo.secondSurname, email, ooadCode });
  expect(start.statusCode, start.body).toBe(202);
  const confirm = await client.post('/api/pension/registration/confirm', { curp: demo.curp, code: await mailedCode(t, email) });
  expect(confirm.statusCode, confirm.body).toBe(200);
  const password = await client.post('/api/pension/registration/password', { curp: demo.curp, token: confirm.json().token, password: PASSWORD });
  expect(password.statusCode, password.body).toBe(201);
  expect((await client.post('/api/auth/curp-login', { curp: demo.curp, password: PASSWORD })).statusCode).toBe(200);
  await client.csrf();
  return { client, curp: demo.curp, email };
}
