import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDemoPerson } from '@siap/mx-identity';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { portrait } from '../packages/biometrics/src/face/test-fixtures.ts';
import { accessibilityViolations } from './harness/accessibility.ts';
import { ApiSession } from './harness/api-session.ts';
import { screenshot } from './harness/browser.ts';
import { launchBrowserWithCamera } from './harness/camera-browser.ts';
import { demoStaffLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

let operator: DemoStaffLogin;

const system = useSystemUnderTest({
  // The webcam shows a portrait made from a photo shipped in an npm package (test-fixtures.ts).
  launchBrowser: async () =>
    launchBrowserWithCamera(await sharp(await portrait('A')).resize(640, 480, { fit: 'contain', background: '#808080' }).jpeg({ quality: 92 }).toBuffer()),
  logName: 'npm-start-enrolamiento.log',
  afterStart: ({ server }) => {
    operator = demoStaffLogin(server.output(), 'operador');
  },
});

describe('estación de enrolamiento', () => {
  it('an operator registers a person from the registry and enrolls ten fingers (one unavailable) and the face', async () => {
    // In the demo registry (RENAPO) but not yet registered in SIAP.
    const person = makeDemoPerson(150);
    const facePhoto = join(tmpdir(), `siap-e2e-rostro-${process.pid}.jpg`);
    await writeFile(facePhoto, await portrait('A'));

    const page = await system.browser.newPage({ width: 1400, height: 900 });
    await page.goto(`${system.server.url}/ingresar/personal`);
    await page.getByLabel(/^Matrícula/).fill(operator.matricula);
    await page.getByLabel(/^OOAD/).selectOption(operator.ooadCode);
    await page.getByLabel(/^Contraseña/).fill(operator.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL(`${system.server.url}/operador`);
    await page.getByRole('link', { name: 'Enrolar a una persona' }).click();
    await page.getByRole('heading', { name: 'Estación de enrolamiento' }).waitFor();

    // 1. The person: not found, then registered against the registry.
    await page.getByLabel(/^CURP de la persona/).fill(person.curp);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByText('No hay un registro con esta CURP', { exact: false }).waitFor();
    await page.getByLabel(/^Nombre\(s\)/).fill(person.givenNames);
    await page.getByLabel(/^Primer apellido/).fill(person.firstSurname);
    if (person.secondSurname) await page.getByLabel(/^Segundo apellido/).fill(person.secondSurname);
    await page.getByRole('button', { name: 'Registrar persona' }).click();
    await page.getByTestId('enrollment-person').getByText(person.curp, { exact: false }).waitFor();

    // 2. The readers of the demo counter.
    await page.getByRole('combobox', { name: 'Estación' }).click();
    await page.getByRole('option', { name: 'Ventanilla de enrolamiento (demostración)' }).click();
    await page.getByRole('combobox', { name: 'Lector de huella' }).click();
    await page.getByRole('option', { name: 'Lector de huella simulado' }).click();
    await page.getByRole('combobox', { name: 'Cámara para el rostro' }).click();
    await page.getByRole('option', { name: 'Cámara web del navegador' }).click();
    // The person's express consent, attested by the operator, before the first capture (privacy).
    await page.getByRole('checkbox', { name: /otorga su consentimiento expreso/ }).check();
    await page.getByRole('button', { name: 'Iniciar captura' }).click();

    // 3. Fingers: one captured and retaken, one unavailable, the rest in one go.
    await page.getByRole('button', { name: 'Capturar pulgar derecho' }).click();
    await page.getByTestId('finger-1').getByText(/Calidad \d+\/100/).waitFor();
    await page.getByRole('button', { name: 'Recapturar pulgar derecho' }).click();
    await page.getByTestId('finger-1').getByText(/Calidad \d+\/100 · intento 2/).waitFor();
    await page.getByRole('button', { name: 'Marcar meñique izquierdo como no disponible' }).click();
    await page.getByTestId('finger-10').getByRole('combobox', { name: 'Motivo' }).click();
    await page.getByRole('option', { name: 'Amputación' }).click();
    await page.getByTestId('finger-10').getByRole('button', { name: 'Confirmar' }).click();
    await page.getByTestId('finger-10').getByText('No disponible: Amputación').waitFor();
    await page.getByRole('button', { name: 'Capturar los dedos pendientes' }).click();
    await page.getByRole('heading', { name: '3. Huellas (10 de 10: 9 capturadas, 1 no disponible)' }).waitFor({ timeout: 90_000 });

    // 4. The face: from the webcam (getUserMedia), then retaken from a photo (the upload fallback).
    await page.getByRole('button', { name: 'Encender cámara' }).click();
    await page.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0);
    await page.waitForTimeout(1_500);
    await page.getByRole('button', { name: 'Capturar rostro' }).click();
    await page.getByTestId('face-quality').or(page.getByTestId('face-error')).waitFor({ timeout: 90_000 });
    await screenshot(page, 'enrolamiento-camara');
    expect(await page.getByTestId('face-error').count() ? await page.getByTestId('face-error').textContent() : null).toBeNull();
    const faceSection = page.locator('section', { has: page.getByRole('heading', { name: '4. Rostro' }) });
    await faceSection.locator('input[type=file]').setInputFiles(facePhoto);
    await page.getByTestId('face-quality').getByText('intento 2').waitFor({ timeout: 60_000 });
    await screenshot(page, 'enrolamiento-capturas');
    expect(await accessibilityViolations(page)).toEqual([]);

    // 5. Completion: the 1:N search finds no one else, so the person is registered.
    await page.getByRole('button', { name: 'Concluir enrolamiento' }).click();
    const result = page.getByTestId('enrollment-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain('Registrado');
    await screenshot(page, 'enrolamiento-resultado');

    const counter = await ApiSession.staff(system.server.url, operator);
    const status = await counter.request<{ status: string; enrollments: Array<{ fingers: number[]; face: boolean; unavailableFingers: Array<{ position: number; reason: string }> }> }>(
      'GET',
      `/api/biometrics/people/${person.curp}/status?purpose=${encodeURIComponent('revisión del expediente biométrico')}`,
    );
    expect(status.status).toBe('registrado');
    expect(status.enrollments[0].fingers.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(status.enrollments[0].face).toBe(true);
    expect(status.enrollments[0].unavailableFingers).toEqual([{ position: 10, reason: 'amputacion' }]);
  });
});
