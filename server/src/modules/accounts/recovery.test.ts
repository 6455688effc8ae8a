import { makeDemoPerson } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';

const ACCEPTED = 202;

describe('password recovery via CURP over HTTP', () => {
  let t: TestApp;
  let pensioner: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    pensioner = await createTestUser(t, { seed: 201, role: 'pensionado', email: 'pensionado201@correo.example' });
  });
  afterAll(() => t.close());

  const request = (curp: string) => t.app.inject({ method: 'POST', url: '/api/auth/recovery/request', payload: { curp } });
  const confirm = (body: { curp: string; code: string; newPassword: string }) =>
    t.app.inject({ method: 'POST', url: '/api/auth/recovery/confirm', payload: body });
  const login = (password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: pensioner.person.curp, password } });

  /** Reads the code the way a person would: from the demo outbox page. */
  async function codeFromOutbox(): Promise<string> {
    const page = await t.app.inject({ method: 'GET', url: '/demo/outbox' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const match = /restablecer la contraseña es: (\d{8})/.exec(page.body);
    expect(match).not.toBeNull();
    return match![1];
  }

  it('answers the same 202 for a registered CURP and an unknown one', async () => {
    const known = await request(pensioner.person.curp);
    const unknown = await request(makeDemoPerson(8_888).curp);
    expect(known.statusCode).toBe(ACCEPTED);
    expect(unknown.statusCode).toBe(ACCEPTED);
    expect(known.json()).toEqual(unknown.json());
    const mails = await t.services.mail.listByRecipient(t.database.db, 'pensionado201@correo.example');
    expect(mails).toHaveLength(1);
    expect(mails[0].kind).toBe('accounts.recovery-code');
  });

  it('stores only a keyed hash of the code', async () => {
    const code = await codeFromOutbox();
    const rows = await t.database.db.selectFrom('recovery_codes').select('code_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.code_hash).not.toContain(code);
    }
  });

  it('runs end to end: request → outbox → wrong code rejected → confirm → old sessions end → new password works', async () => {
    const client = t.client();
    await client.post('/api/auth/curp-login', { curp: pensioner.person.curp, password: pensioner.password });
    expect((await client.get('/api/session')).statusCode).toBe(200);

    expect((await request(pensioner.person.curp)).statusCode).toBe(ACCEPTED);
    const code = await codeFromOutbox();
    const newPassword = 'Nueva-clave-2025';

    const wrongCode = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
    const rejected = await confirm({ curp: pensioner.person.curp, code: wrongCode, newPassword });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.code).toBe('RECOVERY_CODE_INVALID');

    const accepted = await confirm({ curp: pensioner.person.curp, code, newPassword });
    expect(accepted.statusCode).toBe(200);

    expect((await client.get('/api/session')).statusCode).toBe(401);
    expect((await login(pensioner.password)).statusCode).toBe(401);
    expect((await login(newPassword)).statusCode).toBe(200);

    const reuse = await confirm({ curp: pensioner.person.curp, code, newPassword: 'Otra-clave-2026' });
    expect(reuse.json().error.code).toBe('RECOVERY_CODE_INVALID');
    pensioner.password = newPassword;

    const notice = await t.services.mail.listByRecipient(t.database.db, 'pensionado201@correo.example');
    expect(notice.map((m) => m.kind)).toContain('accounts.password-changed');
  });

  it('applies the password policy with Spanish messages', async () => {
    const weak = await confirm({ curp: pensioner.person.curp, code: '00000000', newPassword: 'corta1' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({
      code: 'PASSWORD_POLICY',
      message: 'La contraseña debe tener al menos 10 caracteres.',
    });
    const noDigit = await confirm({ curp: pensioner.person.curp, code: '00000000', newPassword: 'soloLetrasLargas' });
    expect(noDigit.json().error.message).toBe('La contraseña debe incluir al menos una letra y un número.');
    const withCurp = await confirm({ curp: pensioner.person.curp, code: '00000000', newPassword: `x${pensioner.person.curp}` });
    expect(withCurp.json().error.message).toBe('La contraseña no debe contener su CURP ni su matrícula.');
  });

  it('burns the code after the allowed number of wrong attempts', async () => {
    await request(pensioner.person.curp);
    const code = await codeFromOutbox();
    const wrong = code === '12345678' ? '87654321' : '12345678';
    for (let i = 0; i < t.config.recovery.maxAttempts; i += 1) {
      await confirm({ curp: pensioner.person.curp, code: wrong, newPassword: 'Nueva-clave-2030' });
    }
    const late = await confirm({ curp: pensioner.person.curp, code, newPassword: 'Nueva-clave-2030' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe('RECOVERY_CODE_INVALID');
  });

  it('expires the code after 15 minutes', async () => {
    t.clock.advance(16 * 60_000); // also leaves the per-window mail limit behind
    await request(pensioner.person.curp);
    const code = await codeFromOutbox();
    t.clock.advance(15 * 60_000 + 1_000);
    const late = await confirm({ curp: pensioner.person.curp, code, newPassword: 'Nueva-clave-2031' });
    expect(late.json().error.code).toBe('RECOVERY_CODE_INVALID');
  });

  it('rejects malformed recovery input with 4xx codes', async () => {
    expect((await request('CURP-MAL')).json().error.code).toBe('CURP_INVALID');
    const badCode = await confirm({ curp: pensioner.person.curp, code: 'abc', newPassword: 'Nueva-clave-2031' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.code).toBe('VALIDATION_ERROR');
  });
});
