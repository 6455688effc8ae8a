// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffPensionerRow } from '../../api/pension.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { fakeServer, type FakeAccount } from '../../testing/fake-server.ts';
import { PensionersPanel } from './PensionersPanel.tsx';

const SUPERVISOR: FakeAccount = {
  kind: 'matricula',
  login: '55667788',
  ooadCode: '35',
  password: 'Supervisa2026',
  session: { accountId: 'a-7', role: 'supervisor', displayName: 'Rosa', matricula: '55667788', ooad: { code: '35', name: 'Ciudad de México Norte' } },
};

/** Rows as GET /api/pension/staff/pensioners answers them (typed by pension/schema.ts). */
const ROWS: StaffPensionerRow[] = [
  { curp: 'VECY710913MQRLRL09', name: 'Yolanda Velázquez de la Cruz', ooadCode: '35', status: 'por_vencer', nextDueDate: '2027-01-05', daysLeft: 30, biometricStatus: 'registro_parcial_rostro' },
  { curp: 'GOMC600101MDFMRR08', name: 'Carmen Gómez', ooadCode: null, status: 'en_riesgo', nextDueDate: '2026-11-20', daysLeft: -16, biometricStatus: 'completo' },
];

function renderPanel() {
  const server = fakeServer([SUPERVISOR], { 'GET /api/pension/staff/pensioners': ({ query }) => ROWS.filter((r) => query.get('status') === 'todos' || r.status === query.get('status')) });
  server.loginAs(SUPERVISOR.session);
  render(
    <MemoryRouter>
      <AppProviders client={server.client}>
        <PensionersPanel />
      </AppProviders>
    </MemoryRouter>,
  );
  return server;
}

afterEach(cleanup);

describe("the supervisor's pensioners panel", () => {
  it('lists the pensioners por vencer and en riesgo with their OOAD and due date, filters by status and exports the same filter as CSV', async () => {
    const server = renderPanel();
    const table = await screen.findByRole('table', { name: 'Pensionados por estado de supervivencia' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(first.textContent).toBe('Yolanda Velázquez de la CruzVECY710913MQRLRL0935Por vencer2027-01-05 (en 30 días)');
    expect(second.textContent).toBe('Carmen GómezGOMC600101MDFMRR08—En riesgo2026-11-20 (vencida hace 16 días)');

    await userEvent.click(screen.getByRole('combobox', { name: 'Estado' }));
    await userEvent.click(await screen.findByRole('option', { name: 'En riesgo' }));
    await screen.findByText('Carmen Gómez');
    expect(screen.queryByText('Yolanda Velázquez de la Cruz')).toBeNull();
    expect(server.requests.at(-1)?.url).toBe('/api/pension/staff/pensioners?status=en_riesgo');
    expect(screen.getByRole('link', { name: 'Exportar CSV' }).getAttribute('href')).toBe('/api/pension/staff/pensioners?status=en_riesgo&format=csv');
  });
});
