import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loggedIn } from '../enrollment/testing.ts';
import type { RetentionCategory, RetentionSettingsView } from './schema.ts';

/**
 * Issue 20, the admin portal's retention policy over HTTP: the administrator reads and changes a
 * category's period (bounded, with a reason, audited); the public periods and the daily sweep follow
 * the change; the policy file's period undoes it.
 */
describe('retention settings (admin)', () => {
  let t: TestApp;
  let admin: HttpClient;
  let operator: HttpClient;
  const put = (client: HttpClient, category: string, payload: unknown) => client.request({ method: 'PUT', url: `/api/privacy/retention/${category}`, payload: payload as object });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loggedIn(t, 2001, 'admin');
    operator = await loggedIn(t, 2002, 'operador');
  }, 120_000);
  afterAll(() => t?.close());

  it('changes the biometric period with a reason: the view, the public periods, the period the sweep reads and the audit chain follow', async () => {
    const before = (await admin.get('/api/privacy/retention/settings')).json() as RetentionSettingsView;
    const biometric = before.categories.find((c) => c.category === 'biometricos');
    expect(biometric).toMatchObject({ dias: biometric?.defaultDias, change: null });

    const changed = await put(admin, 'biometricos', { dias: 400, reason: 'Acuerdo del comité de transparencia 12/2026' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ category: 'biometricos', dias: 400, defaultDias: biometric?.defaultDias, change: { reason: 'Acuerdo del comité de transparencia 12/2026' } });
    expect((await t.client().get('/api/privacy/retention')).json().categories.biometricos.dias).toBe(400);
    expect(await t.services.privacyRights.retention.days('biometricos')).toBe(400);

    const audit = await t.services.audit.listBySubject(t.database.db, 'retention:biometricos');
    expect(audit.map((a) => a.action)).toEqual(['privacy.retention.changed']);
    expect(audit[0]?.details).toMatchObject({ from: biometric?.defaultDias, to: 400, reason: 'Acuerdo del comité de transparencia 12/2026' });

    // Back to the file's period: the change is gone (a later edit of the file applies again), and that is audited too.
    const restored = await put(admin, 'biometricos', { dias: biometric?.defaultDias, reason: 'Se restablece el plazo de la política' });
    expect(restored.json()).toMatchObject({ dias: biometric?.defaultDias, change: null });
    expect(await t.services.audit.listBySubject(t.database.db, 'retention:biometricos')).toHaveLength(2);
    expect(await t.services.audit.verify(t.database.db)).toMatchObject({ ok: true });
  });

  it('refuses a period out of bounds, a missing reason, an unknown category and anyone but the administrator', async () => {
    for (const dias of [0, -5, 36_501, 12.5]) {
      const refused = await put(admin, 'asistencia', { dias, reason: 'Prueba de límites' });
      expect(refused.statusCode, `${dias}`).toBe(400);
    }
    expect((await put(admin, 'asistencia', { dias: 100 })).statusCode).toBe(400);
    expect((await put(admin, 'asistencia', { dias: 100, reason: '     ' })).json().error.code).toBe('RETENTION_REASON_REQUIRED');
    const unknown = await put(admin, 'fotografias', { dias: 100, reason: 'Categoría inexistente' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('RETENTION_CATEGORY_UNKNOWN');
    expect((await put(operator, 'asistencia', { dias: 100, reason: 'Sin permiso' })).statusCode).toBe(403);
    expect((await operator.get('/api/privacy/retention/settings')).statusCode).toBe(403);
    expect((await admin.get('/api/privacy/retention/settings')).json().categories.find((c: RetentionCategory) => c.category === 'asistencia').change).toBeNull();
  });
});
