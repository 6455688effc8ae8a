import { formatQuincena, makeDemoPerson, quincenaOf } from '@siap/mx-identity';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './harness/accessibility.ts';
import { ApiSession } from './harness/api-session.ts';
import { launchBrowser, saveArtifact, screenshot, type Browser } from './harness/browser.ts';
import { demoStaffLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { startRestartableServer, type RestartableServer } from './harness/restartable-server.ts';

interface Station {
  id: string;
  code: string;
  readers: Array<{ id: string; driver: string; modality: string }>;
}

let server: RestartableServer;
let browser: Browser;
let page: Page;
let operator: DemoStaffLogin;
let employee: DemoStaffLogin;
let employeeName: string;
let kioskStation: Station;
let setupError: unknown = null;
const employeeCurp = makeDemoPerson(1).curp;

beforeAll(async () => {
  try {
    browser = await launchBrowser();
    server = await startRestartableServer();
    operator = demoStaffLogin(server.output(), 'operador');
    employee = demoStaffLogin(server.output(), 'empleado');
    employeeName = /^\s*empleado\b.*\[([^\]]+)\]/m.exec(server.output())?.[1] ?? '';
    const admin = demoStaffLogin(server.output(), 'admin');

    // The demo employee is enrolled at a counter first (two fingers from the simulated reader).
    const counter = await ApiSession.staff(server.url, operator);
    const stations = await counter.request<Station[]>('GET', '/api/biometrics/stations');
    kioskStation = stations.find((s) => s.code === 'QUIOSCO-DEMO')!;
    const reader = kioskStation.readers.find((r) => r.driver === 'simulado')!;
    await counter.request('POST', `/api/biometrics/readers/${reader.id}/status`, { connected: true });
    const session = await counter.request<{ id: string }>('POST', '/api/biometrics/sessions', { curp: employeeCurp, stationId: kioskStation.id });
    await counter.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: reader.id });
    for (const position of [2, 7]) await counter.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, {});
    const enrollment = await counter.request<{ status: string }>('POST', `/api/biometrics/sessions/${session.id}/complete`);
    expect(enrollment.status).toBe('registrado');

    // The kiosk: an operator opens it in the browser; an admin registers the key it shows.
    page = await browser.newPage();
    await page.goto(`${server.url}/ingresar/personal`);
    await page.getByLabel(/^Matrícula/).fill(operator.matricula);
    await page.getByLabel(/^OOAD/).selectOption(operator.ooadCode);
    await page.getByLabel(/^Contraseña/).fill(operator.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL(`${server.url}/operador`);
    await page.goto(`${server.url}/kiosco/${kioskStation.id}`);
    await page.getByRole('heading', { name: 'Seleccionar Lector Biométrico' }).waitFor();
    const publicKey = (await page.getByTestId('kiosk-public-key').textContent()) ?? '';
    const administrator = await ApiSession.staff(server.url, admin);
    await administrator.request('PUT', `/api/attendance/stations/${kioskStation.id}/kiosk-key`, { publicKey });
  } catch (error) {
    setupError = error;
  }
}, 300_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    await saveArtifact('npm-start-kiosco.log', server.output());
    await server.dispose();
  }
}, 60_000);

/** The readings the employee sees in their current quincena (their own view of the API). */
async function employeeReadings(): Promise<number> {
  const session = await ApiSession.staff(server.url, employee);
  const quincena = formatQuincena(quincenaOf(new Date(), 'America/Mexico_City'));
  const report = await session.request<{ days: Array<{ readings: number }> }>('GET', `/api/attendance/quincenas/${quincena}`);
  return report.days.reduce((sum, day) => sum + day.readings, 0);
}

async function pendingCount(): Promise<number> {
  const text = (await page.getByTestId('kiosk-pending').textContent()) ?? '';
  return Number(/(\d+)/.exec(text)?.[1] ?? NaN);
}

describe('quiosco de asistencia', () => {
  it('an employee checks in with CURP and finger on the simulated reader, and sees the record in their quincena', async () => {
    const before = await employeeReadings();

    // Without a reader the kiosk says so.
    await page.getByLabel('CURP (opcional)').fill(employeeCurp);
    await page.getByRole('button', { name: 'Registrar con huella' }).click();
    await page.getByText('Seleccione el lector biométrico antes de registrar.').waitFor();
    await screenshot(page, 'kiosco-sin-lector');

    await page.getByRole('combobox', { name: 'Lector de huella' }).click();
    await page.getByRole('option', { name: 'Lector de huella simulado' }).click();
    await page.getByRole('button', { name: 'Registrar con huella' }).click();
    const success = page.getByTestId('kiosk-outcome').getByText('Registro exitoso');
    await success.waitFor();
    expect(await page.getByTestId('kiosk-outcome').textContent()).toContain(employeeName);
    expect(await page.getByLabel('CURP (opcional)').inputValue()).toBe('');
    await screenshot(page, 'kiosco-registro');
    expect(await accessibilityViolations(page)).toEqual([]);

    expect(await employeeReadings()).toBe(before + 1);
  });

  it('an employee checks in with the finger alone (1:N identification)', async () => {
    const before = await employeeReadings();
    await page.getByLabel('CURP (opcional)').fill('');
    await page.getByLabel('Lector simulado: CURP de quien coloca el dedo').fill(employeeCurp);
    const identified = page.waitForResponse((response) => response.url().endsWith('/api/biometrics/identify'));
    const recorded = page.waitForResponse((response) => response.url().endsWith('/api/attendance/check'));
    await page.getByRole('button', { name: 'Registrar con huella' }).click();
    expect((await identified).status()).toBe(200);
    expect((await recorded).status()).toBe(201);
    await page.getByTestId('kiosk-outcome').getByText('Registro exitoso').waitFor();
    expect(await page.getByTestId('kiosk-outcome').textContent()).toContain(employeeName);
    expect(await employeeReadings()).toBe(before + 1);
    await page.getByLabel('Lector simulado: CURP de quien coloca el dedo').fill('');
  });

  it('someone else’s finger with the employee’s CURP is refused with a reason', async () => {
    await page.getByLabel('CURP (opcional)').fill(employeeCurp);
    await page.getByLabel('Lector simulado: CURP de quien coloca el dedo').fill(makeDemoPerson(2).curp);
    await page.getByRole('button', { name: 'Registrar con huella' }).click();
    await page.getByText('La huella no coincide con la CURP indicada.', { exact: false }).waitFor();
    await screenshot(page, 'kiosco-no-coincide');
    await page.getByLabel('Lector simulado: CURP de quien coloca el dedo').fill('');
  });

  it('keeps three check-ins while the server is down and sends each exactly once when it is back', async () => {
    const before = await employeeReadings();
    await server.stop();

    for (let i = 1; i <= 3; i++) {
      await page.getByLabel('CURP (opcional)').fill(employeeCurp);
      await page.getByRole('button', { name: 'Registrar con huella' }).click();
      await page.getByText('quedó guardado y firmado en este quiosco', { exact: false }).waitFor();
      await page.waitForFunction((n) => document.querySelector('[data-testid=kiosk-pending]')?.textContent?.includes(`: ${n}`), i);
    }
    expect(await pendingCount()).toBe(3);
    await screenshot(page, 'kiosco-sin-conexion');

    await server.start();
    await page.waitForFunction(() => document.querySelector('[data-testid=kiosk-pending]')?.textContent?.includes(': 0'), undefined, { timeout: 90_000 });
    expect(await page.getByText('Conectado al servidor').isVisible()).toBe(true);
    await page.getByTestId('kiosk-sent-later').getByText('ya se enviaron al servidor: 3').waitFor();
    expect(await page.getByText('quedó guardado y firmado en este quiosco', { exact: false }).count()).toBe(0);
    await screenshot(page, 'kiosco-reconectado');

    expect(await employeeReadings()).toBe(before + 3);
    // Nothing is left to send twice: a later sync round finds an empty queue.
    await page.waitForTimeout(5_000);
    expect(await employeeReadings()).toBe(before + 3);
  });
});
