import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations } from './harness/accessibility.ts';
import { launchBrowser, screenshot } from './harness/browser.ts';
import { demoCurpLogin, demoEmployee, demoStaffLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

let employee: DemoStaffLogin;

const system = useSystemUnderTest({
  launchBrowser,
  logName: 'npm-start.log',
  afterStart: ({ server }) => {
    employee = demoEmployee(server.output());
  },
  // Tests share one browser profile; each starts logged out, whatever the previous one left.
  beforeEachTest: ({ browser }) => browser.context.clearCookies(),
});

async function openLogin(): Promise<Page> {
  const page = await system.browser.newPage();
  await page.goto(`${system.server.url}/ingresar/personal`);
  await page.getByRole('heading', { name: 'Inicio de sesión' }).waitFor();
  return page;
}

async function submitEmployeeLogin(page: Page, login: { matricula: string; ooadCode: string; password: string }) {
  await page.getByLabel(/^Matrícula/).fill(login.matricula);
  await page.getByLabel(/^OOAD/).selectOption(login.ooadCode);
  await page.getByLabel(/^Contraseña/).fill(login.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

/**
 * Submits a login that is expected to fail and waits until the form is ready for the next try
 * (the server answered and the app cleared the rejected password); returns the HTTP status.
 */
async function failedEmployeeLogin(page: Page, login: { matricula: string; ooadCode: string; password: string }): Promise<number> {
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/employee-login'));
  await submitEmployeeLogin(page, login);
  const status = (await answer).status();
  await page.waitForFunction(() => (document.querySelector('input[name=password]') as HTMLInputElement | null)?.value === '');
  return status;
}

describe('inicio de sesión del personal', () => {
  it('the demo employee logs in and sees the employee portal', async () => {
    const page = await openLogin();
    await screenshot(page, 'login-personal');
    await submitEmployeeLogin(page, employee);

    await page.waitForURL(`${system.server.url}/empleado`);
    expect(await page.getByTestId('portal-title').textContent()).toBe('Portal del empleado');
    expect(await page.getByTestId('user-role').textContent()).toContain('Empleado IMSS');
    expect(await page.getByTestId('user-role').textContent()).toContain(employee.matricula);
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).isVisible()).toBe(true);
    await screenshot(page, 'portal-empleado');

    // A reload of a deep link keeps the session (cookie) and the page (SPA fallback of the server).
    await page.reload();
    expect(await page.getByTestId('portal-title').textContent()).toBe('Portal del empleado');

    // The same portal on a phone: nothing wider than the screen, logout still at hand.
    const phone = await system.browser.newPage({ width: 390, height: 844 });
    await phone.goto(`${system.server.url}/empleado`);
    await phone.getByTestId('portal-title').waitFor();
    expect(await horizontalOverflow(phone)).toBe(0);
    expect(await phone.getByRole('button', { name: 'Cerrar sesión' }).isVisible()).toBe(true);
    await screenshot(phone, 'portal-empleado-movil');
    await phone.close();

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL(/\/ingresar/);
    await page.getByText('Cerró su sesión correctamente.').waitFor();
    // The server ended the session too: the portal now sends us back to the login page.
    await page.goto(`${system.server.url}/empleado`);
    await page.waitForURL(/\/ingresar/);
    await page.close();
  });

  it('a wrong password and an unknown matrícula show the same message', async () => {
    const page = await openLogin();
    await submitEmployeeLogin(page, { ...employee, password: `${employee.password}-equivocada` });
    const wrongPassword = (await page.getByRole('alert').textContent())?.trim();
    await screenshot(page, 'login-error');

    await page.reload();
    await submitEmployeeLogin(page, { ...employee, matricula: unknownMatricula(employee.matricula) });
    await page.getByRole('alert').waitFor();
    const unknownUser = (await page.getByRole('alert').textContent())?.trim();

    expect(wrongPassword).toBeTruthy();
    expect(unknownUser).toBe(wrongPassword);
    expect(page.url()).toMatch(/\/ingresar\/personal$/);
    await page.close();
  });

  it('after five wrong passwords the account is locked and the page says for how long', async () => {
    // The operator's account, so the other tests keep a usable employee.
    const operator = demoStaffLogin(system.server.output(), 'operador');
    const page = await openLogin();
    const wrong = { ...operator, password: `${operator.password}-no` };
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) statuses.push(await failedEmployeeLogin(page, wrong));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // Locked now: even the right password is answered with the wait, not checked.
    expect(await failedEmployeeLogin(page, operator)).toBe(423);
    const locked = page.getByRole('alert').filter({ hasText: 'bloqueada' });
    await locked.waitFor();
    expect(await locked.textContent()).toMatch(/Intente de nuevo en \d+ (segundos|minuto)/);
    const button = page.getByRole('button', { name: /^Podrá intentar en \d+:\d{2}$/ });
    expect(await button.isDisabled()).toBe(true);
    await screenshot(page, 'login-bloqueada');
    await page.close();
  });

  it('the recovery page is reachable from the login page and asks for the CURP', async () => {
    const page = await openLogin();
    await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
    await page.waitForURL(`${system.server.url}/recuperar`);
    await page.getByRole('heading', { name: 'Recuperar contraseña' }).waitFor();
    expect(await page.getByLabel(/^CURP/).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Enviar código' }).isEnabled()).toBe(true);
    await screenshot(page, 'recuperar');
    await page.close();
  });

  it('the login page fits a phone screen', async () => {
    const page = await system.browser.newPage({ width: 390, height: 844 });
    await page.goto(`${system.server.url}/ingresar/curp`);
    await page.getByLabel(/^CURP/).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'login-curp-movil');
    await page.close();
  });
});

describe('accesibilidad', () => {
  it('login, recovery and portal pages pass the WCAG 2.1 AA checks of axe-core', async () => {
    const page = await system.browser.newPage();
    const report: Record<string, string[]> = {};
    for (const path of ['/ingresar/personal', '/ingresar/curp', '/recuperar']) {
      await page.goto(`${system.server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      report[path] = await accessibilityViolations(page);
    }
    await page.goto(`${system.server.url}/ingresar/personal`);
    await submitEmployeeLogin(page, employee);
    await page.getByTestId('portal-title').waitFor();
    report['/empleado'] = await accessibilityViolations(page);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL(/\/ingresar/);
    expect(report).toEqual({ '/ingresar/personal': [], '/ingresar/curp': [], '/recuperar': [], '/empleado': [] });
    await page.close();
  });

  it('an employee can log in and out with the keyboard alone', async () => {
    const page = await system.browser.newPage();
    await page.goto(`${system.server.url}/ingresar/personal`);
    // Forget the OOAD remembered by earlier logins, so the list starts unselected.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { name: 'Inicio de sesión' }).waitFor();
    expect(await page.getByLabel(/^OOAD/).inputValue()).toBe('');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Saltar al contenido principal');
    await page.keyboard.press('Enter');
    // From the main content: the selected tab, then the first field.
    for (let i = 0; i < 4 && (await focusedName(page)) !== 'matricula'; i += 1) await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('matricula');
    await page.keyboard.type(employee.matricula);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('ooad');
    // Type-ahead on the closed list selects the OOAD by its name, as a person would (the first word
    // only: a space would open the list).
    await page.keyboard.type(employee.ooadName.split(' ')[0]);
    expect(await page.getByLabel(/^OOAD/).inputValue()).toBe(employee.ooadCode);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('password');
    await page.keyboard.type(employee.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${system.server.url}/empleado`);

    await page.getByTestId('portal-title').waitFor();

    // The logout button is among the first stops of the tab order (after the skip link and the brand).
    const stops: string[] = [];
    for (let i = 0; i < 6 && stops.at(-1) !== 'Cerrar sesión'; i += 1) {
      await page.keyboard.press('Tab');
      stops.push((await page.evaluate(() => document.activeElement?.textContent ?? '')).trim());
    }
    expect(stops).toContain('Cerrar sesión');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ingresar/);
    await page.close();
  });
});

describe('recuperación de contraseña', () => {
  it('a pensioner resets the password with the code mailed to them and logs in with the new one', async () => {
    const pensioner = demoCurpLogin(system.server.output(), 'pensionado');
    const newPassword = 'Renovada2025pension';
    const page = await system.browser.newPage();
    await page.goto(`${system.server.url}/recuperar`);
    await page.getByLabel(/^CURP/).fill(pensioner.curp.toLowerCase());
    await page.getByRole('button', { name: 'Enviar código' }).click();
    await page.getByLabel(/^Código de 8 dígitos/).waitFor();

    // The demo's mailbox: the server keeps outgoing mail in its outbox and shows it at /demo/outbox.
    const mailbox = await system.browser.newPage();
    await mailbox.goto(`${system.server.url}/demo/outbox`);
    const message = mailbox.locator('article', { hasText: 'pensionado@demo.siap.local' }).first();
    const code = /\b(\d{8})\b/.exec((await message.locator('pre').textContent()) ?? '')?.[1];
    expect(code, 'recovery code in the demo outbox').toMatch(/^\d{8}$/);
    await mailbox.close();

    await page.getByLabel(/^Código de 8 dígitos/).fill(code!);
    await page.getByLabel(/^Nueva contraseña/).fill(newPassword);
    await page.getByLabel(/^Confirme la nueva contraseña/).fill(newPassword);
    await page.getByRole('button', { name: 'Restablecer contraseña' }).click();
    await page.getByText('Contraseña restablecida. Inicie sesión con su nueva contraseña.').waitFor();
    await screenshot(page, 'recuperar-listo');

    await page.getByRole('link', { name: 'Ir al inicio de sesión' }).click();
    await page.getByRole('tab', { name: 'Pensionados y patrones' }).click();
    await page.getByLabel(/^CURP/).fill(pensioner.curp);
    await page.getByLabel(/^Contraseña/).fill(pensioner.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Los datos de acceso son incorrectos.');

    await page.getByLabel(/^Contraseña/).fill(newPassword);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL(`${system.server.url}/pensionado`);
    expect(await page.getByTestId('portal-title').textContent()).toBe('Portal del pensionado');
    await screenshot(page, 'portal-pensionado');
    await page.close();
  });
});

/** How many pixels the page is wider than the window (0 when nothing needs a horizontal scroll). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

function focusedName(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute('name'));
}

/** A matrícula of the demo's length that appears nowhere in the start-up output (so no demo account has it). */
function unknownMatricula(existing: string): string {
  const output = system.server.output();
  for (let n = 1; ; n += 1) {
    const candidate = String(Number(existing) + 5_000 + n).padStart(existing.length, '0');
    if (!output.includes(candidate)) return candidate;
  }
}
