// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incapacidad } from '../../api/incapacidades.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { fakeServer, type FakeAccount } from '../../testing/fake-server.ts';
import { IncapacidadesPage } from './IncapacidadesPage.tsx';

const PATRON: FakeAccount = {
  kind: 'curp',
  login: 'PEGA800101HDFRRN05',
  password: 'Patron2026x',
  session: { accountId: 'a-9', role: 'patron', displayName: 'Taller Pérez', matricula: null, ooad: null },
};

/** Two certificados as GET /api/incapacidades/patron answers them (typed by incapacity/schema.ts): one signed maternity, one refused subsidy. */
const SIGNED: Incapacidad = {
  folio: 'INC-20261201-0A1B2C3D4E',
  ramo: 'maternidad',
  tipo: 'inicial',
  startDate: '2026-12-01',
  days: 84,
  endDate: '2027-02-22',
  diagnosisCode: 'Z34.9',
  maternity: { prenatalDays: 28, postnatalDays: 56, weeksTransferred: 2, probableBirthDate: '2026-12-29' },
  subsidy: {
    eligible: true,
    rate: 100,
    sbc: '472.19',
    dailyAmount: '472.19',
    paidDays: 84,
    firstPaidDate: '2026-12-01',
    total: '39663.96',
    weeksContributed: 52,
    requiredWeeks: 30,
    historySource: 'patron',
    checks: [{ rule: 'Al menos 30 cotizaciones semanales en los 12 meses anteriores al inicio del subsidio', source: 'LSS art. 102 fr. I', met: true, detail: '52 semanas' }],
    reason: null,
  },
  patient: { curp: 'VECY710913MQRLRL09', nss: '12345678903', name: 'Ana Velázquez Cruz' },
  employer: { name: 'Taller Pérez', registro: 'Y5412345108' },
  documentSha256: 'a'.repeat(64),
  issuedAt: '2026-12-01T16:00:00.000Z',
  signature: { folio: 'FIR-20261201-9F8E7D6C5B', modality: 'huella', timestampedAt: '2026-12-01T16:05:00.000Z' },
};
const REFUSED: Incapacidad = {
  ...SIGNED,
  folio: 'INC-20261202-1122334455',
  ramo: 'enfermedad_general',
  days: 3,
  endDate: '2026-12-04',
  diagnosisCode: 'J06.9',
  maternity: null,
  subsidy: { ...SIGNED.subsidy, eligible: false, rate: 60, paidDays: 0, firstPaidDate: null, total: '0.00', weeksContributed: 2, requiredWeeks: 4, checks: [], reason: 'Tiene 2 de las 4 cotizaciones semanales que pide la ley.' },
  patient: { curp: 'GOMC600101MDFMRR08', nss: null, name: 'Carmen Gómez' },
  signature: null,
};

function renderPage(list: Incapacidad[]) {
  const server = fakeServer([PATRON], { 'GET /api/incapacidades/patron': () => list });
  server.loginAs(PATRON.session);
  render(
    <MemoryRouter>
      <AppProviders client={server.client}>
        <IncapacidadesPage />
      </AppProviders>
    </MemoryRouter>,
  );
  return server;
}

afterEach(cleanup);

describe("the patrón's incapacidades page", () => {
  it('shows each certificado with its worker, its days, the subsidy and whether it is signed, with the signed PDF of a signed one', async () => {
    renderPage([SIGNED, REFUSED]);
    const signed = (await screen.findByText(/folio INC-20261201-0A1B2C3D4E/)).closest('.MuiCardContent-root') as HTMLElement;
    expect(signed.textContent).toContain('Ana Velázquez Cruz · CURP VECY710913MQRLRL09 · NSS 12345678903');
    expect(signed.textContent).toContain('84 días, del 2026-12-01 al 2027-02-22');
    expect(signed.textContent).toContain('prenatal 28 días, posnatal 56 días, fecha probable de parto 2026-12-29');
    expect(signed.textContent).toContain('Subsidio: 100 % de 472.19 = 472.19 diarios por 84 días (total 39663.96).');
    expect(signed.textContent).toContain('✔ Al menos 30 cotizaciones semanales');
    expect(within(signed).getByText('Firmada')).toBeTruthy();
    expect(within(signed).getByRole('link', { name: 'Descargar certificado firmado (PDF)' }).getAttribute('href')).toBe('/api/incapacidades/INC-20261201-0A1B2C3D4E/firmado.pdf');
    expect(within(signed).getByRole('link', { name: /verificación pública/ }).getAttribute('href')).toBe('/firmas/FIR-20261201-9F8E7D6C5B');

    const refused = (await screen.findByText(/folio INC-20261202-1122334455/)).closest('.MuiCardContent-root') as HTMLElement;
    expect(refused.textContent).toContain('NSS —');
    expect(refused.textContent).toContain('Sin subsidio del Instituto: Tiene 2 de las 4 cotizaciones semanales que pide la ley.');
    expect(within(refused).getByText('Pendiente de firma')).toBeTruthy();
    expect(within(refused).queryByRole('link', { name: 'Descargar certificado firmado (PDF)' })).toBeNull();
  });

  it('says so when no worker has a certificado', async () => {
    renderPage([]);
    expect(await screen.findByText('Ninguna persona trabajadora tiene certificados de incapacidad.')).toBeTruthy();
  });
});
