import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loggedIn, registerPerson } from '../enrollment/testing.ts';
import type { Person } from '../identity/service.ts';
import { DEFAULT_NOTICE_PATH, parseNotice } from './notice.ts';

describe('privacy notice and consent', () => {
  let t: TestApp;
  let operator: HttpClient;
  let stationId: string;
  let ana: Person;
  const noticeFile = path.join(mkdtempSync(path.join(tmpdir(), 'aviso-')), 'aviso.md');

  beforeAll(async () => {
    writeFileSync(noticeFile, readFileSync(DEFAULT_NOTICE_PATH, 'utf8'));
    t = await createTestApp({ config: { ...testConfig(), privacyNoticePath: noticeFile } });
    operator = await loggedIn(t, 951, 'operador');
    stationId = (await t.services.readers.createStation({ code: 'UMF-1', name: 'UMF 1' }, 'system')).id;
    ana = await registerPerson(t, 961);
  }, 120_000);
  afterAll(() => t?.close());

  it('serves the notice from the institution’s file, with its version, and follows edits without a restart', async () => {
    const shipped = parseNotice(readFileSync(DEFAULT_NOTICE_PATH, 'utf8'));
    const first = await t.client().get('/api/privacy/notice');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: shipped.version, sha256: shipped.sha256 });
    expect(first.json().text).toContain('datos biométricos');

    writeFileSync(noticeFile, readFileSync(DEFAULT_NOTICE_PATH, 'utf8').replace(/version: .*/, 'version: 2027.1'));
    expect((await t.client().get('/api/privacy/notice')).json().version).toBe('2027.1');
  });

  it('records express consent at a station with notice version, time, channel and operator; refuses an outdated notice; a revocation ends it', async () => {
    const { version } = (await t.client().get('/api/privacy/notice')).json();
    await expect(t.services.privacy.requireConsent(t.database.db, ana.id, 'datos_biometricos')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });

    const outdated = await operator.post('/api/privacy/consents', { curp: ana.curp, scope: 'datos_biometricos', granted: true, noticeVersion: '2020.1', stationId });
    expect(outdated.statusCode).toBe(409);
    expect(outdated.json().error).toMatchObject({ code: 'PRIVACY_NOTICE_OUTDATED', details: { currentVersion: version } });

    const granted = await operator.post('/api/privacy/consents', { curp: ana.curp, scope: 'datos_biometricos', granted: true, noticeVersion: version, stationId });
    expect(granted.statusCode, granted.body).toBe(201);
    expect(granted.json()).toMatchObject({ granted: true, noticeVersion: version, channel: 'estacion', stationId, recordedBy: expect.stringMatching(/^account:/) });
    expect(Date.parse(granted.json().recordedAt)).toBe(t.clock().getTime());
    await expect(t.services.privacy.requireConsent(t.database.db, ana.id, 'datos_biometricos')).resolves.toMatchObject({ granted: true });

    t.clock.advance(1_000);
    const revoked = await operator.post('/api/privacy/consents', { curp: ana.curp, scope: 'datos_biometricos', granted: false, noticeVersion: version, stationId });
    expect(revoked.statusCode).toBe(201);
    await expect(t.services.privacy.requireConsent(t.database.db, ana.id, 'datos_biometricos')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });

    const history = await operator.get(`/api/privacy/consents/${ana.curp}?purpose=${encodeURIComponent('revisión de consentimiento')}`);
    expect(history.json().map((c: { granted: boolean }) => c.granted)).toEqual([true, false]);
    const audit = await t.services.audit.listBySubject(t.database.db, `person:${ana.id}`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['privacy.consent.grant', 'privacy.consent.revoke', 'privacy.consent.read']));
    const anonymous = await t.client().post('/api/privacy/consents', { curp: ana.curp, scope: 'datos_biometricos', granted: true, noticeVersion: version, stationId });
    expect(anonymous.statusCode).toBeGreaterThanOrEqual(401);
  });
});
