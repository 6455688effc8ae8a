import { copyFile, mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { portrait } from '../packages/biometrics/src/face/test-fixtures.ts';
import { ApiSession } from './harness/api-session.ts';
import { launchBrowser, screenshot } from './harness/browser.ts';
import { giveConsent } from './harness/consent.ts';
import { demoCurpLogin, demoStaffLogin, type DemoCurpLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

/** Screenshots also go to SHOTS_DIR (e.g. /work/wt/shots) when it is set. */
async function shot(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, `privacy-${name}`);
  if (process.env.SHOTS_DIR) {
    await mkdir(process.env.SHOTS_DIR, { recursive: true });
    await copyFile(file, `${process.env.SHOTS_DIR}/privacy-${name}.png`);
  }
}

let operator: DemoStaffLogin;
let pensioner: DemoCurpLogin;

const system = useSystemUnderTest({
  launchBrowser,
  logName: 'npm-start-privacy.log',
  afterStart: ({ server }) => {
    operator = demoStaffLogin(server.output(), 'operador');
    pensioner = demoCurpLogin(server.output(), 'pensionado');
  },
});

describe('Mis datos: the pensioner downloads their data and sees who read it', () => {
  it('an operator enrolls the pensioner with attested consent; the pensioner downloads JSON and PDF and sees the operator’s reads, by role and unit, without names', async () => {
    // At the counter: the operator records the consent, then enrolls (eight fingers or documented absences, and the face).
    const staff = await ApiSession.staff(system.server.url, operator);
    const stations = await staff.request<Array<{ id: string; readers: Array<{ id: string; driver: string; modality: string }> }>>('GET', '/api/biometrics/stations');
    const station = stations.find((s) => s.readers.some((r) => r.driver === 'simulado'))!;
    const reader = station.readers.find((r) => r.driver === 'simulado')!;
    const camera = station.readers.find((r) => r.modality === 'rostro')!;
    await expect(staff.request('POST', '/api/biometrics/sessions', { curp: pensioner.curp, stationId: station.id })).rejects.toThrow(/403.*CONSENT_REQUIRED/);
    await giveConsent(staff, pensioner.curp, station.id);
    const session = await staff.request<{ id: string }>('POST', '/api/biometrics/sessions', { curp: pensioner.curp, stationId: station.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: reader.id });
    for (const position of [2, 7]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: {} });
    for (const position of [1, 3, 4, 5, 6, 8]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}/unavailable`, { reason: 'lesion' });
    await staff.request('POST', `/api/biometrics/readers/${camera.id}/status`, { connected: true });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: camera.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/face`, { frame: (await portrait('A')).toString('base64') });
    expect((await staff.request<{ status: string }>('POST', `/api/biometrics/sessions/${session.id}/complete`)).status).toBe('registrado');
    const operatorName = (await staff.request<{ displayName: string }>('GET', '/api/session')).displayName;

    // The pensioner, on their phone portal, follows "Mis datos".
    const page = await system.browser.newPage({ width: 1280, height: 900 });
    await page.goto(`${system.server.url}/pensionado/`);
    await page.getByLabel('CURP').fill(pensioner.curp);
    await page.getByLabel('Contraseña').fill(pensioner.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: /Mis datos/ }).click();
    await page.getByRole('heading', { name: 'Mis datos personales' }).waitFor();
    await page.getByTestId('consent-status').getByText('Otorgado', { exact: false }).waitFor();

    const accesses = page.getByRole('table', { name: 'Consultas de mis datos' });
    await accesses.getByText('Operador de ventanilla', { exact: false }).first().waitFor();
    const text = await accesses.innerText();
    expect(text).toMatch(/Operador de ventanilla · OOAD \d+/);
    expect(text).toContain('deduplicación');
    if (operatorName) expect(text).not.toContain(operatorName);
    await shot(page, '01-mis-datos');
    await accesses.getByText('Operador de ventanilla', { exact: false }).first().scrollIntoViewIfNeeded();
    await shot(page, '02-quien-consulto');

    // The downloads the two buttons point at, with the pensioner's own session.
    expect(await page.getByRole('link', { name: 'Descargar en JSON' }).getAttribute('href')).toBe('/api/privacy/me/export.json');
    const json = await page.request.get(`${system.server.url}/api/privacy/me/export.json`);
    expect(json.status()).toBe(200);
    const data = await json.json();
    expect(data.identity.curp).toBe(pensioner.curp);
    expect(data.biometrics.enrollments[0]).toMatchObject({ outcome: 'registrado', fingers: [2, 7], face: true });
    expect(data.consents[0]).toMatchObject({ granted: true, channel: 'estacion' });
    expect(data.accesses.some((a: { who: { role: string | null } }) => a.who.role === 'operador')).toBe(true);
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['attendance', 'proofsOfLife', 'signatures']));
    const pdf = await page.request.get(`${system.server.url}/api/privacy/me/export.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // "No reconozco este acceso" opens a case for the Unidad de Transparencia.
    await accesses.getByRole('button', { name: 'No reconozco este acceso' }).first().click();
    await page.getByLabel('¿Por qué no lo reconoce?').fill('No fui a ninguna ventanilla ese día.');
    await page.getByRole('button', { name: 'Enviar reporte' }).click();
    await page.getByTestId('report-done').waitFor();
    await shot(page, '03-reporte-enviado');
  }, 600_000);
});
