import { formatQuincena, previousQuincena, quincenaLabel, quincenaOf, quincenaRange } from '@siap/mx-identity';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations } from './harness/accessibility.ts';
import { launchBrowser, screenshot } from './harness/browser.ts';
import { demoEmployee, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

let employee: DemoStaffLogin;

const system = useSystemUnderTest({
  launchBrowser,
  logName: 'npm-start-employee.log',
  afterStart: ({ server }) => {
    employee = demoEmployee(server.output());
  },
  // Tests share one browser profile; each starts logged out, whatever the previous one left.
  beforeEachTest: ({ browser }) => browser.context.clearCookies(),
});

async function login(page: Page) {
  await page.goto(`${system.server.url}/ingresar/personal`);
  await page.getByLabel(/^Matrícula/).fill(employee.matricula);
  await page.getByLabel(/^OOAD/).selectOption(employee.ooadCode);
  await page.getByLabel(/^Contraseña/).fill(employee.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL(`${system.server.url}/empleado`);
}

describe('portal del empleado: asistencia por quincena', () => {
  it('the demo employee reads the previous quincena with its incidents and asks to justify one', async () => {
    // The demo seed (server/src/modules/attendance/demo-seed.ts) reads the last full quincena at a
    // kiosk with a retardo, a falta with a pending justification and a missing check-out.
    const current = quincenaOf(new Date(), 'America/Mexico_City');
    const previous = previousQuincena(current);
    const page = await system.browser.newPage({ width: 1280, height: 900 });
    await login(page);
    expect(await page.getByTestId('quincena-label').textContent()).toBe(quincenaLabel(current));

    await page.getByRole('link', { name: 'Quincena anterior' }).click();
    await page.waitForURL(`${system.server.url}/empleado?quincena=${formatQuincena(previous)}`);
    // The rows of the previous quincena, not the current one still on screen while it loads.
    await page.getByTestId(`day-${quincenaRange(previous).start}`).waitFor();
    expect(await page.getByTestId('quincena-label').textContent()).toBe(quincenaLabel(previous));

    const table = page.getByRole('table', { name: 'Asistencia por día' });
    expect(await table.getByText('Retardo', { exact: true }).count()).toBeGreaterThanOrEqual(1);
    expect(await table.getByText('Falta', { exact: true }).count()).toBeGreaterThanOrEqual(1);
    expect(await table.getByText('Omisión de salida', { exact: true }).count()).toBeGreaterThanOrEqual(1);
    expect(await table.getByText('Justificación pendiente').count()).toBe(1);
    expect(await table.getByText('Rostro').count()).toBeGreaterThanOrEqual(1);
    const totals = page.getByTestId('totals');
    expect(await totals.textContent()).toMatch(/Faltas1/);
    expect(await totals.textContent()).toMatch(/Retardos1/);

    // Both exports are real downloads from the server, named after the quincena.
    for (const [name, type] of [['Descargar PDF', 'application/pdf'], ['Descargar CSV', 'text/csv']] as const) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const response = await page.request.get(`${system.server.url}${href}`);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain(type);
      expect(response.headers()['content-disposition']).toContain(formatQuincena(previous));
    }
    await screenshot(page, 'empleado-quincena-incidencias');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Justify the retardo: the request goes to the supervisor and the day shows it pending.
    await page.getByRole('button', { name: /^Justificar retardo/ }).first().click();
    await page.getByLabel(/^Motivo/).fill('Cierre vial por obras en la avenida; anexo constancia.');
    // The dialog fades in: photograph it once its transitions finished, not half transparent.
    await page.getByRole('dialog').evaluate((el) => Promise.allSettled(el.ownerDocument.getAnimations().map((a) => a.finished)));
    await screenshot(page, 'empleado-solicitar-justificacion');
    await page.getByRole('button', { name: 'Enviar solicitud' }).click();
    await page.getByText('Su solicitud de justificación se envió; su supervisor la revisará.').waitFor();
    await table.getByText('Justificación pendiente').nth(1).waitFor();
    expect(await table.getByText('Justificación pendiente').count()).toBe(2);
    await page.close();

    // On a phone the page fits the screen; the day table scrolls inside its own box.
    const phone = await system.browser.newPage({ width: 390, height: 844 });
    await phone.goto(`${system.server.url}/empleado?quincena=${formatQuincena(previous)}`);
    await phone.getByTestId(`day-${quincenaRange(previous).start}`).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(phone, 'empleado-quincena-movil');
    await phone.close();
  });
});
