// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Station } from '../api/biometrics.ts';
import { ApiClient } from '../api/client.ts';
import { AppProviders } from '../app/AppProviders.tsx';
import { KioskPage } from './KioskPage.tsx';

// jsdom has WebCrypto but no IndexedDB: the kiosk key is made in memory instead of stored.
vi.mock('../api/kiosk.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/kiosk.ts')>();
  return {
    ...actual,
    kioskKey: async () => {
      const keyPair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      return { keyPair, publicKeySpki: actual.toBase64(await crypto.subtle.exportKey('spki', keyPair.publicKey)) };
    },
  };
});

const STATION_ID = '6f1c2b1e-5a41-4a3e-9d51-0c3f0f4b9a11';
const station = (ooadCode: string | null): Station => ({
  id: STATION_ID,
  code: 'QUIOSCO-01',
  name: 'Quiosco de asistencia, planta baja',
  ooadCode,
  readers: [
    { id: 'r-huella', stationId: STATION_ID, name: 'Lector USB', driver: 'simulado', modality: 'huella', connected: true, lastSeenAt: null },
    { id: 'r-camara', stationId: STATION_ID, name: 'Cámara', driver: 'camara_web', modality: 'rostro', connected: true, lastSeenAt: null },
  ],
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The kiosk's server at the fetch level: a paired kiosk (no person's session), one station, a scripted 1:1 answer. */
function kioskServer(ooadCode: string | null, verify: () => Response, options: { faceEnrolled?: boolean } = {}) {
  const requests: Array<{ method: string; url: string; body: Record<string, unknown> }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    requests.push({ method, url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : {} });
    if (url === '/api/session/csrf') return json(200, { token: 't' });
    if (url === '/api/session') return json(401, { error: { code: 'AUTH_REQUIRED', message: 'Debe iniciar sesión.' } });
    if (url === '/api/kiosk/session') {
      return json(200, { id: 'k-1', code: 'ABCD-EFGH', status: 'vinculado', station: { id: STATION_ID, code: 'QUIOSCO-01', name: 'Quiosco' }, createdAt: '2026-12-01T10:00:00Z', expiresAt: '2027-06-01T10:00:00Z' });
    }
    if (url === '/api/kiosk/face-enrolled') return json(200, { face: options.faceEnrolled ?? true });
    if (url === '/api/biometrics/stations') return json(200, [station(ooadCode)]);
    if (url.startsWith('/api/biometrics/readers/')) return json(200, station(ooadCode).readers[0]);
    if (url === '/api/biometrics/verify/matricula') return verify();
    if (url === '/api/attendance/check') {
      const reading = JSON.parse(String(init?.body)) as Record<string, unknown>;
      return json(201, { replayed: false, kind: 'entrada', name: 'Ana López Ruiz', record: { ...reading, id: 'rec-1', receivedAt: reading.capturedAt } });
    }
    return json(404, { error: { code: 'NOT_FOUND', message: `No existe la ruta ${method} ${url}.` } });
  }) as typeof fetch;
  render(
    <MemoryRouter initialEntries={[`/kiosco/${STATION_ID}`]}>
      <AppProviders client={new ApiClient({ fetch: fetchImpl })}>
        <Routes>
          <Route path="/kiosco/:stationId" element={<KioskPage />} />
        </Routes>
      </AppProviders>
    </MemoryRouter>,
  );
  return requests;
}

async function chooseFingerReader(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('combobox', { name: 'Lector de huella' }));
  await user.click(await screen.findByRole('option', { name: 'Lector USB' }));
}

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('kiosk page', () => {
  it('at a station with an OOAD: does not ask for one, looks the matrícula up there and shows the name', async () => {
    const requests = kioskServer('35', () => json(200, { personId: 'p-1', decision: 'coincide', score: 1.3, ooadCode: '35', name: 'Ana López Ruiz', verificationId: 'v-1' }));
    const user = userEvent.setup({ delay: null });
    await chooseFingerReader(user);
    expect(screen.queryByLabelText('OOAD de su matrícula')).toBeNull();
    expect(screen.getByText('OOAD Ciudad de México Norte (35)')).toBeTruthy();

    await user.type(screen.getByLabelText('Matrícula (opcional)'), ' 10000001 ');
    await user.click(await screen.findByRole('button', { name: 'Registrar con huella' }));
    const outcome = await screen.findByText(/Registro exitoso/);
    expect(outcome.textContent).toContain('Ana López Ruiz');
    expect(screen.getByTestId('kiosk-reading-kind').textContent).toBe('Entrada registrada');
    expect(requests.find((r) => r.url === '/api/biometrics/verify/matricula')?.body).toMatchObject({
      purpose: 'asistencia',
      matricula: '10000001',
      ooadCode: '35',
      stationId: STATION_ID,
      fingerReaderId: 'r-huella',
      fingers: [{ position: 2, simulate: {} }],
    });
    // The reading carries the server's grant for that match, never a score of the kiosk's.
    const reading = requests.find((r) => r.url === '/api/attendance/check')?.body;
    expect(reading).toMatchObject({ personId: 'p-1', method: 'huella', stationId: STATION_ID, verificationId: 'v-1' });
    expect(reading).not.toHaveProperty('verificationScore');
  });

  it('at a station without an OOAD: asks for it (preselecting the last one chosen here) and refuses a bad matrícula before asking the server', async () => {
    localStorage.setItem(`siap.kiosco.${STATION_ID}.ooad`, '19');
    const requests = kioskServer(null, () => json(200, {}));
    const user = userEvent.setup({ delay: null });
    await chooseFingerReader(user);
    expect((screen.getByLabelText('OOAD de su matrícula') as HTMLSelectElement).value).toBe('19');

    await user.type(screen.getByLabelText('Matrícula (opcional)'), '10-A');
    await user.click(screen.getByRole('button', { name: 'Registrar con huella' }));
    const alert = await within(screen.getByTestId('kiosk-outcome')).findByRole('alert');
    expect(alert.textContent).toContain('La matrícula se escribe solo con dígitos');
    expect(within(alert).getByTestId('kiosk-error-code').textContent).toBe('Código: MATRICULA_INVALID');
    expect(requests.some((r) => r.url === '/api/biometrics/verify/matricula')).toBe(false);
  });

  it('offers «Usar rostro» only for a matrícula whose face is enrolled', async () => {
    kioskServer('35', () => json(200, { personId: 'p-1', decision: 'no_coincide', score: 0.2, ooadCode: '35', name: null }), { faceEnrolled: false });
    const user = userEvent.setup({ delay: null });
    await chooseFingerReader(user);
    await user.type(screen.getByLabelText('Matrícula (opcional)'), '10000001');
    await user.click(screen.getByRole('button', { name: 'Registrar con huella' }));
    const alert = await within(screen.getByTestId('kiosk-outcome')).findByRole('alert');
    expect(within(alert).getByTestId('kiosk-error-code').textContent).toBe('Código: FINGER_NO_MATCH');
    expect(screen.queryByRole('button', { name: 'Usar rostro' })).toBeNull();
  });

  it('reports a reader that timed out with its code and offers the face, without queueing the reading', async () => {
    kioskServer('35', () => json(504, { error: { code: 'READER_TIMEOUT', message: 'El lector biométrico no respondió a tiempo. Verifique la conexión y vuelva a intentar.' } }));
    const user = userEvent.setup({ delay: null });
    await chooseFingerReader(user);
    await user.type(screen.getByLabelText('Matrícula (opcional)'), '10000001');
    // The face is offered once the kiosk knows this matrícula's face is enrolled.
    await screen.findByRole('button', { name: 'Usar rostro' });
    await user.click(screen.getByRole('button', { name: 'Registrar con huella' }));
    const alert = await within(screen.getByTestId('kiosk-outcome')).findByRole('alert');
    expect(alert.textContent).toContain('El lector biométrico no respondió a tiempo.');
    expect(within(alert).getByTestId('kiosk-error-code').textContent).toBe('Código: READER_TIMEOUT');
    expect(screen.getByTestId('kiosk-pending').textContent).toBe('Pendientes de envío: 0');

    await user.click(within(alert).getByRole('button', { name: 'Usar rostro' }));
    expect(await screen.findByRole('heading', { name: 'Con el rostro' })).toBeTruthy();
  });
});
