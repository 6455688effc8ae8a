import { validateCurp, validateNss } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { renderOutboxPage } from './outbox-page.ts';
import { demoLogins, seedDemo } from './seed.ts';

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates people with valid identifiers, one account per role and a second supervisor (four eyes), then is idempotent', async () => {
    const first = await seedDemo(t.database.db, t.services);
    expect(first.created).toBe(true);
    const counts = async () => ({
      people: (await t.database.db.selectFrom('people').select('id').execute()).length,
      accounts: (await t.database.db.selectFrom('accounts').select('role').orderBy('role').execute()).map((a) => a.role),
    });
    const before = await counts();
    expect(before.accounts).toEqual(['admin', 'empleado', 'operador', 'patron', 'pensionado', 'supervisor', 'supervisor']);

    const second = await seedDemo(t.database.db, t.services);
    expect(second.created).toBe(false);
    expect(await counts()).toEqual(before);

    const people = await t.database.db.selectFrom('people').select(['curp', 'nss']).execute();
    for (const p of people) {
      expect(validateCurp(p.curp).ok).toBe(true);
      expect(validateNss(String(p.nss)).ok).toBe(true);
    }
  });

  it('lets every printed demo login in over HTTP', async () => {
    for (const login of demoLogins()) {
      const response = login.matricula
        ? await t.app.inject({
            method: 'POST',
            url: '/api/auth/employee-login',
            payload: { matricula: login.matricula, ooadCode: login.ooad, password: login.password },
          })
        : await t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: login.curp, password: login.password } });
      expect(response.statusCode, login.role).toBe(200);
      expect(response.json().role).toBe(login.role);
    }
  });
});

describe('demo outbox page', () => {
  it('escapes everything it shows', () => {
    const html = renderOutboxPage([
      {
        id: '1',
        kind: 'test',
        to_address: '"><script>alert(1)</script>@x',
        subject: '<img src=x onerror=alert(2)>',
        body_text: 'Código: <b>1234</b> & más',
        created_at: new Date('2025-01-01T12:00:00Z'),
        sent_at: null,
        attempts: 0,
        last_error: null,
      },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;b&gt;1234&lt;/b&gt; &amp; más');
    expect(html).toContain('lang="es-MX"');
  });
});
