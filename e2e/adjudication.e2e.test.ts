import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatQuincena, makeDemoPerson, previousQuincena, quincenaLabel, quincenaOf } from '@siap/mx-identity';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { portrait } from '../packages/biometrics/src/face/test-fixtures.ts';
import { generateFinger } from '../packages/biometrics/src/synth/index.ts';
import { accessibilityViolations } from './harness/accessibility.ts';
import { ApiSession } from './harness/api-session.ts';
import { launchBrowser, screenshot } from './harness/browser.ts';
import { demoEmployee, demoSecondSupervisor, demoStaffLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';
import { giveConsent } from './harness/consent.ts';

/**
 * Issue 20 items 3 and 4 and the first-day points of this area, on `npm start`'s demo: a face
 * photo uploaded as a fingerprint is refused, an enrollment below the policy says what is
 * missing, and the supervisor adjudicates a duplicate seeing both faces and the matched prints
 * with their paired minutiae, then finds the decision among the past ones with who and why.
 */
let supervisor: DemoStaffLogin;
/** Four eyes: the second supervisor confirms what the first proposed (issue 19 item 1). */
let secondSupervisor: DemoStaffLogin;
let operator: DemoStaffLogin;
let employee: DemoStaffLogin;
/** Registered demo people without an account (server/src/modules/demo/seed.ts). */
const first = makeDemoPerson(12);
const second = makeDemoPerson(13);
const refused = makeDemoPerson(14);

const system = useSystemUnderTest({
  launchBrowser,
  logName: 'npm-start-adjudicacion.log',
  afterStart: ({ server }) => {
    supervisor = demoStaffLogin(server.output(), 'supervisor');
    secondSupervisor = demoSecondSupervisor(server.output());
    operator = demoStaffLogin(server.output(), 'operador');
    employee = demoEmployee(server.output());
  },
  beforeEachTest: ({ browser }) => browser.context.clearCookies(),
});

interface Station {
  id: string;
  code: string;
  readers: Array<{ id: string; driver: string; modality: string }>;
}

/** Staff login as a person does it, landing on `portal`. */
async function login(page: Page, who: DemoStaffLogin, portal: string) {
  await page.goto(`${system.server.url}/ingresar/personal`);
  await page.getByLabel(/^Matrícula/).fill(who.matricula);
  await page.getByLabel(/^OOAD/).selectOption(who.ooadCode);
  await page.getByLabel(/^Contraseña/).fill(who.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL(`${system.server.url}/${portal}`);
}

/**
 * At the demo counter, through the API: `person` presents the fingers of `fingersOf` (the
 * simulated scanner's identity) — three captured, five documented as bandaged, which meets the
 * default policy — and a face photo.
 */
async function enroll(counter: ApiSession, station: Station, person: { curp: string }, fingersOf: string, face: Buffer) {
  const reader = (driver: string) => station.readers.find((r) => r.driver === driver)!.id;
  await giveConsent(counter, person.curp, station.id);
  const session = await counter.request<{ id: string }>('POST', '/api/biometrics/sessions', { curp: person.curp, stationId: station.id });
  for (const readerId of [reader('simulado'), reader('camara_web')]) await counter.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId });
  for (const position of [1, 2, 3]) await counter.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: { identity: fingersOf } });
  for (const position of [4, 5, 6, 7, 8]) await counter.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}/unavailable`, { reason: 'vendaje' });
  await counter.request('POST', `/api/biometrics/sessions/${session.id}/face`, { frame: face.toString('base64') });
  return counter.request<{ status: string; candidates: unknown[] }>('POST', `/api/biometrics/sessions/${session.id}/complete`);
}

async function settled(page: Page) {
  await page.evaluate(() => Promise.allSettled([document.fonts.ready, ...document.getAnimations().map((a) => a.finished)]));
}

describe('adjudicación con evidencia y controles de calidad', () => {
  it('refuses a face photo uploaded as a fingerprint, and an enrollment below the policy, in the operator’s page', async () => {
    const photo = join(tmpdir(), `siap-e2e-rostro-como-huella-${process.pid}.jpg`);
    await writeFile(photo, await portrait('A'));
    const [image] = generateFinger(20_2612, 1);
    const print = join(tmpdir(), `siap-e2e-huella-${process.pid}.png`);
    await writeFile(print, await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).png().withMetadata({ density: 500 }).toBuffer());
    const page = await system.browser.newPage({ width: 1400, height: 900 });
    await login(page, operator, 'operador');
    await page.getByRole('link', { name: 'Enrolar a una persona' }).click();
    await page.getByLabel(/^CURP de la persona/).fill(refused.curp);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByTestId('enrollment-person').getByText(refused.curp, { exact: false }).waitFor();
    await page.getByRole('combobox', { name: 'Estación' }).click();
    await page.getByRole('option', { name: 'Ventanilla de enrolamiento (demostración)' }).click();
    await page.getByRole('combobox', { name: 'Lector de huella' }).click();
    await page.getByRole('option', { name: 'Archivo de huella o plantilla ISO/ANSI' }).click();
    await page.getByRole('combobox', { name: 'Cámara para el rostro' }).click();
    await page.getByRole('option', { name: 'Cámara web del navegador' }).click();
    // The person's express consent, attested by the operator, before the first capture (privacy).
    await page.getByRole('checkbox', { name: /otorga su consentimiento expreso/ }).check();
    await page.getByRole('button', { name: 'Iniciar captura' }).click();

    const thumb = page.getByTestId('finger-1');
    await thumb.locator('input[type=file]').setInputFiles(photo);
    const refusal = thumb.getByRole('alert');
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.textContent()).toContain('La imagen no es una huella dactilar');
    expect(await thumb.textContent()).toContain('Pendiente');
    await screenshot(page, 'adjudicacion-rostro-como-huella');

    await page.getByRole('button', { name: 'Marcar pulgar derecho como no disponible' }).click();
    await thumb.getByRole('combobox', { name: 'Motivo' }).click();
    await page.getByRole('option', { name: 'Lesión' }).click();
    await thumb.getByRole('button', { name: 'Confirmar' }).click();
    await thumb.getByText('No disponible: Lesión').waitFor();
    // A real print (synthetic) is accepted from the same file reader.
    const index = page.getByTestId('finger-2');
    await index.locator('input[type=file]').setInputFiles(print);
    await index.getByText(/Calidad \d+\/100/).waitFor({ timeout: 60_000 });
    // One finger and one documented absence are not an enrollment: the server says what is missing.
    await page.getByRole('button', { name: 'Concluir enrolamiento' }).click();
    const missing = page.getByRole('alert').filter({ hasText: 'El enrolamiento requiere al menos 8 dedos' });
    await missing.waitFor();
    expect(await missing.textContent()).toContain('Falta: 6 dedos y la fotografía del rostro.');
    await page.close();
  });

  it('shows the supervisor both faces and the matched prints with the paired minutiae; two supervisors decide (four eyes) and the decision joins the past ones with who and why', async () => {
    const counter = await ApiSession.staff(system.server.url, operator);
    const stations = await counter.request<Station[]>('GET', '/api/biometrics/stations');
    const station = stations.find((s) => s.readers.some((r) => r.driver === 'simulado') && s.readers.some((r) => r.driver === 'camara_web'))!;
    const face = await portrait('A');
    expect((await enroll(counter, station, first, first.curp, face)).status).toBe('registrado');
    const duplicate = await enroll(counter, station, second, first.curp, await portrait('A', 0.45));
    expect(duplicate.status).toBe('pendiente');

    const page = await system.browser.newPage({ width: 1280, height: 900 });
    await login(page, supervisor, 'supervisor');
    await page.getByRole('tab', { name: 'Adjudicación biométrica' }).click();
    await page.getByRole('heading', { name: 'Posibles duplicados por resolver (1)' }).waitFor();
    const item = page.getByRole('list', { name: 'Enrolamientos pendientes' }).getByRole('listitem').first();
    const evidence = item.getByTestId('adjudication-evidence');
    await evidence.waitFor({ timeout: 60_000 });

    // Both faces, as images the browser decoded.
    const faces = evidence.getByRole('img', { name: /^Rostro: / });
    expect(await faces.count()).toBe(2);
    for (const img of await faces.all()) expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(50);

    // The matched fingers: both prints drawn, every minutia marked, the pairs joined.
    const comparisons = evidence.locator('[data-testid^="print-comparison-"]');
    expect(await comparisons.count()).toBe(3);
    const best = comparisons.first();
    const svg = best.getByRole('img', { name: /minucias emparejadas, puntaje/ });
    expect(await svg.locator('image').count()).toBe(2);
    const pairs = await best.getByTestId('minutia-pairs').locator('line').count();
    expect(pairs).toBeGreaterThanOrEqual(8);
    expect(await svg.getAttribute('aria-label')).toMatch(new RegExp(`: ${pairs} minucias emparejadas, puntaje \\d+\\.\\d \\(umbral \\d+\\.\\d\\)`));
    expect(await svg.locator('circle, rect').count()).toBeGreaterThan(pairs * 2);
    await settled(page);
    const shot = await screenshot(page, 'adjudicacion-evidencia');
    expect(shot).toMatch(/\.png$/);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The operator who enrolled both never decides: the operator's account has no adjudication
    // rights at all, and a supervisor who captured in an enrollment is refused (security.test.ts).
    const asOperator = await counter.request('POST', `/api/biometrics/enrollments/00000000-0000-4000-8000-000000000000/adjudication`, { decision: 'fraude' }).catch((error: Error) => error.message);
    expect(asOperator).toMatch(/→ 403:/);

    // Step 1 of 2: the first supervisor proposes; the case stays in the queue.
    await item.getByLabel('Notas de la decisión').fill('Huellas de otra persona registrada; el rostro no basta.');
    await item.getByRole('button', { name: 'Fraude (rechazar)' }).click();
    await page.getByText(`Primera decisión registrada para la CURP ${second.curp}: fraude (rechazar). Falta la confirmación de otro supervisor.`).waitFor();
    expect(await item.getByRole('button', { name: 'Fraude (rechazar)' }).count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Decisiones anteriores' }).getByRole('row').filter({ hasText: second.curp }).count()).toBe(0);
    await page.close();

    // Step 2 of 2: another supervisor sees the proposal and confirms it.
    await system.browser.context.clearCookies();
    const confirming = await system.browser.newPage({ width: 1280, height: 900 });
    await login(confirming, secondSupervisor, 'supervisor');
    await confirming.getByRole('tab', { name: 'Adjudicación biométrica' }).click();
    const pending = confirming.getByRole('list', { name: 'Enrolamientos pendientes' }).getByRole('listitem').first();
    await pending.getByTestId('adjudication-stage').getByText('Paso 2 de 2: otro supervisor registró la primera decisión («Fraude (rechazar)»)', { exact: false }).waitFor();
    await pending.getByLabel('Notas de la decisión').fill('Confirmo: las huellas son de otra persona registrada.');
    await pending.getByRole('button', { name: 'Fraude (rechazar)' }).click();
    await confirming.getByText(`Decisión confirmada por dos supervisores para la CURP ${second.curp}: fraude (rechazar).`).waitFor();
    const past = confirming.getByRole('table', { name: 'Decisiones anteriores' });
    const row = past.getByRole('row').filter({ hasText: second.curp });
    await row.waitFor();
    expect(await row.textContent()).toContain('Fraude (rechazar)');
    expect(await row.textContent()).toContain('Huellas de otra persona registrada; el rostro no basta.');
    expect(await row.textContent()).toContain(`Propuso: `);
    expect(await row.textContent()).toContain(`matrícula ${supervisor.matricula}`);
    expect(await row.textContent()).toContain(`matrícula ${secondSupervisor.matricula}`);
    expect(await row.textContent()).toContain('Confirmación: Confirmo: las huellas son de otra persona registrada.');
    await screenshot(confirming, 'adjudicacion-decisiones-anteriores');
    // One date format: es-MX, local time, never an ISO string.
    expect(await row.textContent()).toMatch(/\d{1,2} [a-z]{3,4}\.? \d{4}, \d{2}:\d{2}/);
    expect(await row.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await confirming.close();
  });

  it('first day: future days are «Por venir», a quincena selector, exports with name, matrícula, OOAD, folio and local times', async () => {
    const page = await system.browser.newPage({ width: 1280, height: 900 });
    await login(page, employee, 'empleado');

    // A quincena that has not begun: every working day still to come, none «en curso».
    await page.goto(`${system.server.url}/empleado?quincena=2099-Q01`);
    await page.getByText('Esta quincena aún no comienza', { exact: false }).waitFor();
    const table = page.getByRole('table', { name: 'Asistencia por día' });
    await table.waitFor();
    expect(await table.getByText('Por venir', { exact: true }).count()).toBeGreaterThan(5);
    expect(await table.getByText('Día en curso').count()).toBe(0);
    const totals = await page.getByTestId('totals').textContent();
    expect(totals).toMatch(/Días en curso0/);
    expect(totals).toMatch(/Días por venir(\d+)/);
    expect(Number(/Días por venir(\d+)/.exec(totals ?? '')?.[1])).toBeGreaterThan(5);

    // The selector jumps straight to any recent quincena.
    const previous = previousQuincena(previousQuincena(quincenaOf(new Date(), 'America/Mexico_City')));
    await page.getByLabel('Elegir quincena').selectOption(formatQuincena(previous));
    await page.waitForURL(`${system.server.url}/empleado?quincena=${formatQuincena(previous)}`);
    await page.getByTestId('quincena-label').filter({ hasText: quincenaLabel(previous) }).waitFor();
    await page.getByText('Esta quincena aún no comienza', { exact: false }).waitFor({ state: 'detached' });
    await screenshot(page, 'adjudicacion-primer-dia-quincenas');

    // The exports name the person fully, with matrícula, OOAD and folio; the shift's hours once.
    const last = formatQuincena(previousQuincena(quincenaOf(new Date(), 'America/Mexico_City')));
    const csv = await (await page.request.get(`${system.server.url}/api/attendance/quincenas/${last}/export.csv`)).text();
    const [header, row] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header.startsWith('Folio,Nombre,Matrícula,OOAD,')).toBe(true);
    expect(row).toMatch(new RegExp(`^ASI-${last.replace('-', '')}-[0-9A-F]{10},[^,]+ [^,]+,${employee.matricula},${employee.ooadCode} `));
    expect(csv).not.toMatch(/(\d{2}:\d{2}–\d{2}:\d{2}) \1/);
    const report = await (await page.request.get(`${system.server.url}/api/attendance/quincenas/${last}`)).json();
    expect(report.person).toMatchObject({ matricula: employee.matricula, ooad: { code: employee.ooadCode } });
    expect(report.person.fullName.split(' ').length).toBeGreaterThanOrEqual(3);
    const pdf = await page.request.get(`${system.server.url}/api/attendance/quincenas/${last}/export.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });
});
