import { copyFile, mkdir } from 'node:fs/promises';
import { makeDemoPerson } from '@siap/mx-identity';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { portrait } from '../packages/biometrics/src/face/test-fixtures.ts';
import { ApiSession } from './harness/api-session.ts';
import { screenshot } from './harness/browser.ts';
import { launchBrowserWithCamera } from './harness/camera-browser.ts';
import { demoCurpLogin, demoStaffLogin, type DemoCurpLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

/** Phone screenshots also go to SHOTS_DIR (e.g. /work/wt/shots) when it is set. */
async function shot(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, `pension-${name}`);
  if (process.env.SHOTS_DIR) {
    await mkdir(process.env.SHOTS_DIR, { recursive: true });
    await copyFile(file, `${process.env.SHOTS_DIR}/pension-${name}.png`);
  }
}

let operator: DemoStaffLogin;
let supervisor: DemoStaffLogin;
let pensioner: DemoCurpLogin;
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Pensionado2026';

const system = useSystemUnderTest({
  // The phone's front camera shows a portrait from a photo shipped in an npm package.
  launchBrowser: async () => launchBrowserWithCamera(await sharp(await portrait('A')).resize(480, 640, { fit: 'contain', background: '#808080' }).jpeg({ quality: 92 }).toBuffer()),
  logName: 'npm-start-pensionado.log',
  afterStart: ({ server }) => {
    operator = demoStaffLogin(server.output(), 'operador');
    supervisor = demoStaffLogin(server.output(), 'supervisor');
    pensioner = demoCurpLogin(server.output(), 'pensionado');
  },
});

describe('portal del pensionado (teléfono 390×844)', () => {
  const person = makeDemoPerson(181);
  const email = `pensionado181@correo.mx`;

  it('registers from the phone through consent and face capture, fails a still-photo proof of life, gets a constancia from a clinic proof, and the QR page checks it', async () => {
    const page = await system.browser.newPage(PHONE);
    await page.goto(`${system.server.url}/pensionado/`);
    await page.getByRole('heading', { name: 'Entrar' }).waitFor();
    await shot(page, '01-entrar');
    await page.getByRole('button', { name: 'Registrarme por primera vez' }).click();
    await page.getByLabel('CURP').fill(person.curp);
    await page.getByLabel('Nombre(s)').fill(person.givenNames);
    await page.getByLabel('Primer apellido').fill(person.firstSurname);
    if (person.secondSurname) await page.getByLabel('Segundo apellido (si tiene)').fill(person.secondSurname);
    await page.getByLabel('Correo electrónico').fill(email);
    await shot(page, '02-registro');
    await page.getByRole('button', { name: 'Enviarme un código' }).click();
    await page.getByRole('heading', { name: 'Revise su correo' }).waitFor();

    // The code, from the demo outbox (what the person reads in their mailbox).
    const outbox = await (await fetch(`${system.server.url}/demo/outbox`)).text();
    const mail = outbox.slice(outbox.indexOf(email));
    const code = /(\d{6})/.exec(mail)?.[1];
    expect(code).toBeTruthy();
    await page.getByLabel('Código').fill(code!);
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.getByRole('heading', { name: 'Elija su contraseña' }).waitFor();
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Crear mi cuenta' }).click();

    await page.getByRole('heading', { name: 'Aviso de privacidad' }).waitFor();
    await shot(page, '03-aviso-y-consentimiento');
    const accept = page.getByRole('button', { name: 'Acepto y continúo' });
    expect(await accept.isDisabled()).toBe(true);
    await page.getByRole('checkbox').check();
    await accept.click();

    await page.getByRole('heading', { name: 'Foto de su rostro' }).waitFor();
    await page.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0);
    await shot(page, '04-rostro');
    // The photo is taken by itself once its quality passes; then the 1:N search runs.
    await page.getByText('Registro biométrico: Registro parcial (rostro)').waitFor({ timeout: 180_000 });
    await shot(page, '05-inicio');

    // A proof of life with the fake camera's still picture: the challenge's steps are not done.
    await page.getByRole('button', { name: 'Comprobar supervivencia' }).click();
    await page.getByRole('heading', { name: 'Comprobar supervivencia' }).waitFor();
    await page.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0);
    await page.getByRole('button', { name: 'Empezar' }).click();
    await page.locator('ol.steps li').first().waitFor();
    await shot(page, '06-reto-de-vida');
    await page.getByText('No se pudo comprobar', { exact: false }).waitFor({ timeout: 180_000 });
    await shot(page, '07-reto-no-superado');
    await page.getByRole('button', { name: 'Volver' }).click();

    // At the clinic: the operator adds fingers, then records the proof with a finger.
    const staff = await ApiSession.staff(system.server.url, operator);
    const stations = await staff.request<Array<{ id: string; name: string; readers: Array<{ id: string; name: string; driver: string; modality: string }> }>>('GET', '/api/biometrics/stations');
    const station = stations.find((s) => s.readers.some((r) => r.driver === 'simulado'))!;
    const reader = station.readers.find((r) => r.driver === 'simulado')!;
    const session = await staff.request<{ id: string }>('POST', '/api/biometrics/sessions', { curp: person.curp, stationId: station.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: reader.id });
    for (const position of [2, 7]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: {} });
    // The enrollment policy's minimum at a station: the other fingers documented as unavailable.
    for (const position of [1, 3, 4, 5, 6, 8]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}/unavailable`, { reason: 'lesion' });
    // …and the face, taken again at the counter.
    const camera = station.readers.find((r) => r.modality === 'rostro')!;
    await staff.request('POST', `/api/biometrics/readers/${camera.id}/status`, { connected: true });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: camera.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/face`, { frame: (await portrait('A')).toString('base64') });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/complete`);
    // The proof itself, on the operator's page at the counter (a desktop screen).
    // One browser profile for both screens: the pensioner's session gives way to the operator's.
    const counter = await system.browser.newPage({ width: 1280, height: 900 });
    await counter.context().clearCookies();
    await counter.goto(`${system.server.url}/ingresar/personal`);
    await counter.getByLabel(/^Matrícula/).fill(operator.matricula);
    await counter.getByLabel(/^OOAD/).selectOption(operator.ooadCode);
    await counter.getByLabel(/^Contraseña/).fill(operator.password);
    await counter.getByRole('button', { name: 'Ingresar' }).click();
    await counter.waitForURL(`${system.server.url}/operador`);
    await counter.getByRole('link', { name: 'Comprobar supervivencia' }).click();
    await counter.getByRole('heading', { name: 'Supervivencia en clínica' }).waitFor();
    await counter.getByLabel('CURP de la persona pensionada').fill(person.curp);
    await counter.getByLabel('Estación').click();
    await counter.getByRole('option', { name: station.name }).click();
    await counter.getByLabel('Lector de huella').click();
    await counter.getByRole('option', { name: reader.name }).click();
    await counter.getByRole('button', { name: 'Comprobar supervivencia' }).click();
    const approved = counter.getByText('Supervivencia comprobada.', { exact: false });
    await approved.waitFor({ timeout: 120_000 });
    await shot(counter, '08a-operador-supervivencia-en-clinica');
    const proof = { folio: /SUP-\d{8}-[0-9A-F]{10}/.exec(await approved.innerText())?.[0] ?? '' };
    expect(proof.folio).toMatch(/^SUP-/);
    const printed = await counter.request.get(`${system.server.url}/api/pension/clinic/constancias/${proof.folio}`);
    expect(printed.headers()['content-type']).toBe('application/pdf');
    // The operator's session ends; the pensioner logs in again on the phone.
    await counter.context().clearCookies();
    await counter.close();
    await page.goto(`${system.server.url}/pensionado/`);
    await page.getByLabel('CURP').fill(person.curp);
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('Supervivencia: Vigente').waitFor();
    const link = page.getByRole('link', { name: 'Descargar constancia' });
    await link.waitFor();
    await shot(page, '08-constancia-en-historial');
    const pdf = await page.request.get(`${system.server.url}/api/pension/me/constancias/${proof.folio}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // The QR's page, opened by anyone (a fresh page, no session).
    const stranger = await system.browser.newPage(PHONE);
    await stranger.context().clearCookies();
    await stranger.goto(`${system.server.url}/constancia/${proof.folio}`);
    await stranger.getByText('Constancia válida').waitFor();
    const text = await stranger.locator('body').innerText();
    expect(text).toContain(proof.folio);
    expect(text).not.toContain(person.curp);
    expect(text).not.toContain(person.firstSurname);
    await shot(stranger, '09-verificacion-publica');
  }, 600_000);

  it('shows a pensioner past due "en riesgo" to themself (payment not suspended) and to the supervisor, filterable by OOAD', async () => {
    // The demo pensioner's proof of life is 10 days past due (pension/demo-seed.ts).
    const page = await system.browser.newPage(PHONE);
    await page.context().clearCookies();
    await page.goto(`${system.server.url}/pensionado/`);
    await page.getByLabel('CURP').fill(pensioner.curp);
    await page.getByLabel('Contraseña').fill(pensioner.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('Supervivencia: En riesgo').waitFor();
    await page.getByText('Su pago no se suspende por esto.').waitFor();
    await shot(page, '10-en-riesgo-pensionado');

    await page.context().clearCookies();
    const desk = await system.browser.newPage({ width: 1280, height: 800 });
    await desk.goto(`${system.server.url}/ingresar/personal`);
    await desk.getByLabel(/^Matrícula/).fill(supervisor.matricula);
    await desk.getByLabel(/^OOAD/).selectOption(supervisor.ooadCode);
    await desk.getByLabel(/^Contraseña/).fill(supervisor.password);
    await desk.getByRole('button', { name: 'Ingresar' }).click();
    await desk.waitForURL(`${system.server.url}/supervisor`);
    await desk.getByRole('tab', { name: 'Pensionados en riesgo' }).click();
    const row = desk.getByRole('row').filter({ hasText: pensioner.curp });
    await row.getByText('En riesgo').waitFor();
    await shot(desk, '11-en-riesgo-supervisor');
    await desk.getByLabel('OOAD (clave)').fill('19');
    await desk.getByText('No hay pensionados con ese estado.').waitFor();
    const csv = await desk.request.get(`${system.server.url}/api/pension/staff/pensioners?status=en_riesgo&ooad=35&format=csv`);
    expect(await csv.text()).toContain(pensioner.curp);
  }, 300_000);
});
