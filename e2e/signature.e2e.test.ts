import { copyFile, mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiSession } from './harness/api-session.ts';
import { giveConsent } from './harness/consent.ts';
import { screenshot } from './harness/browser.ts';
import { launchBrowserWithCamera, launchBrowserWithHeadVideo } from './harness/camera-browser.ts';
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

/** The asegurada's face as photographed at the counter (the camera video's neutral frame). */
let face: Buffer;

const system = useSystemUnderTest({
  // The phone's front camera plays a rendered video of her turning, blinking and smiling, made
  // from one photo shipped in an npm package: frames injected as a camera's (see camera-browser.ts).
  launchBrowser: async () => {
    const camera = await launchBrowserWithHeadVideo();
    face = camera.face;
    return camera.browser;
  },
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
  it('the médico issues it; a still photo before the camera fails the liveness challenge; the asegurada signs it with her face (turn, blink, smile before the camera); the employer sees it and the QR page says valid; a second one is signed with her finger at the clinic station', async () => {
    const url = system.server.url;

    // At the counter, her face is added to her enrollment (the demo enrolled ten fingers only).
    const staff = await ApiSession.staff(url, operator);
    const stations = await staff.request<Array<{ id: string; name: string; readers: Array<{ id: string; driver: string; modality: string }> }>>('GET', '/api/biometrics/stations');
    const station = stations.find((s) => s.readers.some((r) => r.driver === 'simulado'))!;
    const fingerReader = station.readers.find((r) => r.driver === 'simulado')!;
    const camera = station.readers.find((r) => r.modality === 'rostro')!;
    await giveConsent(staff, asegurada.curp, station.id);
    const session = await staff.request<{ id: string }>('POST', '/api/biometrics/sessions', { curp: asegurada.curp, stationId: station.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: fingerReader.id });
    for (const position of [2, 7]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: {} });
    for (const position of [1, 3, 4, 5, 6, 8]) await staff.request('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}/unavailable`, { reason: 'lesion' });
    await staff.request('POST', `/api/biometrics/readers/${camera.id}/status`, { connected: true });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: camera.id });
    await staff.request('POST', `/api/biometrics/sessions/${session.id}/face`, { frame: face.toString('base64') });
    const completed = await staff.request<{ status: string }>('POST', `/api/biometrics/sessions/${session.id}/complete`);
    expect(completed.status).toBe('registrado');

    // 1. The médico issues the maternity certificate.
    const desk = await system.browser.newPage(DESK);
    await staffLogin(desk, medico);
    await desk.waitForURL(`${url}/medico`);
    const folio = await issueCertificate(desk, { ramo: 'Maternidad', prenatalWeeks: '2' });
    await desk.getByText('Pendiente de firma').first().waitFor();
    await shot(desk, '02-medico-expedido');

    // 2. A still photo of her before the camera (a browser whose camera shows her counter photo):
    //    the steps are not done, nothing is signed.
    const still = await launchBrowserWithCamera(face);
    try {
      const held = await still.newPage(PHONE);
      await curpLogin(held, asegurada, 'asegurado');
      await openForSigning(held, folio);
      await held.getByRole('button', { name: 'Firmar con mi rostro' }).click();
      await held.locator('ol.steps li').first().waitFor();
      const refusal = held.locator('[data-error-code]');
      await refusal.waitFor({ timeout: 180_000 });
      expect(await refusal.getAttribute('data-error-code')).toBe('LIVENESS_CHALLENGE_FAILED');
      await shot(held, '03-foto-fija-reto-no-superado');
    } finally {
      await still.close();
    }

    // 3. Her phone: she reviews it and signs with her face, doing the steps the page asks.
    const phone = await system.browser.newPage(PHONE);
    await curpLogin(phone, asegurada, 'asegurado');
    await phone.goto(`${url}/asegurado/incapacidades`);
    await phone.getByText(`folio ${folio}`).waitFor();
    await phone.getByText('Subsidio: 100 %', { exact: false }).first().waitFor();
    await shot(phone, '04-asegurada-mis-incapacidades');
    await openForSigning(phone, folio);
    await shot(phone, '05-asegurada-revisa');
    await phone.getByRole('button', { name: 'Firmar con mi rostro' }).click();
    await phone.locator('ol.steps li').first().waitFor();
    await shot(phone, '06-asegurada-reto-de-vida');
    const done = phone.getByText(/Folio de firma FIR-\d{8}-[0-9A-F]{10}/);
    const refused = phone.locator('[data-error-code]');
    await done.or(refused).first().waitFor({ timeout: 180_000 });
    if (await refused.isVisible()) {
      throw new Error(`The face signature was refused: ${await refused.getAttribute('data-error-code')}: ${await refused.innerText()}`);
    }
    const signatureFolio = /FIR-\d{8}-[0-9A-F]{10}/.exec((await done.textContent()) ?? '')![0];
    await shot(phone, '07-asegurada-firmo-con-su-rostro');
    await phone.goto(`${url}/asegurado/incapacidades`);
    await phone.getByText('Firmada', { exact: true }).first().waitFor();
    await shot(phone, '08-asegurada-firmada');

    // 4. The employer sees it with its subsidy and signature.
    const employer = await system.browser.newPage(DESK);
    await curpLogin(employer, patron, 'patron');
    await employer.goto(`${url}/patron/incapacidades`);
    await employer.getByText(`folio ${folio}`).waitFor();
    await employer.getByText('Firmada', { exact: true }).first().waitFor();
    await employer.getByRole('link', { name: 'Descargar certificado firmado (PDF)' }).first().waitFor();
    await shot(employer, '09-patron-ve-la-incapacidad');
    const pdf = await employer.request.get(`${url}/api/incapacidades/${folio}/firmado.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // 5. The QR's page, opened by anyone (no session): the signature is valid, made with the face.
    await employer.context().clearCookies();
    const stranger = await system.browser.newPage(PHONE);
    await stranger.goto(`${url}/firmas/${signatureFolio}`);
    await stranger.getByText('Firma válida').waitFor();
    const text = await stranger.locator('body').innerText();
    expect(text).toContain(folio);
    expect(text).toContain('con su rostro (prueba de vida)');
    expect(text).not.toContain(asegurada.curp);
    await shot(stranger, '10-verificacion-publica');

    // 6. At the clinic: a second certificate, read on the counter's screen and signed with her
    //    finger (1:1, attended), for whoever cannot use the phone.
    await staffLogin(desk, medico);
    await desk.waitForURL(`${url}/medico`);
    const second = await issueCertificate(desk, { ramo: 'Enfermedad general' });
    await staffLogin(desk, operator);
    await desk.waitForURL(`${url}/operador`);
    await desk.goto(`${url}/operador/firma-incapacidad`);
    await desk.getByLabel(/^Folio del certificado/).fill(second);
    await desk.getByRole('button', { name: 'Buscar' }).click();
    await desk.getByText('SHA-256 del documento mostrado', { exact: false }).waitFor();
    await desk.getByLabel(/^Estación/).click();
    await desk.getByRole('option', { name: station.name }).click();
    await shot(desk, '11-clinica-firma-con-huella');
    await desk.getByRole('button', { name: 'Firmar con la huella' }).click();
    await desk.getByText(/Folio de firma FIR-\d{8}-[0-9A-F]{10}/).waitFor({ timeout: 120_000 });
    await shot(desk, '12-clinica-firmado');
  }, 600_000);
});

/** The médico's form: issues a certificate for the asegurada and returns its folio. */
async function issueCertificate(desk: Page, options: { ramo: 'Maternidad' | 'Enfermedad general'; prenatalWeeks?: string }): Promise<string> {
  await desk.goto(`${system.server.url}/medico/incapacidades`);
  await desk.getByLabel(/^CURP o NSS/).fill(asegurada.curp);
  await desk.getByLabel(/^Ramo/).click();
  await desk.getByRole('option', { name: options.ramo }).click();
  if (options.prenatalWeeks) {
    await desk.getByLabel(/^Semanas prenatales/).click();
    await desk.getByRole('option', { name: options.prenatalWeeks }).click();
  }
  // CIE-10: supervision of a normal pregnancy; acute upper respiratory infection.
  await desk.getByLabel(/^Diagnóstico/).fill(options.ramo === 'Maternidad' ? 'Z34.9' : 'J06.9');
  await shot(desk, `01-medico-expide-${options.ramo === 'Maternidad' ? 'maternidad' : 'enfermedad'}`);
  await desk.getByRole('button', { name: 'Expedir certificado' }).click();
  const created = desk.getByText(/Certificado INC-\d{8}-[0-9A-F]{10} expedido/);
  await created.waitFor();
  return /INC-\d{8}-[0-9A-F]{10}/.exec((await created.textContent()) ?? '')![0];
}

/** On the asegurada's portal: opens the certificate's document and agrees to sign it. */
async function openForSigning(phone: Page, folio: string): Promise<void> {
  await phone.goto(`${system.server.url}/asegurado/incapacidades`);
  await phone.getByText(`folio ${folio}`).waitFor();
  await phone.getByRole('button', { name: 'Revisar y firmar' }).first().click();
  await phone.getByRole('button', { name: 'Abrir el documento' }).click();
  await phone.getByText('Huella digital (SHA-256)', { exact: false }).waitFor();
  await phone.getByRole('checkbox').check();
  await phone.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0);
}
