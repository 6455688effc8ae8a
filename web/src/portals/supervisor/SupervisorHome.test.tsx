// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingEnrollment } from '../../api/adjudication.ts';
import type { Justification } from '../../api/attendance.ts';
import { ApiClient } from '../../api/client.ts';
import type { GhostReport } from '../../api/reports.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { SupervisorHome } from './Home.tsx';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const SESSION = { accountId: 'a-5', role: 'supervisor', displayName: 'Rosa', matricula: '10000005', ooad: { code: '35', name: 'Ciudad de México Norte' } };
const JUSTIFICATION: Justification = {
  id: 'j-1',
  personId: 'p-1',
  date: '2026-11-05',
  incident: 'falta',
  effect: 'cancelar',
  reason: 'Cita médica en la UMF',
  status: 'pendiente',
  requestedAt: '2026-11-06T15:00:00Z',
  decidedBy: null,
  decidedAt: null,
  decisionComment: null,
  history: [{ event: 'solicitada', actor: 'account:a-1', comment: null, at: '2026-11-06T15:00:00Z' }],
  attachments: [],
};
const PENDING: PendingEnrollment[] = [
  {
    enrollmentId: 'e-2',
    personId: 'p-8',
    curp: 'BBBB800101HDFRRR02',
    version: 1,
    createdAt: '2026-11-20T16:00:00Z',
    candidates: [{ personId: 'p-7', curp: 'AAAA700101MDFRRR01', status: 'registrado', score: 3.21, fingerScore: 120.5, faceScore: null }],
    operatingPoint: { purpose: 'deduplicacion', targetFpir: 0.01, gallerySubjects: 1234, probeFingers: 10, fingerThreshold: 50.92, fingerFloor: 40, subjectFmr: 8.1e-6, faceThreshold: 0.9289 },
    review: null,
    mayDecide: true,
  },
  {
    enrollmentId: 'e-3',
    personId: 'p-9',
    curp: 'CCCC800101HDFRRR09',
    version: 1,
    createdAt: '2026-11-21T16:00:00Z',
    candidates: [{ personId: 'p-7', curp: 'AAAA700101MDFRRR01', status: 'registrado', score: 2.5, fingerScore: 90, faceScore: null }],
    review: null,
    mayDecide: false,
    operatingPoint: null,
  },
];
const PEOPLE: Record<string, object> = {
  AAAA700101MDFRRR01: { id: 'p-7', curp: 'AAAA700101MDFRRR01', givenNames: 'Ana', firstSurname: 'Pérez', secondSurname: 'Luna', birthDate: '1970-01-01', sex: 'M' },
  BBBB800101HDFRRR02: { id: 'p-8', curp: 'BBBB800101HDFRRR02', givenNames: 'Beto', firstSurname: 'Ruiz', secondSurname: null, birthDate: '1980-01-01', sex: 'H' },
};
const GHOSTS: GhostReport = {
  generatedAt: '2026-11-25T16:00:00Z',
  quincenas: 2,
  window: { from: '2026-Q21', to: '2026-Q22', label: 'de la 1.ª quincena de noviembre de 2026 a la 2.ª quincena de noviembre de 2026', start: '2026-11-01', end: '2026-11-30' },
  employees: [
    { personId: 'p-3', curp: 'CCCC900101HDFRRR03', name: 'Carla Díaz', role: 'empleado', matricula: '10000003', ooadCode: '35', reasons: ['sin_asistencia', 'sin_biometria'], lastCheckIn: null, biometricStatus: 'sin_registro', adjudication: null, matchedCurps: [] },
  ],
  counts: { sin_asistencia: 1, sin_biometria: 1, biometria_coincide: 0 },
  staffReviewed: 5,
};

function renderAt(path: string) {
  const requests: Array<{ method: string; url: string; body: unknown }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, url, body });
    if (url === '/api/session') return json(200, SESSION);
    if (url === '/api/session/csrf') return json(200, { token: 't' });
    if (url.startsWith('/api/reports/staff?')) return json(200, [{ personId: 'p-1', name: 'Ricardo Gómez', role: 'empleado', matricula: '10000001', ooadCode: '35' }]);
    if (url === '/api/attendance/justifications/pending') return json(200, [JUSTIFICATION]);
    if (url === '/api/attendance/justifications/j-1/decision') {
      const at = '2026-11-25T17:00:00Z';
      return json(200, { ...JUSTIFICATION, status: body.decision, decisionComment: body.comment, history: [...JUSTIFICATION.history, { event: body.decision, actor: 'account:a-5', comment: body.comment, at }] });
    }
    if (url === '/api/biometrics/adjudications') return json(200, PENDING);
    if (url.startsWith('/api/identities/')) return json(200, PEOPLE[decodeURIComponent(url.split('/')[3].split('?')[0])]);
    if (url === '/api/biometrics/enrollments/e-2/adjudication') {
      return json(200, { enrollmentId: 'e-2', personId: 'p-8', version: 1, status: 'pendiente', candidates: [], review: { stage: 'primera_decision', decision: body.decision, samePersonId: body.samePersonId, firstBy: 'a-5', secondBy: null } });
    }
    if (url === '/api/biometrics/enrollments/e-2/evidence?candidate=p-7') return json(200, EVIDENCE);
    if (url === '/api/biometrics/adjudications/decided') return json(200, DECIDED);
    if (url.startsWith('/api/reports/ghost-employees?')) return json(200, GHOSTS);
    return json(404, { error: { code: 'NOT_FOUND', message: `no ${url}` } });
  }) as typeof fetch;
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders client={new ApiClient({ fetch: fetchImpl })}>
        <Routes>
          <Route path="/supervisor" element={<SupervisorHome />} />
        </Routes>
      </AppProviders>
    </MemoryRouter>,
  );
  return requests;
}

/** A 1×1 PNG: what matters here is where the page puts the images and the minutiae. */
const DOT = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
const minutiae = (n: number) => Array.from({ length: n }, (_, i) => ({ x: 20 + i * 10, y: 30 + i * 7, direction: i / 3, type: i % 2 ? ('bifurcation' as const) : ('ending' as const) }));
const EVIDENCE = {
  enrollmentId: 'e-2',
  enrollee: { personId: 'p-8', curp: 'BBBB800101HDFRRR02', enrollmentId: 'e-2', face: DOT },
  candidate: { personId: 'p-7', curp: 'AAAA800101HDFRRR01', enrollmentId: 'e-1', face: DOT },
  fingers: [{ position: 2, score: 120.5, threshold: 40, enrollee: { image: DOT, width: 300, height: 400, minutiae: minutiae(12) }, candidate: { image: DOT, width: 300, height: 400, minutiae: minutiae(10) }, pairs: [[0, 1], [2, 3], [4, 5]] }],
};
const DECIDED = [
  { id: 'a-1', enrollmentId: 'e-0', version: 1, curp: 'DDDD800101HDFRRR04', decision: 'fraude', sameAsCurp: null, notes: 'Huellas de otra persona', decidedAt: '2026-11-20T16:30:00Z', supervisor: { name: 'José Luis Pérez', matricula: '10000005' }, confirmedBy: { name: 'Rosa Méndez', matricula: '10000017', notes: 'Confirmo: huellas de otra persona' } },
];

afterEach(cleanup);

describe('supervisor portal', () => {
  it('names who asked, requires a reason to reject, and moves a decided justification to the decided list', async () => {
    const requests = renderAt('/supervisor');
    const user = userEvent.setup({ delay: null });
    const list = await screen.findByRole('list', { name: 'Justificaciones pendientes' });
    const card = within(list).getByTestId('justification-j-1');
    await within(card).findByText('Ricardo Gómez (matrícula 10000001)');
    expect(card.textContent).toContain('«Cita médica en la UMF»');

    await user.click(within(card).getByRole('button', { name: 'Rechazar' }));
    expect(within(card).getByText('Indique el motivo del rechazo.')).toBeTruthy();
    expect(requests.some((r) => r.url.endsWith('/decision'))).toBe(false);

    await user.type(within(card).getByLabelText(/Comentario/), 'Sin constancia');
    await user.click(within(card).getByRole('button', { name: 'Rechazar' }));
    const decided = await screen.findByRole('list', { name: 'Justificaciones resueltas' });
    expect(decided.textContent).toContain('Rechazada el');
    expect(decided.textContent).toContain('«Sin constancia»');
    expect(requests.find((r) => r.url.endsWith('/decision'))?.body).toEqual({ decision: 'rechazada', comment: 'Sin constancia' });
    expect(screen.getByText('No hay justificaciones pendientes.')).toBeTruthy();
  });

  it('shows an enrollment beside the record it matched, with names and scores, and sends the decision', async () => {
    const requests = renderAt('/supervisor?vista=adjudicacion');
    const user = userEvent.setup({ delay: null });
    const [item, involved] = within(await screen.findByRole('list', { name: 'Enrolamientos pendientes' })).getAllByRole('listitem');
    await within(item).findByText('Ana Pérez Luna');
    expect(within(item).getByText('Beto Ruiz')).toBeTruthy();
    expect(item.textContent).toContain('3.21 (supera el umbral de 1.00)');
    expect(item.textContent).toContain('120.50');
    expect(item.textContent).toMatch(/Rostrosin dato/);
    // The threshold the duplicate was found at, and where it comes from.
    expect(within(item).getByTestId('operating-point').textContent).toBe(
      'Umbral de huellas 50.9 (FPIR objetivo 1 % con 1,234 personas en la galería, 10 dedos; nunca menor que el umbral 1:1 de 40)',
    );
    // Each identity read says why (it is audited).
    expect(requests.filter((r) => r.url.startsWith('/api/identities/')).every((r) => r.url.includes('purpose='))).toBe(true);

    // The evidence: both faces, the finger's two prints with every minutia, the three pairs joined.
    const evidence = await within(item).findByTestId('adjudication-evidence');
    expect(within(evidence).getAllByRole('img', { name: /^Rostro: / })).toHaveLength(2);
    const print = within(evidence).getByRole('img', { name: 'Índice derecho: 3 minucias emparejadas, puntaje 120.5 (umbral 40.0)' });
    expect(print.querySelectorAll('image')).toHaveLength(2);
    expect(within(evidence).getByTestId('minutia-pairs').querySelectorAll('line')).toHaveLength(3);
    expect(print.querySelectorAll('circle, rect')).toHaveLength(22);
    expect(requests.filter((r) => r.url.includes('/enrollments/e-2/evidence'))).toHaveLength(1);
    // Past decisions: who, what, why, when (es-MX, local time).
    const past = await screen.findByRole('table', { name: 'Decisiones anteriores' });
    expect(past.textContent).toContain('Fraude (rechazar)');
    expect(past.textContent).toContain('Propuso: José Luis Pérez, matrícula 10000005');
    // Four eyes: the confirming supervisor and their reason are listed too.
    expect(past.textContent).toContain('Confirmó: Rosa Méndez, matrícula 10000017');
    expect(past.textContent).toContain('Confirmación: Confirmo: huellas de otra persona');
    expect(past.textContent).toContain('Huellas de otra persona');
    expect(past.textContent).toContain('20 nov 2026, 10:30');
    // Four eyes: every case says a decision takes two supervisors; one the reader took part in offers no decision.
    expect(within(item).getByTestId('adjudication-stage').textContent).toContain('Paso 1 de 2');
    expect(within(involved).getByTestId('adjudication-stage').textContent).toContain('Usted participó en este enrolamiento');
    expect(within(involved).queryAllByRole('button')).toEqual([]);

    await user.click(within(item).getByRole('button', { name: 'Es la misma persona' }));
    expect(await screen.findByText(/Primera decisión registrada para la CURP BBBB800101HDFRRR02: es la misma persona. Falta la confirmación de otro supervisor/)).toBeTruthy();
    expect(requests.find((r) => r.url.endsWith('/adjudication'))?.body).toEqual({ decision: 'misma_persona', samePersonId: 'p-7', notes: null });
    // The case stays, waiting for the second supervisor, with no buttons for the first.
    expect(within(item).getByTestId('adjudication-stage').textContent).toMatch(/Paso 2 de 2: usted registró la primera decisión \(«Es la misma persona, CURP AAAA700101MDFRRR01»\)/);
    expect(within(item).queryAllByRole('button')).toEqual([]);
  });

  it('reads the ghost-employee report for the chosen number of quincenas, with its CSV link', async () => {
    const requests = renderAt('/supervisor?vista=fantasmas');
    const row = await screen.findByTestId('ghost-CCCC900101HDFRRR03');
    expect(row.textContent).toContain('Carla Díaz');
    expect(row.textContent).toContain('Sin asistencia');
    expect(row.textContent).toContain('Nunca');
    expect(screen.getByTestId('ghost-summary').textContent).toContain('Personal revisado: 5');
    expect(requests.some((r) => r.url.startsWith('/api/reports/ghost-employees?quincenas=2&purpose='))).toBe(true);
    expect(screen.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')).toMatch(/^\/api\/reports\/ghost-employees\.csv\?quincenas=2&purpose=/);
  });
});
