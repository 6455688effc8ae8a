// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../api/biometrics.ts';
import { ApiClient } from '../api/client.ts';
import { AppProviders } from '../app/AppProviders.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { ReaderPicker } from './ReaderPicker.tsx';
import { useReaderPicker, type ReaderPickerOptions } from './useReaderPicker.ts';
import { testReader as reader } from '../testing/stations.ts';

afterEach(cleanup);


/** A counter with a camera only, one with a file reader before a live one, one with a live reader. */
const STATIONS: Station[] = [
  { id: 's-rostro', code: 'V-00', name: 'Ventanilla sin lector', ooadCode: null, readers: [reader('s-rostro', 'c-0', 'Cámara de la ventanilla', 'camara_web', 'rostro')] },
  {
    id: 's-1',
    code: 'V-01',
    name: 'Ventanilla 1',
    ooadCode: null,
    readers: [
      reader('s-1', 'f-archivo', 'Imagen de huella (archivo)', 'archivo', 'huella'),
      reader('s-1', 'f-1', 'Lector de huella simulado', 'simulado', 'huella'),
      reader('s-1', 'c-1', 'Cámara web del navegador', 'camara_web', 'rostro'),
    ],
  },
  { id: 's-2', code: 'V-02', name: 'Ventanilla 2', ooadCode: null, readers: [reader('s-2', 'f-2', 'Lector USB de la ventanilla 2', 'simulado', 'huella')] },
];

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A page that uses the picker and shows what it would send: station, fingerprint reader, camera. */
function Counter({ options, disabled }: { options: ReaderPickerOptions; disabled?: boolean }) {
  const picker = useReaderPicker(options);
  return (
    <>
      <ErrorAlert error={picker.error} />
      <ReaderPicker picker={picker} disabled={disabled}>
        <span>Dedo</span>
      </ReaderPicker>
      <output aria-label="Selección">{[picker.station?.id ?? '-', picker.fingerReader?.id ?? '-', picker.faceReader?.id ?? '-'].join(' ')}</output>
    </>
  );
}

function renderCounter(options: ReaderPickerOptions, { disabled = false, stations = (): Response => json(200, STATIONS) } = {}) {
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    if (url === '/api/session/csrf') return json(200, { token: 't' });
    if (url === '/api/session') return json(401, { error: { code: 'AUTH_REQUIRED', message: 'Debe iniciar sesión.' } });
    if (url === '/api/biometrics/stations') return stations();
    return json(404, { error: { code: 'NOT_FOUND', message: `No existe la ruta ${url}.` } });
  }) as typeof fetch;
  render(
    <AppProviders client={new ApiClient({ fetch: fetchImpl })}>
      <Counter options={options} disabled={disabled} />
    </AppProviders>,
  );
}

const selection = () => screen.getByRole('status', { name: 'Selección' }).textContent;

async function optionsOf(user: ReturnType<typeof userEvent.setup>, combobox: string): Promise<string[]> {
  await user.click(screen.getByRole('combobox', { name: combobox }));
  const names = within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent ?? '');
  await user.keyboard('{Escape}');
  return names;
}

describe('ReaderPicker', () => {
  it('offers the default station and preselects its first suitable fingerprint reader; another station, its own reader', async () => {
    const user = userEvent.setup();
    renderCounter({
      defaultStationId: (stations) => stations.find((s) => s.readers.some((r) => r.modality === 'huella'))?.id,
      fingerReaderFilter: (r) => r.driver !== 'archivo',
    });
    await screen.findByText('s-1 f-1 -');
    expect(screen.getByRole('combobox', { name: 'Estación' }).textContent).toBe('Ventanilla 1');
    expect(screen.getByRole('combobox', { name: 'Lector de huella' }).textContent).toBe('Lector de huella simulado');
    expect(await optionsOf(user, 'Lector de huella')).toEqual(['Lector de huella simulado']);
    expect(screen.queryByRole('combobox', { name: 'Cámara para el rostro' })).toBeNull();
    // The page's own column shares the grid.
    expect(screen.getByText('Dedo')).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Estación' }));
    await user.click(screen.getByRole('option', { name: 'Ventanilla 2' }));
    expect(selection()).toBe('s-2 f-2 -');
    expect(screen.getByRole('combobox', { name: 'Lector de huella' }).textContent).toBe('Lector USB de la ventanilla 2');

    // A station without a fingerprint reader leaves none chosen.
    await user.click(screen.getByRole('combobox', { name: 'Estación' }));
    await user.click(screen.getByRole('option', { name: 'Ventanilla sin lector' }));
    expect(selection()).toBe('s-rostro - -');
  });

  it('without options: the first station, every fingerprint reader (the file reader too), the operator’s choice kept', async () => {
    const user = userEvent.setup();
    renderCounter({});
    await screen.findByText('s-rostro - -');
    await user.click(screen.getByRole('combobox', { name: 'Estación' }));
    await user.click(screen.getByRole('option', { name: 'Ventanilla 1' }));
    expect(selection()).toBe('s-1 f-archivo -');
    expect(await optionsOf(user, 'Lector de huella')).toEqual(['Imagen de huella (archivo)', 'Lector de huella simulado']);
    await user.click(screen.getByRole('combobox', { name: 'Lector de huella' }));
    await user.click(screen.getByRole('option', { name: 'Lector de huella simulado' }));
    expect(selection()).toBe('s-1 f-1 -');
  });

  it('optional readers with a camera: «Ninguno» until chosen, and a change of station drops the choice, even on coming back', async () => {
    const user = userEvent.setup();
    renderCounter({ defaultStationId: () => 's-1', withCamera: true, optional: true });
    await screen.findByText('s-1 - -');
    expect(await optionsOf(user, 'Lector de huella')).toEqual(['Ninguno', 'Imagen de huella (archivo)', 'Lector de huella simulado']);
    expect(await optionsOf(user, 'Cámara para el rostro')).toEqual(['Ninguna', 'Cámara web del navegador']);

    await user.click(screen.getByRole('combobox', { name: 'Lector de huella' }));
    await user.click(screen.getByRole('option', { name: 'Lector de huella simulado' }));
    await user.click(screen.getByRole('combobox', { name: 'Cámara para el rostro' }));
    await user.click(screen.getByRole('option', { name: 'Cámara web del navegador' }));
    expect(selection()).toBe('s-1 f-1 c-1');

    await user.click(screen.getByRole('combobox', { name: 'Estación' }));
    await user.click(screen.getByRole('option', { name: 'Ventanilla 2' }));
    expect(selection()).toBe('s-2 - -');
    // Back at the first counter, its readers are to be chosen again.
    await user.click(screen.getByRole('combobox', { name: 'Estación' }));
    await user.click(screen.getByRole('option', { name: 'Ventanilla 1' }));
    expect(selection()).toBe('s-1 - -');
  });

  it('disabled while a capture is under way', async () => {
    renderCounter({ withCamera: true }, { disabled: true });
    await screen.findByText('s-rostro - c-0');
    for (const name of ['Estación', 'Lector de huella', 'Cámara para el rostro']) {
      expect(screen.getByRole('combobox', { name }).getAttribute('aria-disabled')).toBe('true');
    }
  });

  it('says why the stations could not be loaded', async () => {
    renderCounter({}, { stations: () => json(503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'El servicio no está disponible.' } }) });
    expect((await screen.findByRole('alert')).textContent).toContain('El servicio no está disponible.');
    expect(selection()).toBe('- - -');
  });
});
