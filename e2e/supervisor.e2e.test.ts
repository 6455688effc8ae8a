import { makeDemoPerson } from '@siap/mx-identity';
import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { portrait } from '../packages/biometrics/src/face/test-fixtures.ts';
import { accessibilityViolations } from './harness/accessibility.ts';
import { launchBrowser, screenshot } from './harness/browser.ts';
import { demoStaffLogin, type DemoStaffLogin } from './harness/demo-logins.ts';
import { useSystemUnderTest } from './harness/system.ts';

let supervisor: DemoStaffLogin;
let operator: DemoStaffLogin;
let admin: DemoStaffLogin;
/** Two of the demo's registered people without an account (server/src/modules/demo/seed.ts). */
const first = makeDemoPerson(7);
const second = makeDemoPerson(8);

const system = useSystemUnderTest({
  launchBrowser,
  logName: 'npm-start-supervisor.log',
  afterStart: ({ server }) => {
    supervisor = demoStaffLogin(server.output(), 'supervisor');
    operator = demoStaffLogin(server.output(), 'operador');
    admin = demoStaffLogin(server.output(), 'admin');
  },
  // Tests share one browser profile; each starts logged out, whatever the previous one left.
  beforeEachTest: ({ browser }) => browser.context.clearCookies(),
});

/**
 * What an operator at the demo enrollment station does, through the API: the first person enrolls
 * with the simulated scanner, the second presents the first person's fingers (the simulated
 * scanner's `identity`), which the 1:N search must catch as a possible duplicate.
 */
async function enrollDuplicate(request: APIRequestContext) {
  const login = await request.post(`${system.server.url}/api/auth/employee-login`, { data: { matricula: operator.matricula, ooadCode: operator.ooadCode, password: operator.password } });
  expect(login.status()).toBe(200);
  const { token } = (await (await request.get(`${system.server.url}/api/session/csrf`)).json()) as { token: string };
  const post = async (path: string, data: unknown = {}) => {
    const response = await request.post(`${system.server.url}/api/biometrics${path}`, { data, headers: { 'x-csrf-token': token } });
    expect(response.status(), await response.text()).toBeLessThan(300);
    return response.json();
  };
  const stations = (await (await request.get(`${system.server.url}/api/biometrics/stations`)).json()) as Array<{ id: string; readers: Array<{ id: string; driver: string }> }>;
  const station = stations.find((s) => s.readers.some((r) => r.driver === 'simulado'));
  if (!station) throw new Error('the demo has no station with a simulated scanner');
  const reader = station.readers.find((r) => r.driver === 'simulado')!;
  const camera = station.readers.find((r) => r.driver === 'camara_web')!;
  const face = (await portrait('A')).toString('base64');
  const results: string[] = [];
  const notice = (await (await request.get(`${system.server.url}/api/privacy/notice`)).json()) as { version: string };
  for (const [person, identity] of [[first, undefined], [second, first.curp]] as const) {
    // The person's express consent, attested by the operator, comes before any capture.
    const consent = await request.post(`${system.server.url}/api/privacy/consents`, {
      data: { curp: person.curp, stationId: station.id, noticeVersion: notice.version, scope: 'datos_biometricos', granted: true },
      headers: { 'x-csrf-token': token },
    });
    expect(consent.status(), await consent.text()).toBeLessThan(300);
    const session = await post('/sessions', { curp: person.curp, stationId: station.id });
    await post(`/sessions/${session.id}/reader`, { readerId: reader.id });
    await post(`/sessions/${session.id}/reader`, { readerId: camera.id });
    for (const position of [2, 7]) await post(`/sessions/${session.id}/fingers/${position}`, { simulate: identity ? { identity, impression: 3 } : {} });
    // The enrollment policy: 8 fingers captured or documented absent, and the face.
    for (const position of [1, 3, 4, 5, 6, 8]) await post(`/sessions/${session.id}/fingers/${position}/unavailable`, { reason: 'vendaje' });
    await post(`/sessions/${session.id}/face`, { frame: face });
    results.push((await post(`/sessions/${session.id}/complete`)).status);
  }
  expect(results).toEqual(['registrado', 'pendiente']);
  await request.post(`${system.server.url}/api/auth/logout`, { headers: { 'x-csrf-token': token } });
}

/**
 * Adjudications take two supervisors (issue 19, four eyes). The demo has one; an admin gives a
 * second account to a registered person (demo seed 9), who records the first decision by API.
 */
async function firstDecisionByAnotherSupervisor(request: APIRequestContext, decision: string) {
  const csrf = async () => ((await (await request.get(`${system.server.url}/api/session/csrf`)).json()) as { token: string }).token;
  const other = makeDemoPerson(9);
  const password = 'SegundoSupervisor2025';
  expect((await request.post(`${system.server.url}/api/auth/employee-login`, { data: { matricula: admin.matricula, ooadCode: admin.ooadCode, password: admin.password } })).status()).toBe(200);
  let token = await csrf();
  const created = await request.post(`${system.server.url}/api/accounts`, { data: { curp: other.curp, role: 'supervisor', matricula: '10000099', ooadCode: admin.ooadCode, password }, headers: { 'x-csrf-token': token } });
  expect(created.status(), await created.text()).toBe(201);
  await request.post(`${system.server.url}/api/auth/logout`, { headers: { 'x-csrf-token': token } });
  expect((await request.post(`${system.server.url}/api/auth/employee-login`, { data: { matricula: '10000099', ooadCode: admin.ooadCode, password } })).status()).toBe(200);
  token = await csrf();
  const pending = (await (await request.get(`${system.server.url}/api/biometrics/adjudications`)).json()) as Array<{ enrollmentId: string; curp: string }>;
  const item = pending.find((p) => p.curp === second.curp);
  if (!item) throw new Error('the duplicate is not pending');
  const first = await request.post(`${system.server.url}/api/biometrics/enrollments/${item.enrollmentId}/adjudication`, { data: { decision, notes: 'Primera revisión.' }, headers: { 'x-csrf-token': token } });
  expect(first.status(), await first.text()).toBe(200);
  await request.post(`${system.server.url}/api/auth/logout`, { headers: { 'x-csrf-token': token } });
}

/** Screenshots after the tab indicator and ripples finished moving and the web font is in. */
async function settled(page: Page, name: string) {
  await page.evaluate(() => Promise.allSettled([document.fonts.ready, ...document.getAnimations().map((a) => a.finished)]));
  await screenshot(page, name);
}

async function login(page: Page) {
  await page.goto(`${system.server.url}/ingresar/personal`);
  await page.getByLabel(/^Matrícula/).fill(supervisor.matricula);
  await page.getByLabel(/^OOAD/).selectOption(supervisor.ooadCode);
  await page.getByLabel(/^Contraseña/).fill(supervisor.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL(`${system.server.url}/supervisor`);
}

describe('portal del supervisor', () => {
  it('decides the demo justification, adjudicates a duplicate enrollment and reads the ghost-employee report', async () => {
    await enrollDuplicate(system.browser.context.request);
    await system.browser.context.clearCookies();
    await firstDecisionByAnotherSupervisor(system.browser.context.request, 'fraude');
    await system.browser.context.clearCookies();
    const page = await system.browser.newPage({ width: 1280, height: 900 });
    await login(page);

    // Justifications: the demo employee's falta, with who asked, the reason and the history.
    const pending = page.getByRole('list', { name: 'Justificaciones pendientes' });
    await pending.waitFor();
    const card = pending.getByRole('listitem').filter({ hasText: 'Cita médica' });
    // The name comes from the staff directory, which may answer after the card is shown.
    await card.getByText(/\(matrícula 10000001\)/).waitFor();
    expect(await card.textContent()).toMatch(/Falta del .*Persona trabajadora: .+\(matrícula 10000001\)/);
    expect(await card.textContent()).toContain('Solicitada el');
    await card.getByRole('button', { name: 'Rechazar' }).click();
    await card.getByText('Indique el motivo del rechazo.').waitFor();
    await settled(page, 'supervisor-justificaciones');
    expect(await accessibilityViolations(page)).toEqual([]);
    await card.getByLabel(/^Comentario/).fill('Constancia recibida.');
    await card.getByRole('button', { name: 'Aprobar' }).click();
    const decided = page.getByRole('list', { name: 'Justificaciones resueltas' });
    await decided.waitFor();
    expect(await decided.textContent()).toContain('Aprobada');
    expect(await decided.textContent()).toContain('«Constancia recibida.»');

    // Adjudication: the second enrollment beside the record it matched, names from identity.
    await page.getByRole('tab', { name: 'Adjudicación biométrica' }).click();
    const queue = page.getByRole('list', { name: 'Enrolamientos pendientes' });
    await queue.waitFor();
    const item = queue.getByRole('listitem').first();
    await item.getByText(first.curp, { exact: true }).waitFor();
    expect(await item.textContent()).toContain(second.curp);
    await item.getByText(`${first.givenNames} ${first.firstSurname}`, { exact: false }).first().waitFor();
    expect(await item.textContent()).toMatch(/Puntaje combinado\d+\.\d{2} \(supera el umbral/);
    expect(await item.getByTestId('adjudication-stage').textContent()).toContain('Paso 2 de 2: otro supervisor registró la primera decisión («Fraude (rechazar)»)');
    await settled(page, 'supervisor-adjudicacion');
    expect(await accessibilityViolations(page)).toEqual([]);
    await item.getByLabel('Notas de la decisión').fill('Huellas de otra persona registrada.');
    await item.getByRole('button', { name: 'Fraude (rechazar)' }).click();
    await page.getByText(`Decisión confirmada por dos supervisores para la CURP ${second.curp}: fraude (rechazar).`).waitFor();
    await page.getByText('No hay enrolamientos pendientes de adjudicación.').waitFor();

    // The ghost-employee report now shows the rejected duplicate, and the demo staff without biometrics.
    await page.getByRole('tab', { name: 'Empleados fantasma' }).click();
    const table = page.getByRole('table', { name: 'Posibles empleados fantasma' });
    await table.waitFor();
    expect(await page.getByTestId('ghost-summary').textContent()).toMatch(/Personal revisado: \d+/);
    const employeeRow = table.getByRole('row').filter({ hasText: '10000001' });
    expect(await employeeRow.textContent()).toContain('Sin biometría válida');
    expect(await employeeRow.textContent()).not.toContain('Sin asistencia');
    await settled(page, 'supervisor-empleados-fantasma');
    expect(await accessibilityViolations(page)).toEqual([]);
    const csv = await page.request.get(`${system.server.url}${await page.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('10000001');
    await page.close();
  });
});
