import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { createStation, loggedIn, ONE_FINGER_POLICY, registerPerson, type TestStation } from '../enrollment/testing.ts';

/**
 * Issue 19 item 17, the rest of it: supervisors and admins work inside their own OOAD also for
 * justifications, the adjudication list and the reports. Lists show only the actor's OOAD (people
 * without a staff OOAD stay visible, as for accounts); an action on one item of another OOAD is
 * refused with 403 OUT_OF_OOAD_SCOPE. On the code before this change every list showed every OOAD
 * and the decisions went through.
 */
describe('OOAD scope of supervisors and admins: justifications, adjudications, reports', () => {
  let t: TestApp;
  let supervisor35: HttpClient;
  let supervisor14: HttpClient;
  let secondSupervisor14: HttpClient;
  let admin35: HttpClient;
  let employee35: TestUser;
  let employee14: TestUser;
  let station: TestStation;
  const SLOW = 300_000;
  const api = '/api/biometrics';

  const login = async (user: TestUser) => {
    const client = t.client();
    const response = await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password });
    expect(response.statusCode, response.body).toBe(200);
    await client.csrf();
    return client;
  };
  const code = (response: { statusCode: number; json: () => { error?: { code: string } } }) => [response.statusCode, response.json().error?.code];

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    employee35 = await createTestUser(t, { seed: 3101, role: 'empleado', ooadCode: '35' });
    employee14 = await createTestUser(t, { seed: 3102, role: 'empleado', ooadCode: '14' });
    const employeeClients = await Promise.all([login(employee35), login(employee14)]);
    supervisor35 = await login(await createTestUser(t, { seed: 3103, role: 'supervisor', ooadCode: '35' }));
    supervisor14 = await login(await createTestUser(t, { seed: 3104, role: 'supervisor', ooadCode: '14' }));
    secondSupervisor14 = await login(await createTestUser(t, { seed: 3105, role: 'supervisor', ooadCode: '14' }));
    admin35 = await login(await createTestUser(t, { seed: 3106, role: 'admin', ooadCode: '35' }));
    const admin14 = await login(await createTestUser(t, { seed: 3107, role: 'admin', ooadCode: '14' }));

    // Both employees work a morning shift and never checked in: every working day is a falta.
    const shift = await admin35.post('/api/attendance/shifts', { name: 'Matutina', start: '08:00', end: '16:00', weekdays: [1, 2, 3, 4, 5], toleranceMinutes: 10, faltaAfterMinutes: 30 });
    expect(shift.statusCode, shift.body).toBe(201);
    for (const [admin, employee] of [[admin35, employee35], [admin14, employee14]] as const) {
      const assigned = await admin.post('/api/attendance/assignments', { personId: employee.person.id, shiftId: shift.json().id, validFrom: '2026-11-01' });
      expect(assigned.statusCode, assigned.body).toBe(201);
    }
    // A possible duplicate in OOAD 14: the employee of OOAD 14 enrolls with someone else's finger.
    const admin = await loggedIn(t, 3108, 'admin');
    const operator = await loggedIn(t, 3109, 'operador');
    station = await createStation(admin, 'ALCANCE-01');
    const other = await registerPerson(t, 3110);
    for (const [curp, finger] of [[other.curp, {}], [employee14.person.curp, { identity: other.curp }]] as const) {
      const session = (await operator.post(`${api}/sessions`, { curp, stationId: station.id })).json().id as string;
      await operator.post(`${api}/sessions/${session}/reader`, { readerId: station.simulated });
      expect((await operator.post(`${api}/sessions/${session}/fingers/2`, { simulate: finger })).statusCode).toBe(201);
      await operator.post(`${api}/sessions/${session}/complete`);
    }
    // Logged in at the real time; the server's clock then moves to late November 2026.
    t.clock.advance(Date.parse('2026-11-20T18:00:00Z') - t.clock().getTime());
    for (const client of employeeClients) {
      const requested = await client.post('/api/attendance/justifications', { date: '2026-11-05', incident: 'falta', reason: 'Incapacidad médica' });
      expect(requested.statusCode, requested.body).toBe(201);
    }

  }, SLOW);
  afterAll(() => t?.close());

  it('lists the justifications of the actor’s OOAD only, and refuses deciding one of another OOAD', async () => {
    const pending35 = (await supervisor35.get('/api/attendance/justifications/pending')).json() as Array<{ id: string; personId: string }>;
    expect(pending35.map((j) => j.personId)).toEqual([employee35.person.id]);
    const pending14 = (await supervisor14.get('/api/attendance/justifications/pending')).json() as Array<{ id: string; personId: string }>;
    expect(pending14.map((j) => j.personId)).toEqual([employee14.person.id]);

    const foreign = await supervisor35.post(`/api/attendance/justifications/${pending14[0].id}/decision`, { decision: 'aprobada' });
    expect(code(foreign)).toEqual([403, 'OUT_OF_OOAD_SCOPE']);
    const own = await supervisor35.post(`/api/attendance/justifications/${pending35[0].id}/decision`, { decision: 'aprobada' });
    expect(own.statusCode, own.body).toBe(200);
    // The refused decision left the other OOAD's justification pending.
    expect(((await supervisor14.get('/api/attendance/justifications/pending')).json() as Array<{ id: string }>).map((j) => j.id)).toEqual([pending14[0].id]);
  }, SLOW);

  it('shows the reports (staff directory, ghost employees) for the actor’s OOAD only', async () => {
    const staff = (await admin35.get(`/api/reports/staff?purpose=${encodeURIComponent('nombres del personal en la revisión de justificaciones')}`)).json() as Array<{ personId: string; ooadCode: string }>;
    expect(staff.map((s) => s.personId)).toContain(employee35.person.id);
    expect(staff.map((s) => s.personId)).not.toContain(employee14.person.id);
    expect(new Set(staff.map((s) => s.ooadCode))).toEqual(new Set(['35']));

    const ghosts = (await supervisor14.get(`/api/reports/ghost-employees?quincenas=2&purpose=${encodeURIComponent('revisión de posibles empleados fantasma')}`)).json() as { employees: Array<{ personId: string; ooadCode: string }>; staffReviewed: number };
    expect(ghosts.employees.map((e) => e.personId)).toContain(employee14.person.id);
    expect(new Set(ghosts.employees.map((e) => e.ooadCode))).toEqual(new Set(['14']));
    const csv = await supervisor35.get(`/api/reports/ghost-employees.csv?quincenas=2&purpose=${encodeURIComponent('revisión de posibles empleados fantasma')}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(employee35.person.curp);
    expect(csv.body).not.toContain(employee14.person.curp);
  }, SLOW);

  it('lists possible duplicates of the actor’s OOAD only, and refuses their evidence and decision elsewhere', async () => {
    const list35 = (await supervisor35.get(`${api}/adjudications`)).json() as Array<{ enrollmentId: string; personId: string }>;
    expect(list35.map((p) => p.personId)).not.toContain(employee14.person.id);
    const list14 = (await supervisor14.get(`${api}/adjudications`)).json() as Array<{ enrollmentId: string; personId: string; candidates: Array<{ personId: string }> }>;
    const item = list14.find((p) => p.personId === employee14.person.id)!;
    expect(item).toBeDefined();

    const evidence = await supervisor35.get(`${api}/enrollments/${item.enrollmentId}/evidence?candidate=${item.candidates[0].personId}`);
    expect(code(evidence)).toEqual([403, 'OUT_OF_OOAD_SCOPE']);
    const decision = await supervisor35.post(`${api}/enrollments/${item.enrollmentId}/adjudication`, { decision: 'fraude', notes: 'Desde otra OOAD' });
    expect(code(decision)).toEqual([403, 'OUT_OF_OOAD_SCOPE']);

    // Two supervisors of OOAD 14 decide it; the past decisions are listed in OOAD 14 only.
    expect((await supervisor14.post(`${api}/enrollments/${item.enrollmentId}/adjudication`, { decision: 'fraude', notes: 'Huella de otra persona' })).statusCode).toBe(200);
    const confirmed = await secondSupervisor14.post(`${api}/enrollments/${item.enrollmentId}/adjudication`, { decision: 'fraude', notes: 'Confirmo' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const decided14 = (await supervisor14.get(`${api}/adjudications/decided`)).json() as Array<{ enrollmentId: string; confirmedBy: { notes: string | null } | null }>;
    expect(decided14.find((d) => d.enrollmentId === item.enrollmentId)?.confirmedBy?.notes).toBe('Confirmo');
    const decided35 = (await supervisor35.get(`${api}/adjudications/decided`)).json() as Array<{ enrollmentId: string }>;
    expect(decided35.map((d) => d.enrollmentId)).not.toContain(item.enrollmentId);
  }, SLOW);
});
