// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Station } from '../../api/biometrics.ts';
import { ApiClient } from '../../api/client.ts';
import type { Incapacidad, SignatureResult } from '../../api/incapacidades.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { IncapacidadFirmaPage } from './IncapacidadFirmaPage.tsx';
import { testReader as reader } from '../../testing/stations.ts';


/** The first station has a camera only; the second a file reader before a live one. */
const STATIONS: Station[] = [
  { id: 's-0', code: 'V-00', name: 'Ventanilla sin lector', ooadCode: null, readers: [reader('s-0', 'c-0', 'Cámara web del navegador', 'camara_web', 'rostro')] },
  {
    id: 's-1',
    code: 'V-01',
    name: 'Ventanilla 1',
    ooadCode: null,
    readers: [reader('s-1', 'f-archivo', 'Imagen de huella (archivo)', 'archivo', 'huella'), reader('s-1', 'f-1', 'Lector de huella simulado', 'simulado', 'huella')],
  },
];

const FOLIO = 'INC-20261206-0A1B2C3D4E';
const PDF = new TextEncoder().encode('%PDF-1.7 certificado de incapacidad');
const PDF_SHA256 = createHash('sha256').update(PDF).digest('hex');

const ITEM: Incapacidad = {
  folio: FOLIO,
  ramo: 'enfermedad_general',
  tipo: 'inicial',
  startDate: '2026-12-06',
  days: 3,
  endDate: '2026-12-08',
  diagnosisCode: 'J06.9',
  maternity: null,
  subsidy: {
    eligible: true,
    rate: 60,
    sbc: '472.19',
    dailyAmount: '283.31',
    paidDays: 0,
    firstPaidDate: null,
    total: '0.00',
    weeksContributed: 52,
    requiredWeeks: 4,
    historySource: 'patron',
    checks: [],
    reason: null,
  },
  patient: { curp: 'VECY710913MQRLRL09', nss: '12345678903', name: 'Ana Velázquez Cruz' },
  employer: { name: 'Taller Pérez', registro: 'Y5412345108' },
  documentSha256: PDF_SHA256,
  issuedAt: '2026-12-06T16:00:00.000Z',
  signature: null,
};

const SIGNED: SignatureResult = { folio: FOLIO, signatureFolio: 'FIR-20261206-9F8E7D6C5B', documentSha256: PDF_SHA256, timestampedAt: '2026-12-06T16:05:00.000Z', verifyPath: '/firmas/FIR-20261206-9F8E7D6C5B' };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let requests: Array<{ method: string; url: string; body: unknown }> = [];
const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  const method = init?.method ?? 'GET';
  requests.push({ method, url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
  if (url === '/api/session/csrf') return json(200, { token: 't' });
  if (url === '/api/session') return json(401, { error: { code: 'AUTH_REQUIRED', message: 'Debe iniciar sesión.' } });
  if (url === '/api/biometrics/stations') return json(200, STATIONS);
  if (url === '/api/biometrics/readers/f-1/status') return json(200, { ...STATIONS[1]!.readers[1], connected: true });
  if (url === `/api/incapacidades/${FOLIO}`) return json(200, ITEM);
  // Only what the page reads of the PDF's response; a real Response's bytes come from another realm than jsdom's WebCrypto accepts.
  if (url === `/api/incapacidades/${FOLIO}/documento.pdf`) return { ok: true, arrayBuffer: async () => PDF.slice().buffer } as unknown as Response;
  if (url === `/api/incapacidades/${FOLIO}/firma/huella`) return json(201, SIGNED);
  return json(404, { error: { code: 'NOT_FOUND', message: `No existe la ruta ${method} ${url}.` } });
}) as typeof fetch;

const createObjectURL = URL.createObjectURL;
beforeEach(() => {
  requests = [];
  // The page fetches the PDF itself (to hash what is shown) and opens it from a blob URL, which jsdom lacks.
  vi.stubGlobal('fetch', fetchImpl);
  URL.createObjectURL = () => 'blob:certificado';
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  URL.createObjectURL = createObjectURL;
});

describe('incapacidad signature at the clinic', () => {
  it('offers the first station with a live fingerprint reader and signs the hash of the document shown', async () => {
    const user = userEvent.setup();
    render(
      <AppProviders client={new ApiClient({ fetch: fetchImpl })}>
        <IncapacidadFirmaPage />
      </AppProviders>,
    );
    await user.type(screen.getByLabelText(/Folio del certificado/), FOLIO.toLowerCase());
    await user.click(screen.getByRole('button', { name: 'Buscar' }));
    await screen.findByText(PDF_SHA256);

    expect(screen.getByRole('combobox', { name: 'Estación' }).textContent).toBe('Ventanilla 1');
    // A signature needs a finger on the glass: the file reader is not offered.
    expect(screen.getByRole('combobox', { name: 'Lector de huella' }).textContent).toBe('Lector de huella simulado');
    await user.click(screen.getByRole('combobox', { name: 'Lector de huella' }));
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Lector de huella simulado']);
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Firmar con la huella' }));
    await screen.findByText(SIGNED.signatureFolio);
    expect(requests.find((r) => r.url.endsWith('/firma/huella'))?.body).toEqual({
      stationId: 's-1',
      fingerReaderId: 'f-1',
      fingers: [{ position: 2, simulate: {} }],
      documentSha256: PDF_SHA256,
    });
  });
});
