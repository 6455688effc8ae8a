import { copyFile, mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { portrait } from '../packages/biometrics/src/face/test-fixtures.ts';
import { ApiSession } from './harness/api-session.ts';
import { screenshot } from './harness/browser.ts';
import { launchBrowserWithCamera } from './harness/camera-browser.ts';
import { demoCurpLogin, demoStaffLogin, type DemoCurpLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

/** Screenshots also go to SHOTS_DIR (e.g. /work/wt/shots) when it is set. */
async function shot(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, `signature-${name}`);
  if (process.env.SHOTS_DIR) {
    await mkdir(process.env.SHOTS_DIR, { recursive: true });
    await copyFile(file, `${process.env.SHOTS_DIR}/signature-${name}.png`);
  }
}

/** The demo asegurada's line of the banner (modules/incapacity/demo-seed.ts). */
function aseguradaLogin(output: string): DemoCurpLogin {
  // Her line names her employer: other demo asegurados (issue 15's seed) may be listed too.
  const line = output.split('\n').find((l) => /^\s*asegurado\b/.test(l) && /\bCURP\b/.test(l) && l.includes('patrón de demostración'));
  const match = line && /CURP\s+([A-Z0-9]{18}).*contraseña\s+(\S+)/.exec(line);
  if (!match) throw new Error(`Could not read the demo asegurada's login from the output of npm start:\n${output}`);
  return { curp: match[1]!, password: match[2]! };
}

let medico: DemoStaffLogin;
let operator: DemoStaffLogin;
let asegurada: DemoCurpLogin;
let patron: DemoCurpLogin;
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };

const system = useSystemUnderTest({
  // The phone's front camera shows a still portrait (a photo shipped in an npm package).
  launchBrowser: async () => launchBrowserWithCamera(await sharp(await portrait('A')).resize(480, 640, { fit: 'contain', background: '#808080' }).jpeg({ quality: 92 }).toBuffer()),
  logName: 'npm-start-signature.log',
  afterStart: ({ server }) => {
    // The médico's banner line has the staff format; the helper's role list predates the role.
    medico = demoStaffLogin(server.output(), 'medico' as 'operador');
    operator = demoStaffLogin(server.output(), 'operador');
    asegurada = aseguradaLogin(server.output());
    patron = demoCurpLogin(server.output(), 'patron');
  },
});

async function staffLogin(page: Page, login: DemoStaffLogin): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${system.server.url}/ingresar/personal`);
  await page.getByLabel(/^Matrícula/).fill(login.matricula);
  await page.getByLabel(/^OOAD/).selectOption(login.ooadCode);
  await page.getByLabel(/^Contraseña/).fill(login.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

async function curpLogin(page: Page, login: DemoCurpLogin, portal: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${system.server.url}/ingresar/curp`);
  await page.getByLabel(/^CURP/).fill(login.curp);
  await page.getByLabel(/^Contraseña/).fill(login.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL(`${system.server.url}/${portal}`);
}

describe('firma biométrica de una incapacidad por maternidad', () => {
  it('the médico issues it, the asegurada reviews it and tries the face (a still camera fails the liveness challenge), signs with her finger at the clinic station (operator page), the employer sees it and the QR page says valid', async () => {
    const url = system.server.url;

    // At the counter, her face is added to her enrollment (the demo enrolled ten fingers only).
    const staff = await ApiSession.staff(url, operator);
    const stations = await staff.request<Array<{ id: string; name: string; readers: Array<{ id: string; driver: string; modality: string }> }>>('GET', '/api/biometrics/stations');
    const station = stations.find((s) => s.readers.some((r) => r.driver === 'simulado'))!;
    const fingerReader = station.readers.find((r) => r.driver === 'simulado')!;
    const camera = station.readers.find((r) => r.modality === 'rostro')!;
    const session = await staff.request<{ id: string }>('POST', '/api/biometrics/sessions', { curp: asegurada.curp, stationId: station.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: fingerReader.id });
    for (const position of [2, 7]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: {} });
    for (const position of [1, 3, 4, 5, 6, 8]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}/unavailable`, { reason: 'lesion' });
    await staff.request('POST', `/api/biometrics/readers/${camera.id}/status`, { connected: true });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: camera.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/face`, { frame: (await portrait('A')).toString('base64') });
    const completed = await staff.request<{ status: string }>('POST', `/api/biometrics/sessions/${session.id}/complete`);
    expect(completed.status).toBe('registrado');

    // 1. The médico issues the maternity certificate.
    const desk = await system.browser.newPage(DESK);
    await staffLogin(desk, medico);
    await desk.waitForURL(`${url}/medico`);
    await desk.goto(`${url}/medico/incapacidades`);
    await desk.getByLabel(/^CURP o NSS/).fill(asegurada.curp);
    await desk.getByLabel(/^Ramo/).click();
    await desk.getByRole('option', { name: 'Maternidad' }).click();
    await desk.getByLabel(/^Semanas prenatales/).click();
    await desk.getByRole('option', { name: '2' }).click();
    await desk.getByLabel(/^Diagnóstico/).fill('Z34.9');
    await shot(desk, '01-medico-expide');
    await desk.getByRole('button', { name: 'Expedir certificado' }).click();
    const created = desk.getByText(/Certificado INC-\d{8}-[0-9A-F]{10} expedido/);
    await created.waitFor();
    const folio = /INC-\d{8}-[0-9A-F]{10}/.exec((await created.textContent()) ?? '')![0];
    await desk.getByText('Pendiente de firma').first().waitFor();
    await shot(desk, '02-medico-expedido');

    // 2. The asegurada reviews it on her phone and tries to sign with her face.
    const phone = await system.browser.newPage(PHONE);
    await curpLogin(phone, asegurada, 'asegurado');
    await phone.goto(`${url}/asegurado/incapacidades`);
    await phone.getByText(`folio ${folio}`).waitFor();
    await phone.getByText('Subsidio: 100 %', { exact: false }).first().waitFor();
    await shot(phone, '03-asegurada-mis-incapacidades');
    await phone.getByRole('button', { name: 'Revisar y firmar' }).first().click();
    await phone.getByRole('button', { name: 'Abrir el documento' }).click();
    await phone.getByText('Huella digital (SHA-256)', { exact: false }).waitFor();
    await phone.getByRole('checkbox').check();
    await phone.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0);
    await shot(phone, '04-asegurada-revisa');
    await phone.getByRole('button', { name: 'Firmar con mi rostro' }).click();
    await phone.locator('ol.steps li').first().waitFor();
    await shot(phone, '05-asegurada-reto-de-vida');
    // The fake camera shows a still picture: the steps are not done, nothing is signed.
    const refusal = phone.locator('[role="alert"]');
    await refusal.waitFor({ timeout: 180_000 });
    expect(['LIVENESS_CHALLENGE_FAILED', 'LIVENESS_PAD_FAILED']).toContain(await refusal.getAttribute('data-error-code'));
    await shot(phone, '06-asegurada-reto-no-superado');

    // 3. At the clinic: she reads it on the counter's screen and signs with her finger (1:1, attended).
    await staffLogin(desk, operator);
    await desk.waitForURL(`${url}/operador`);
    await desk.goto(`${url}/operador/firma-incapacidad`);
    await desk.getByLabel(/^Folio del certificado/).fill(folio);
    await desk.getByRole('button', { name: 'Buscar' }).click();
    await desk.getByText('SHA-256 del documento mostrado', { exact: false }).waitFor();
    await desk.getByLabel(/^Estación/).click();
    await desk.getByRole('option', { name: station.name }).click();
    await shot(desk, '07-clinica-firma-con-huella');
    await desk.getByRole('button', { name: 'Firmar con la huella' }).click();
    const done = desk.getByText(/Folio de firma FIR-\d{8}-[0-9A-F]{10}/);
    await done.waitFor({ timeout: 120_000 });
    const signatureFolio = /FIR-\d{8}-[0-9A-F]{10}/.exec((await done.textContent()) ?? '')![0];
    const signed = { signatureFolio, verifyPath: `/firmas/${signatureFolio}` };
    await shot(desk, '08-clinica-firmado');
    await curpLogin(phone, asegurada, 'asegurado'); // one browser profile: the operator's login replaced hers
    await phone.goto(`${url}/asegurado/incapacidades`);
    await phone.getByText('Firmada', { exact: true }).first().waitFor();
    await shot(phone, '09-asegurada-firmada');

    // 4. The employer sees it with its subsidy and signature.
    const employer = await system.browser.newPage(DESK);
    await curpLogin(employer, patron, 'patron');
    await employer.goto(`${url}/patron/incapacidades`);
    await employer.getByText(`folio ${folio}`).waitFor();
    await employer.getByText('Firmada', { exact: true }).first().waitFor();
    await employer.getByRole('link', { name: 'Descargar certificado firmado (PDF)' }).first().waitFor();
    await shot(employer, '10-patron-ve-la-incapacidad');
    const pdf = await employer.request.get(`${url}/api/incapacidades/${folio}/firmado.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // 5. The QR's page, opened by anyone (no session).
    await employer.context().clearCookies();
    const stranger = await system.browser.newPage(PHONE);
    await stranger.goto(`${url}${signed.verifyPath}`);
    await stranger.getByText('Firma válida').waitFor();
    const text = await stranger.locator('body').innerText();
    expect(text).toContain(folio);
    expect(text).not.toContain(asegurada.curp);
    await shot(stranger, '11-verificacion-publica');
  }, 600_000);
});
