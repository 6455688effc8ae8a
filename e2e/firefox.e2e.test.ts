/**
 * The employee portal in Firefox (Debian's firefox-esr), the second engine issue 7 names. Playwright
 * drives Firefox only through its own patched build, which cannot be downloaded here; Puppeteer
 * drives a stock Firefox over WebDriver BiDi, so this file uses puppeteer-core. Edge is Chromium:
 * the other browser tests cover its engine.
 *
 * The flows: login with Matrícula + OOAD + contraseña, the same message for a wrong password and
 * an unknown matrícula, and the previous quincena with its incidents, by keyboard and on screen.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatQuincena, previousQuincena, quincenaOf, quincenaRange } from '@siap/mx-identity';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR } from './harness/browser.ts';
import { demoEmployee, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

/** Debian's Firefox ESR (`apt-get install -y firefox-esr`); FIREFOX_PATH overrides it. */
const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

let employee: DemoStaffLogin;

const system = useSystemUnderTest({
  launchBrowser: launchFirefox,
  logName: 'npm-start-firefox.log',
  afterStart: ({ server }) => {
    employee = demoEmployee(server.output());
  },
});

/** A headless Firefox on a temporary profile of its own (Puppeteer removes it on close). */
async function launchFirefox(): Promise<Browser> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(`Firefox not found at ${FIREFOX_PATH}: install it with \`apt-get install -y firefox-esr\` (CI does), or set FIREFOX_PATH.`);
  }
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: { 'intl.accept_languages': 'es-MX, es' },
  });
}

async function newPage(): Promise<Page> {
  // A fresh browsing context per test: no session cookie carried over.
  const context = await system.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(20_000);
  return page;
}

async function firefoxScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) as `${string}.png`, fullPage: true });
}

/** Fills the staff login form the way a person does: Tab from field to field, Enter to submit. */
async function submitLogin(page: Page, login: { matricula: string; ooadCode: string; password: string }) {
  await page.goto(`${system.server.url}/ingresar/personal`);
  await page.locator('input[name=matricula]').click();
  await page.keyboard.type(login.matricula);
  await page.select('select[name=ooad]', login.ooadCode);
  await page.locator('input[name=password]').click();
  await page.keyboard.type(login.password);
  await page.keyboard.press('Enter');
}

async function alertText(page: Page): Promise<string> {
  const alert = await page.waitForSelector('[role=alert]');
  return ((await alert?.evaluate((el) => el.textContent)) ?? '').trim();
}

describe('portal del empleado en Firefox', () => {
  it('a wrong password and an unknown matrícula show the same message', async () => {
    const page = await newPage();
    await submitLogin(page, { ...employee, password: `${employee.password}-equivocada` });
    const wrongPassword = await alertText(page);
    await firefoxScreenshot(page, 'firefox-login-error');
    const unknown = String((Number(employee.matricula) + 7_777_777) % 10 ** employee.matricula.length).padStart(employee.matricula.length, '1');
    await submitLogin(page, { ...employee, matricula: unknown });
    const unknownUser = await alertText(page);
    expect(wrongPassword.length).toBeGreaterThan(10);
    expect(unknownUser).toBe(wrongPassword);
    expect(page.url()).toMatch(/\/ingresar\/personal$/);
    await page.close();
  });

  it('the employee logs in and reads the previous quincena with its incidents', async () => {
    const page = await newPage();
    await submitLogin(page, employee);
    await page.waitForFunction((url) => location.href === url, {}, `${system.server.url}/empleado`);
    const title = await page.waitForSelector('[data-testid=portal-title]');
    expect(await title?.evaluate((el) => el.textContent)).toBe('Portal del empleado');

    const previous = previousQuincena(quincenaOf(new Date(), 'America/Mexico_City'));
    await page.goto(`${system.server.url}/empleado?quincena=${formatQuincena(previous)}`);
    await page.waitForSelector(`[data-testid="day-${quincenaRange(previous).start}"]`);
    const table = await page.waitForSelector('table[aria-label="Asistencia por día"], [role=table][aria-label="Asistencia por día"]');
    const text = (await table?.evaluate((el) => el.textContent)) ?? '';
    // The demo seed's previous quincena has a retardo, a falta and a missing check-out.
    expect(text).toContain('Retardo');
    expect(text).toContain('Falta');
    expect(text).toContain('Omisión de salida');
    const totals = await page.waitForSelector('[data-testid=totals]');
    expect(await totals?.evaluate((el) => el.textContent)).toMatch(/Faltas1/);
    // Nothing wider than the window in this engine either.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    // The chart's bars grow in when it mounts; photograph them grown.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await firefoxScreenshot(page, 'firefox-empleado-quincena');
    await page.close();
  });
});
