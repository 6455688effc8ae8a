// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttendanceDay, Justification, QuincenaAttendance } from '../../api/attendance.ts';
import { ApiClient } from '../../api/client.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { EMPLOYEE } from '../../testing/fake-server.ts';
import { AttendancePage } from './AttendancePage.tsx';
import { chooseQuincena, recentQuincenas } from './quincenas.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function day(date: string, extra: Partial<AttendanceDay> = {}): AttendanceDay {
  return {
    date,
    weekday: 1,
    kind: 'laboral',
    nonWorkingReason: null,
    shift: { id: 's', name: 'Matutina', start: '08:00', end: '16:00' },
    pending: false,
    upcoming: false,
    checkIn: { punchId: `${date}-in`, at: `${date}T14:00:00Z`, date, time: '07:55', method: 'huella', stationId: 'k' },
    checkOut: { punchId: `${date}-out`, at: `${date}T22:00:00Z`, date, time: '16:02', method: 'huella', stationId: 'k' },
    readings: 2,
    minutesLate: null,
    incidents: [],
    ...extra,
  };
}

/** A quincena with a retardo (open), a falta (justification pending) and a rest day read by face. */
function report(justifications: Justification[] = []): QuincenaAttendance {
  const pendingFalta = justifications.find((j) => j.incident === 'falta')?.id ?? 'j-1';
  const retardoPending = justifications.find((j) => j.incident === 'retardo' && j.status === 'pendiente')?.id ?? null;
  return {
    quincena: { id: '2026-Q21', label: '1.ª quincena de noviembre de 2026', start: '2026-11-01', end: '2026-11-15' },
    person: { id: 'p-1', givenNames: 'María Guadalupe', fullName: 'María Guadalupe López Ruiz', curp: 'LORM900101MDFPZR05', matricula: '99887766', ooad: { code: '35', name: 'Ciudad de México Norte' } },
    folio: 'ASI-2026-000001',
    timeZone: 'America/Mexico_City',
    generatedAt: '2026-11-25T10:00:00Z',
    days: [
      day('2026-11-01', { kind: 'descanso_semanal', shift: null, checkIn: null, checkOut: null, readings: 0 }),
      day('2026-11-03', {
        checkIn: { punchId: 'x', at: '2026-11-03T14:17:00Z', date: '2026-11-03', time: '08:17', method: 'rostro', stationId: 'k' },
        minutesLate: 17,
        incidents: [{ type: 'retardo', original: 'retardo', justified: false, justificationId: null, pendingJustificationId: retardoPending }],
      }),
      day('2026-11-05', {
        checkIn: null,
        checkOut: null,
        readings: 0,
        incidents: [{ type: 'falta', original: 'falta', justified: false, justificationId: null, pendingJustificationId: pendingFalta }],
      }),
    ],
    totals: { scheduledDays: 2, attendedDays: 1, pendingDays: 0, upcomingDays: 0, restDaysWorked: 0, incidents: { retardo: 1, falta: 1, omision_entrada: 0, omision_salida: 0 }, justifiedIncidents: 0 },
    justifications,
  };
}

/** Answers held back until the test lets them go, by quincena id: a slow network for one quincena. */
type Held = Partial<Record<string, Promise<void>>>;

/** The quincena before: one working day, its own date, so the test can tell which answer is shown. */
function octoberReport(): QuincenaAttendance {
  const base = report();
  return { ...base, quincena: { id: '2026-Q20', label: '2.ª quincena de octubre de 2026', start: '2026-10-16', end: '2026-10-31' }, days: [day('2026-10-20')] };
}

function renderPage(path: string, justifications: Justification[] = [], held: Held = {}) {
  const requests: Array<{ method: string; url: string; body: unknown }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, url, body });
    if (url === '/api/session') return json(200, EMPLOYEE.session);
    if (url === '/api/session/csrf') return json(200, { token: 't' });
    const quincena = /^\/api\/attendance\/quincenas\/([^/?]+)$/.exec(url)?.[1];
    if (method === 'GET' && quincena) await held[quincena];
    if (method === 'GET' && quincena === '2026-Q20') return json(200, octoberReport());
    if (method === 'GET' && url.startsWith('/api/attendance/quincenas/2026-Q21')) return json(200, report(justifications));
    if (method === 'GET' && url.startsWith('/api/attendance/quincenas/')) {
      return json(400, { error: { code: 'X', message: 'Sin datos de prueba para esta quincena.' } });
    }
    if (method === 'POST' && url === '/api/attendance/justifications') {
      const created: Justification = { id: 'j-2', personId: 'p-1', ...body, effect: 'cancelar', status: 'pendiente', requestedAt: '', decidedBy: null, decidedAt: null, decisionComment: null, history: [], attachments: [] };
      justifications.push(created);
      return json(201, created);
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'no' } });
  }) as typeof fetch;
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders client={new ApiClient({ fetch: fetchImpl })}>
        <Routes>
          <Route path="/empleado" element={<AttendancePage />} />
        </Routes>
      </AppProviders>
    </MemoryRouter>,
  );
  return requests;
}

afterEach(cleanup);

describe('employee attendance page', () => {
  it('shows each day with readings, method and incident state, and the totals', async () => {
    renderPage('/empleado?quincena=2026-Q21');
    const late = await screen.findByTestId('day-2026-11-03');
    expect(late.textContent).toContain('08:17');
    expect(late.textContent).toContain('17 min tarde');
    expect(late.textContent).toContain('Rostro y Huella');
    expect(within(late).getByText('Sin justificar')).toBeTruthy();
    const absent = screen.getByTestId('day-2026-11-05');
    expect(within(absent).getByText('Falta')).toBeTruthy();
    expect(within(absent).getByText('Justificación pendiente')).toBeTruthy();
    expect(within(absent).queryByRole('button', { name: /Justificar/ })).toBeNull();
    expect(screen.getByTestId('day-2026-11-01').textContent).toContain('Descanso semanal');
    expect(screen.getByTestId('quincena-label').textContent).toBe('1.ª quincena de noviembre de 2026');
    const totals = screen.getByTestId('totals');
    expect(totals.textContent).toContain('Retardos1');
    expect(totals.textContent).toContain('Faltas1');
    expect(screen.getByRole('link', { name: 'Descargar PDF' }).getAttribute('href')).toBe('/api/attendance/quincenas/2026-Q21/export.pdf');
    expect(screen.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')).toBe('/api/attendance/quincenas/2026-Q21/export.csv');
    expect(screen.getByRole('link', { name: 'Quincena anterior' }).getAttribute('href')).toBe('/empleado?quincena=2026-Q20');
  });

  it('requests a justification for an open incident with the reason, and shows it pending', async () => {
    const requests = renderPage('/empleado?quincena=2026-Q21');
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: /Justificar retardo/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Enviar solicitud' }));
    expect(within(dialog).getByText(/al menos 5 caracteres/)).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST' && r.url === '/api/attendance/justifications')).toBe(false);

    await user.type(within(dialog).getByLabelText(/Motivo/), 'Tráfico por cierre de la avenida');
    await user.click(within(dialog).getByRole('button', { name: 'Enviar solicitud' }));
    expect(await screen.findByText(/se envió; su supervisor la revisará/)).toBeTruthy();
    expect(requests.find((r) => r.method === 'POST' && r.url === '/api/attendance/justifications')?.body).toEqual({
      date: '2026-11-03',
      incident: 'retardo',
      reason: 'Tráfico por cierre de la avenida',
    });
    await waitFor(() => expect(within(screen.getByTestId('day-2026-11-03')).getByText('Justificación pendiente')).toBeTruthy());
  });

  it('shows why a justification was rejected, and lets the employee ask again', async () => {
    const rejected: Justification = {
      id: 'j-9',
      personId: 'p-1',
      date: '2026-11-03',
      incident: 'retardo',
      effect: 'cancelar',
      reason: 'Tráfico',
      status: 'rechazada',
      requestedAt: '2026-11-04T15:00:00Z',
      decidedBy: 'account:a-5',
      decidedAt: '2026-11-05T15:00:00Z',
      decisionComment: 'Sin comprobante',
      history: [],
      attachments: [],
    };
    renderPage('/empleado?quincena=2026-Q21', [rejected]);
    const late = await screen.findByTestId('day-2026-11-03');
    expect(within(late).getByText('Justificación rechazada')).toBeTruthy();
    expect(late.textContent).toContain('Motivo del rechazo: «Sin comprobante»');
    expect(within(late).getByRole('button', { name: /Justificar retardo/ })).toBeTruthy();
  });

  it('keeps the quincena on screen when a slower answer for the one left behind arrives later', async () => {
    let release!: () => void;
    const requests = renderPage('/empleado?quincena=2026-Q20', [], { '2026-Q20': new Promise<void>((resolve) => (release = resolve)) });
    const user = userEvent.setup({ delay: null });
    // The October answer is still on its way when the person moves on to November.
    await waitFor(() => expect(requests.some((r) => r.url === '/api/attendance/quincenas/2026-Q20')).toBe(true));
    await user.click(screen.getByRole('link', { name: 'Quincena siguiente' }));
    expect(await screen.findByTestId('day-2026-11-03')).toBeTruthy();

    await act(async () => {
      release();
      // Let the late answer be read and parsed (fetch → text → JSON) before looking again.
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(screen.getByTestId('quincena-label').textContent).toBe('1.ª quincena de noviembre de 2026');
    expect(screen.getByTestId('day-2026-11-03')).toBeTruthy();
    expect(screen.queryByTestId('day-2026-10-20')).toBeNull();
  });

  it('shows the server message when a quincena cannot be read', async () => {
    renderPage('/empleado?quincena=2026-Q05');
    expect((await screen.findByRole('alert')).textContent).toBe('Sin datos de prueba para esta quincena.');
  });
});

describe('quincena choice', () => {
  it('defaults to the current quincena of Mexico City and offers no next one', () => {
    // 05:00 UTC on 16 Nov is still 15 Nov in Mexico City (UTC−6).
    const choice = chooseQuincena(null, new Date('2026-11-16T05:00:00Z'));
    expect(choice).toEqual({ id: '2026-Q21', label: '1.ª quincena de noviembre de 2026', previous: '2026-Q20', next: null, future: false });
  });

  it('marks a quincena that has not begun as future, and lists recent ones for the selector', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(chooseQuincena('2099-Q01', now)).toMatchObject({ id: '2099-Q01', future: true, next: null });
    const recent = recentQuincenas(now, 3);
    expect(recent).toEqual([
      { id: '2026-Q22', label: '2.ª quincena de noviembre de 2026' },
      { id: '2026-Q21', label: '1.ª quincena de noviembre de 2026' },
      { id: '2026-Q20', label: '2.ª quincena de octubre de 2026' },
    ]);
  });

  it('reads an id from the address, crossing the year', () => {
    const choice = chooseQuincena('2026-Q01', new Date('2026-11-25T12:00:00Z'));
    expect(choice).toMatchObject({ id: '2026-Q01', previous: '2025-Q24', next: '2026-Q02' });
    expect(chooseQuincena('basura', new Date('2026-11-25T12:00:00Z')).id).toBe('2026-Q22');
  });
});
