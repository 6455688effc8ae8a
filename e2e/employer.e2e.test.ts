/**
 * Issue 14 in the browser, on `npm start`'s demo: the demo patrón signs in with the e.firma files
 * the demo generated (the .key opened in the browser with its password; a wrong password refused
 * there), registers an alta (refused for a person without biometrics, accepted for an enrolled
 * one), changes the salary, gives the baja, and downloads a signed constancia (a PDF that pdfsig
 * validates when poppler-utils is installed) and the CSV of the workers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDemoPerson } from '@siap/mx-identity';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { portrait } from '../packages/biometrics/src/face/test-fixtures.ts';
import { accessibilityViolations } from './harness/accessibility.ts';
import { ApiSession } from './harness/api-session.ts';
import { launchBrowser, screenshot } from './harness/browser.ts';
import { giveConsent } from './harness/consent.ts';
import { demoEfirma, demoStaffLogin, type DemoEfirma } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

const SHOTS_DIR = process.env.EMPLOYER_SHOTS_DIR ?? '/work/wt/shots';

async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, `employer-${name}`);
  if (existsSync(join(SHOTS_DIR, '..'))) {
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, `employer-${name}.png`), fullPage: true });
  }
}

interface Station {
  id: string;
  readers: Array<{ id: string; driver: string; modality: string }>;
}

let efirma: DemoEfirma;
/** A registered person, enrolled by this file, whom the patrón hires. */
const hire = makeDemoPerson(163);

const system = useSystemUnderTest({
  launchBrowser,
  logName: 'npm-start-employer.log',
  afterStart: async ({ server }) => {
    efirma = demoEfirma(server.output());
    const counter = await ApiSession.staff(server.url, demoStaffLogin(server.output(), 'operador'));
    // In the demo registry (RENAPO), registered at the counter, then enrolled.
    await counter.request('POST', '/api/identities', { curp: hire.curp, nss: hire.nss, rfc: hire.rfc, givenNames: hire.givenNames, firstSurname: hire.firstSurname, secondSurname: hire.secondSurname });
    const stations = await counter.request<Station[]>('GET', '/api/biometrics/stations');
    const station = stations.find((s) => s.readers.some((r) => r.modality === 'huella' && r.driver === 'simulado') && s.readers.some((r) => r.modality === 'rostro'))!;
    const reader = station.readers.find((r) => r.modality === 'huella' && r.driver === 'simulado')!;
    const camera = station.readers.find((r) => r.modality === 'rostro')!;
    await giveConsent(counter, hire.curp, station.id);
    const session = await counter.request<{ id: string }>('POST', '/api/biometrics/sessions', { curp: hire.curp, stationId: station.id });
    await counter.request('POST', `/api/biometrics/readers/${reader.id}/status`, { connected: true });
    await counter.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: reader.id });
    for (const position of [2, 7]) await counter.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: {} });
    // The enrollment policy (8 fingers captured or documented absent, and the face).
    for (const position of [1, 3, 4, 5, 6, 8]) await counter.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}/unavailable`, { reason: 'vendaje' });
    await counter.request('POST', `/api/biometrics/readers/${camera.id}/status`, { connected: true });
    await counter.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: camera.id });
    await counter.request('POST', `/api/biometrics/sessions/${session.id}/face`, { frame: (await portrait('A')).toString('base64') });
    const enrollment = await counter.request<{ status: string }>('POST', `/api/biometrics/sessions/${session.id}/complete`);
    expect(enrollment.status).toBe('registrado');
  },
});

async function fillEfirma(page: Page, password: string): Promise<void> {
  await page.locator('input[name="cer"]').setInputFiles(efirma.cer);
  await page.getByRole('status').getByText(`RFC ${efirma.rfc}`).waitFor();
  await page.locator('input[name="key"]').setInputFiles(efirma.key);
  await page.getByLabel(/^Contraseña de la clave privada/).fill(password);
}

async function movement(page: Page, kind: 'alta' | 'modificacion' | 'baja'): Promise<void> {
  await page.goto(`${system.server.url}/patron/movimientos?tipo=${kind}`);
  await page.getByRole('heading', { name: 'Movimientos afiliatorios' }).waitFor();
}

describe('portal del patrón (e.firma)', () => {
  it('refuses a wrong key password in the browser, without sending anything, then logs the patrón in with its e.firma', async () => {
    const page = await system.browser.newPage();
    await page.context().clearCookies();
    const efirmaRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/efirma/')) efirmaRequests.push(request.url());
    });
    await page.goto(`${system.server.url}/ingresar/efirma`);
    await page.getByRole('tab', { name: 'Patrones con e.firma' }).waitFor();
    await fillEfirma(page, `${efirma.password}x`);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('alert').getByText('La contraseña de la clave privada no es correcta').waitFor();
    expect(efirmaRequests).toEqual([]);
    expect(await page.getByLabel(/^Contraseña de la clave privada/).inputValue()).toBe('');
    await shot(page, '01-efirma-contrasena-incorrecta');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel(/^Contraseña de la clave privada/).fill(efirma.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL(`${system.server.url}/patron`);
    // The key stayed in the browser: only the challenge and the login (certificate + signature) went out.
    expect(efirmaRequests.map((u) => new URL(u).pathname)).toEqual(['/api/auth/efirma/challenge', '/api/auth/efirma/login']);
    await page.getByRole('table', { name: 'Registros patronales' }).getByText(efirma.registro).waitFor();
    await shot(page, '02-inicio');
  });

  it('lists the workers with NSS, CURP, biometric status and SBC, and exports them as CSV', async () => {
    const page = await system.browser.newPage();
    await page.goto(`${system.server.url}/patron/trabajadores`);
    const table = page.getByRole('table', { name: 'Trabajadores del registro patronal' });
    const row = table.getByRole('row').filter({ hasText: efirma.enrolledWorkerCurp });
    await row.waitFor();
    expect(await row.innerText()).toContain('Registrado');
    await shot(page, '03-trabajadores');
    expect(await accessibilityViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0].toLowerCase()).toContain('nss');
    expect(csv).toContain(efirma.enrolledWorkerCurp);
  });

  it('refuses the alta of a person without biometrics, with where to enroll, and accepts the enrolled one; then a salary change and a baja', async () => {
    const page = await system.browser.newPage();
    await movement(page, 'alta');
    await page.getByLabel(/^CURP/).fill(efirma.unenrolledWorkerCurp);
    await page.getByLabel(/^Salario diario/).fill('400.00');
    await page.getByRole('button', { name: 'Registrar alta' }).click();
    const refusal = page.locator('[data-error-code="BIOMETRICS_REQUIRED"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/registro biométrico/i);
    await shot(page, '04-alta-rechazada-sin-biometria');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel(/^CURP/).fill(hire.curp);
    await page.getByLabel(/^Salario diario/).fill('450.00');
    await page.getByLabel(/^Unidad de Medicina Familiar/).fill('UMF 20 Vallejo');
    await page.getByRole('button', { name: 'Registrar alta' }).click();
    await page.getByRole('status').getByText('Alta registrada').waitFor();
    await shot(page, '05-alta-registrada');

    // From the worker's page: «Modificar salario».
    await page.getByRole('link', { name: 'Ver el historial de esta persona' }).click();
    await page.getByRole('link', { name: 'Modificar salario' }).click();
    await page.getByRole('tab', { name: 'Modificación de salario', selected: true }).waitFor();
    expect(await page.getByLabel(/^CURP/).inputValue()).toBe(hire.curp);
    await page.getByLabel(/^Salario diario/).fill('600.00');
    await page.getByRole('button', { name: 'Registrar modificación' }).click();
    await page.getByRole('status').getByText('Modificación de salario registrada').waitFor();
    await shot(page, '06-modificacion-de-salario');

    await page.getByRole('link', { name: 'Ver el historial de esta persona' }).click();
    await page.getByRole('link', { name: 'Dar de baja' }).click();
    await page.getByRole('tab', { name: 'Baja', selected: true }).waitFor();
    await page.getByLabel(/^Causa de la baja/).selectOption('separacion_voluntaria');
    await shot(page, '07-baja-causa');
    await page.getByRole('button', { name: 'Registrar baja' }).click();
    await page.getByRole('status').getByText('Baja registrada').waitFor();

    // The history keeps the three movements, newest first; the refused alta left nothing.
    await page.getByRole('link', { name: 'Ver el historial de esta persona' }).click();
    const history = page.getByRole('table', { name: 'Historial de movimientos' });
    await history.getByText('Separación voluntaria', { exact: false }).waitFor();
    const kinds = await history.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(kinds).toEqual(['Baja', 'Modificación de salario', 'Alta']);
    await shot(page, '08-historial');
    const workers = await page.request.get(`${system.server.url}/api/employer/registros/${efirma.registro}/workers`);
    const curps = ((await workers.json()) as Array<{ curp: string }>).map((w) => w.curp);
    expect(curps).toContain(hire.curp);
    expect(curps).not.toContain(efirma.unenrolledWorkerCurp);
  });

  it('downloads the signed Constancia de Vigencia de Derechos of a worker (pdfsig validates it when installed)', async () => {
    const page = await system.browser.newPage();
    await page.goto(`${system.server.url}/patron/trabajadores/${efirma.enrolledWorkerCurp}`);
    await page.getByText('Vigente', { exact: true }).waitFor();
    await shot(page, '09-vigencia-y-constancia');
    expect(await accessibilityViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Descargar constancia/ }).click()]);
    const file = (await download.path())!;
    const pdf = await readFile(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/^constancia-.+\.pdf$/);
    if (existsSync('/usr/bin/pdfsig')) {
      const copy = join(tmpdir(), download.suggestedFilename());
      await copyFile(file, copy);
      const report = execFileSync('/usr/bin/pdfsig', [copy], { encoding: 'utf8' });
      expect(report).toContain('Signature is Valid');
    }
  });

  it('shows the month’s cuotas per worker and branch, with totals', async () => {
    const page = await system.browser.newPage();
    await page.goto(`${system.server.url}/patron/cuotas`);
    const totals = page.getByRole('table', { name: 'Totales por ramo' });
    await totals.getByText('Cesantía en edad avanzada y vejez').waitFor();
    expect(await page.getByRole('table', { name: 'Cuotas por trabajador' }).innerText()).toContain(makeDemoPerson(7).nss);
    await shot(page, '10-cuotas');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
