// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../api/biometrics.ts';
import { ApiClient } from '../../api/client.ts';
import type { ClinicProofOutcome } from '../../api/pension-clinic.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { ClinicProofPage } from './ClinicProofPage.tsx';
import { testReader as reader } from '../../testing/stations.ts';

afterEach(cleanup);


const STATIONS: Station[] = [
  {
    id: 's-1',
    code: 'V-01',
    name: 'Ventanilla 1',
    ooadCode: null,
    readers: [reader('s-1', 'f-archivo', 'Imagen de huella (archivo)', 'archivo', 'huella'), reader('s-1', 'f-1', 'Lector de huella simulado', 'simulado', 'huella')],
  },
  { id: 's-2', code: 'V-02', name: 'Ventanilla 2', ooadCode: null, readers: [reader('s-2', 'c-2', 'Cámara web del navegador', 'camara_web', 'rostro')] },
];

const APPROVED: ClinicProofOutcome = { outcome: 'aprobada', reason: null, folio: 'SUP-20261206-0123456789', clinicRequired: false };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderPage() {
  const requests: Array<{ method: string; url: string; body: unknown }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    requests.push({ method, url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
    if (url === '/api/session/csrf') return json(200, { token: 't' });
    if (url === '/api/session') return json(401, { error: { code: 'AUTH_REQUIRED', message: 'Debe iniciar sesión.' } });
    if (url === '/api/biometrics/stations') return json(200, STATIONS);
    if (url === '/api/biometrics/readers/f-1/status') return json(200, { ...STATIONS[0]!.readers[1], connected: true });
    if (url === '/api/pension/clinic/proofs') return json(201, APPROVED);
    return json(404, { error: { code: 'NOT_FOUND', message: `No existe la ruta ${method} ${url}.` } });
  }) as typeof fetch;
  render(
    <AppProviders client={new ApiClient({ fetch: fetchImpl })}>
      <ClinicProofPage />
    </AppProviders>,
  );
  return requests;
}

describe('clinic proof page', () => {
  it('proves life with the reader chosen at the station offered first', async () => {
    const user = userEvent.setup();
    const requests = renderPage();
    // The first fingerprint reader is offered: here one that takes an image file, which it asks for.
    expect((await screen.findByRole('combobox', { name: 'Lector de huella' })).textContent).toBe('Imagen de huella (archivo)');
    expect(screen.getByRole('combobox', { name: 'Estación' }).textContent).toBe('Ventanilla 1');
    await screen.findByText('Cargar la imagen de la huella');

    await user.type(screen.getByLabelText(/CURP de la persona pensionada/), 'gorl800101hdfrzs09');
    await user.click(screen.getByRole('combobox', { name: 'Lector de huella' }));
    await user.click(screen.getByRole('option', { name: 'Lector de huella simulado' }));
    expect(screen.queryByText('Cargar la imagen de la huella')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Comprobar supervivencia' }));

    await screen.findByText('Supervivencia comprobada.', { exact: false });
    expect(requests.find((r) => r.url === '/api/pension/clinic/proofs')?.body).toEqual({
      curp: 'GORL800101HDFRZS09',
      stationId: 's-1',
      fingerReaderId: 'f-1',
      fingers: [{ position: 2, simulate: {} }],
    });
    expect(requests.some((r) => r.method === 'POST' && r.url === '/api/biometrics/readers/f-1/status')).toBe(true);
  });

  it('at a station without a fingerprint reader: says so and does not let the proof start', async () => {
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText(/CURP de la persona pensionada/), 'GORL800101HDFRZS09');
    await user.click(await screen.findByRole('combobox', { name: 'Estación' }));
    await user.click(await screen.findByRole('option', { name: 'Ventanilla 2' }));
    await screen.findByText('Esta estación no tiene lector de huella.');
    expect(screen.getByRole('button', { name: 'Comprobar supervivencia' }).hasAttribute('disabled')).toBe(true);
  });
});
