// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetentionCategory, RetentionSettingsView } from '../../api/privacy.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { ADMIN, fakeServer } from '../../testing/fake-server.ts';
import { apiError } from '../../testing/wire.ts';
import { RetentionPage } from './RetentionPage.tsx';

function settings(): RetentionSettingsView {
  const category = (name: string, dias: number, desde: string, descripcion: string): RetentionCategory => ({ category: name, dias, desde, descripcion, defaultDias: dias, change: null });
  return {
    version: '2026.1',
    blockingDays: 30,
    categories: [
      category('biometricos', 1825, 'ultimo_uso', 'Plantillas e imágenes de rostro y huellas: 5 años después de su último uso.'),
      category('asistencia', 1825, 'registro', 'Registros de asistencia: 5 años.'),
    ],
  };
}

/** The admin's page over a fake server that keeps the periods like the server does (the file's period undoes a change). */
function renderPage() {
  const state = settings();
  const server = fakeServer([ADMIN], {
    'GET /api/privacy/retention/settings': () => structuredClone(state),
    'PUT /api/privacy/retention/:category': ({ params, body }) => {
      const found = state.categories.find((c) => c.category === params.category);
      if (!found) return apiError(404, 'RETENTION_CATEGORY_UNKNOWN', `La política de datos no tiene la categoría «${params.category}».`);
      const { dias, reason } = body as { dias: number; reason: string };
      if (dias > 3650) return apiError(400, 'RETENTION_DAYS_INVALID', 'Plazo rechazado por el servidor de prueba.');
      found.dias = dias;
      found.change = dias === found.defaultDias ? null : { reason, by: `account:${ADMIN.session.accountId}`, at: '2026-12-06T18:00:00Z' };
      return found;
    },
  });
  server.loginAs(ADMIN.session);
  render(
    <MemoryRouter initialEntries={['/admin/conservacion']}>
      <AppProviders client={server.client}>
        <Routes>
          <Route path="/admin/conservacion" element={<RetentionPage />} />
        </Routes>
      </AppProviders>
    </MemoryRouter>,
  );
  return server;
}

afterEach(cleanup);

describe('admin retention page', () => {
  it('shows each category with the period in force and the policy one', async () => {
    renderPage();
    const row = await screen.findByTestId('retention-biometricos');
    expect(row.textContent).toContain('Datos biométricos (rostro y huellas)');
    expect(row.textContent).toContain('1,825 días (≈ 5 años) desde su último uso');
    expect(row.textContent).toContain('Sin cambios: el de la política');
  });

  it('checks the period and the reason before sending, then saves the change and shows it', async () => {
    const server = renderPage();
    const user = userEvent.setup({ delay: null });
    await screen.findByTestId('retention-biometricos');
    const days = screen.getByLabelText(/Plazo \(días\)/);
    await user.clear(days);
    await user.type(days, '0');
    await user.click(screen.getByRole('button', { name: 'Guardar plazo' }));
    expect(screen.getByText(/número entero de días entre 1 y 36,500/)).toBeTruthy();
    expect(screen.getByText(/al menos 5 caracteres/)).toBeTruthy();
    expect(server.requests.some((r) => r.method === 'PUT')).toBe(false);

    await user.clear(days);
    await user.type(days, '730');
    await user.type(screen.getByLabelText(/Motivo del cambio/), 'Acuerdo del comité 12/2026');
    await user.click(screen.getByRole('button', { name: 'Guardar plazo' }));
    expect(await screen.findByText('Plazo de «Datos biométricos (rostro y huellas)»: 730 días (≈ 2 años).')).toBeTruthy();
    expect(server.requests.find((r) => r.method === 'PUT')).toMatchObject({ url: '/api/privacy/retention/biometricos', body: { dias: 730, reason: 'Acuerdo del comité 12/2026' }, csrf: 'csrf-token' });
    const row = screen.getByTestId('retention-biometricos');
    expect(await within(row).findByText(/«Acuerdo del comité 12\/2026»/)).toBeTruthy();
    expect(row.textContent).toContain('730 días (≈ 2 años) desde su último uso');
  });

  it('shows the server message when it refuses the change', async () => {
    renderPage();
    const user = userEvent.setup({ delay: null });
    await screen.findByTestId('retention-biometricos');
    const days = screen.getByLabelText(/Plazo \(días\)/);
    await user.clear(days);
    await user.type(days, '5000');
    await user.type(screen.getByLabelText(/Motivo del cambio/), 'Ampliación solicitada');
    await user.click(screen.getByRole('button', { name: 'Guardar plazo' }));
    expect((await screen.findByText('Plazo rechazado por el servidor de prueba.')).closest('[data-error-code]')?.getAttribute('data-error-code')).toBe('RETENTION_DAYS_INVALID');
    expect(screen.getByTestId('retention-biometricos').textContent).toContain('Sin cambios');
  });
});
