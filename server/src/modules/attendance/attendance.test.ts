import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { signReading, type SignedReading } from './kiosk-signature.ts';

/** Central Mexico, UTC−6 all year. */
const local = (date: string, time: string) => `${date}T${time}:00-06:00`;

describe('attendance over HTTP', () => {
  let t: TestApp;
  let employee: TestUser;
  let employeeClient: HttpClient;
  let supervisor: HttpClient;
  let kiosk: HttpClient;
  let admin: HttpClient;
  let stationId: string;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const sent: Array<SignedReading & { signature: string }> = [];

  const setNow = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock().getTime());
  const reading = (date: string, time: string, method: 'huella' | 'rostro' = 'huella'): SignedReading & { signature: string } => {
    const body: SignedReading = {
      idempotencyKey: `kiosco-01:${date}:${time}`,
      personId: employee.person.id,
      stationId,
      method,
      verificationScore: 0.93,
      capturedAt: local(date, time),
    };
    return { ...body, signature: signReading(privateKey, body) };
  };
  /** The kiosk posts a reading a minute after making it. */
  const check = async (date: string, time: string, method: 'huella' | 'rostro' = 'huella') => {
    const body = reading(date, time, method);
    setNow(new Date(Date.parse(body.capturedAt) + 60_000).toISOString());
    const response = await kiosk.post('/api/attendance/check', body);
    expect(response.statusCode, response.body).toBe(201);
    sent.push(body);
    return response;
  };
  const login = async (user: TestUser) => {
    const client = t.client();
    const response = await client.post('/api/auth/employee-login', { matricula: user.matricula, ooadCode: user.ooadCode, password: user.password });
    expect(response.statusCode, response.body).toBe(200);
    await client.csrf();
    return client;
  };
  const ownQuincena = async (id = '2026-Q21') => {
    const response = await employeeClient.get(`/api/attendance/quincenas/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  type Day = { date: string; incidents: Array<Record<string, unknown>> };
  const dayOf = (report: { days: Day[] }, date: string): Day => {
    const day = report.days.find((d) => d.date === date);
    if (!day) throw new Error(`no day ${date}`);
    return day;
  };

  beforeAll(async () => {
    t = await createTestApp();
    // Log in at the real time (the test client drops cookies that expired by the wall clock), then
    // move the server's clock back to November 2026: sessions stay valid in the past.
    employee = await createTestUser(t, { seed: 701, role: 'empleado' });
    const supervisorUser = await createTestUser(t, { seed: 702, role: 'supervisor' });
    const operatorUser = await createTestUser(t, { seed: 703, role: 'operador' });
    const adminUser = await createTestUser(t, { seed: 704, role: 'admin' });
    [employeeClient, supervisor, kiosk, admin] = await Promise.all([login(employee), login(supervisorUser), login(operatorUser), login(adminUser)]);

    stationId = (await t.services.readers.createStation({ code: 'KIOSCO-01', name: 'Quiosco de asistencia, planta baja' }, 'system')).id;
    const key = await admin.request({
      method: 'PUT',
      url: `/api/attendance/stations/${stationId}/kiosk-key`,
      payload: { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') },
    });
    expect(key.statusCode, key.body).toBe(204);

    const shift = await supervisor.post('/api/attendance/shifts', { name: 'Matutina', start: '08:00', end: '16:00', weekdays: [1, 2, 3, 4, 5], toleranceMinutes: 10, faltaAfterMinutes: 30 });
    expect(shift.statusCode, shift.body).toBe(201);
    const assignment = await supervisor.post('/api/attendance/assignments', { personId: employee.person.id, shiftId: shift.json().id, validFrom: '2026-11-01' });
    expect(assignment.statusCode, assignment.body).toBe(201);

    // 1–15 November 2026: ten working days. 4 Nov late, 5 Nov absent, 6 Nov no check-out.
    for (const date of ['2026-11-02', '2026-11-03', '2026-11-09', '2026-11-11', '2026-11-12', '2026-11-13']) {
      await check(date, '07:58');
      await check(date, '16:01');
    }
    await check('2026-11-04', '08:20');
    await check('2026-11-04', '16:00');
    await check('2026-11-06', '07:59');
    await check('2026-11-10', '08:10', 'rostro');
    await check('2026-11-10', '16:30', 'rostro');
    setNow(local('2026-11-17', '12:00'));
  }, 60_000);
  afterAll(() => t.close());

  it('shows the employee their quincena with its incidents and totals, and audits the read', async () => {
    const report = await ownQuincena();
    expect(report.quincena).toEqual({ id: '2026-Q21', label: '1.ª quincena de noviembre de 2026', start: '2026-11-01', end: '2026-11-15' });
    expect(report.days).toHaveLength(15);
    expect(report.totals).toEqual({
      scheduledDays: 10,
      attendedDays: 9,
      pendingDays: 0,
      restDaysWorked: 0,
      incidents: { retardo: 1, falta: 1, omision_entrada: 0, omision_salida: 1 },
      justifiedIncidents: 0,
    });
    expect(dayOf(report, '2026-11-04')).toMatchObject({ minutesLate: 20, incidents: [{ type: 'retardo' }] });
    expect(dayOf(report, '2026-11-05')).toMatchObject({ checkIn: null, checkOut: null, incidents: [{ type: 'falta' }] });
    expect(dayOf(report, '2026-11-06')).toMatchObject({ checkIn: { time: '07:59' }, incidents: [{ type: 'omision_salida' }] });
    expect(dayOf(report, '2026-11-10')).toMatchObject({ minutesLate: 10, incidents: [], checkIn: { method: 'rostro', stationId } });
    expect(dayOf(report, '2026-11-08')).toMatchObject({ kind: 'descanso_semanal', incidents: [] });

    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`);
    expect(audit.filter((a) => a.action === 'attendance.quincena.read').map((a) => a.purpose)).toContain('consulta de la propia asistencia');
  });

  it('counts a reading resent with the same idempotency key once, and returns the original', async () => {
    const original = sent[0];
    const again = await kiosk.post('/api/attendance/check', original);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true, record: { idempotencyKey: original.idempotencyKey, capturedAt: '2026-11-02T13:58:00.000Z' } });
    const third = await kiosk.post('/api/attendance/check', original);
    expect(third.json().record.id).toBe(again.json().record.id);
    const rows = await t.database.db.selectFrom('attendance_records').select('id').where('idempotency_key', '=', original.idempotencyKey).execute();
    expect(rows).toHaveLength(1);
    expect((await ownQuincena()).totals.incidents).toMatchObject({ retardo: 1, falta: 1, omision_salida: 1 });
  });

  it('refuses a reused key on another reading, a forged signature, an unknown kiosk and a reading from the future', async () => {
    const other = { ...reading('2026-11-02', '07:58'), capturedAt: local('2026-11-02', '07:30') };
    const reused = await kiosk.post('/api/attendance/check', { ...other, signature: signReading(privateKey, other) });
    expect([reused.statusCode, reused.json().error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);

    const fresh = { ...reading('2026-11-17', '07:55'), idempotencyKey: 'kiosco-01:forged' };
    const forged = await kiosk.post('/api/attendance/check', { ...fresh, capturedAt: local('2026-11-17', '07:40') });
    expect([forged.statusCode, forged.json().error.code]).toEqual([403, 'KIOSK_SIGNATURE_INVALID']);

    const unregistered = (await t.services.readers.createStation({ code: 'KIOSCO-02', name: 'Sin llave' }, 'system')).id;
    const body: SignedReading = { ...reading('2026-11-17', '07:56'), stationId: unregistered, idempotencyKey: 'kiosco-02:1' };
    const unknown = await kiosk.post('/api/attendance/check', { ...body, signature: signReading(privateKey, body) });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([403, 'KIOSK_NOT_REGISTERED']);

    const future = reading('2026-11-17', '12:10');
    const ahead = await kiosk.post('/api/attendance/check', future);
    expect([ahead.statusCode, ahead.json().error.code]).toEqual([422, 'CAPTURED_AT_IN_FUTURE']);

    const byEmployee = await employeeClient.post('/api/attendance/check', reading('2026-11-17', '07:57'));
    expect(byEmployee.statusCode).toBe(403);
  });

  it('a falta justified by the employee and approved by a supervisor leaves the totals', async () => {
    const request = await employeeClient.post('/api/attendance/justifications', { date: '2026-11-05', incident: 'falta', reason: 'Incapacidad médica del IMSS, folio 123' });
    expect(request.statusCode, request.body).toBe(201);
    const justification = request.json();
    expect(justification).toMatchObject({ status: 'pendiente', effect: 'cancelar', history: [{ event: 'solicitada' }] });

    const pending = await ownQuincena();
    expect(dayOf(pending, '2026-11-05').incidents[0]).toMatchObject({ type: 'falta', pendingJustificationId: justification.id });
    expect(pending.totals.incidents.falta).toBe(1);

    const duplicate = await employeeClient.post('/api/attendance/justifications', { date: '2026-11-05', incident: 'falta', reason: 'Otra vez la misma' });
    expect([duplicate.statusCode, duplicate.json().error.code]).toEqual([409, 'JUSTIFICATION_EXISTS']);
    const nothingThere = await employeeClient.post('/api/attendance/justifications', { date: '2026-11-03', incident: 'retardo', reason: 'No llegué tarde' });
    expect([nothingThere.statusCode, nothingThere.json().error.code]).toEqual([422, 'INCIDENT_NOT_FOUND']);

    const queue = await supervisor.get('/api/attendance/justifications/pending');
    expect(queue.json().map((j: { id: string }) => j.id)).toContain(justification.id);
    const selfService = await employeeClient.post(`/api/attendance/justifications/${justification.id}/decision`, { decision: 'aprobada' });
    expect(selfService.statusCode).toBe(403);

    const approved = await supervisor.post(`/api/attendance/justifications/${justification.id}/decision`, { decision: 'aprobada', comment: 'Comprobante válido' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().history.map((h: { event: string }) => h.event)).toEqual(['solicitada', 'aprobada']);
    const twice = await supervisor.post(`/api/attendance/justifications/${justification.id}/decision`, { decision: 'rechazada', comment: 'Cambio de opinión' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'JUSTIFICATION_ALREADY_DECIDED']);

    const after = await ownQuincena();
    expect(after.totals.incidents.falta).toBe(0);
    expect(after.totals.justifiedIncidents).toBe(1);
    expect(dayOf(after, '2026-11-05').incidents[0]).toMatchObject({ type: 'falta', justified: true, justificationId: justification.id });
    expect(after.justifications).toEqual([expect.objectContaining({ id: justification.id, status: 'aprobada' })]);
  });

  it('a rejection needs a reason and changes nothing', async () => {
    const request = await employeeClient.post('/api/attendance/justifications', { date: '2026-11-06', incident: 'omision_salida', reason: 'El lector no respondió' });
    const id = request.json().id;
    const bare = await supervisor.post(`/api/attendance/justifications/${id}/decision`, { decision: 'rechazada' });
    expect([bare.statusCode, bare.json().error.code]).toEqual([400, 'DECISION_COMMENT_REQUIRED']);
    const rejected = await supervisor.post(`/api/attendance/justifications/${id}/decision`, { decision: 'rechazada', comment: 'Sin reporte de falla del quiosco' });
    expect(rejected.json()).toMatchObject({ status: 'rechazada', decisionComment: 'Sin reporte de falla del quiosco' });
    expect((await ownQuincena()).totals.incidents.omision_salida).toBe(1);
  });

  it('lets a supervisor read an employee’s quincena only with a purpose, which goes to the audit log', async () => {
    const url = `/api/attendance/employees/${employee.person.id}/quincenas/2026-Q21`;
    expect((await supervisor.get(url)).statusCode).toBe(400);
    expect((await employeeClient.get(`${url}?purpose=${encodeURIComponent('auditoría interna')}`)).statusCode).toBe(403);
    const purpose = 'revisión de incidencias para nómina';
    const response = await supervisor.get(`${url}?purpose=${encodeURIComponent(purpose)}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().totals.incidents).toMatchObject({ retardo: 1, falta: 0, omision_salida: 1 });
    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`);
    expect(audit.some((a) => a.action === 'attendance.quincena.read' && a.purpose === purpose)).toBe(true);
  });

  it('exports the quincena as CSV, one row per day with es-MX headings', async () => {
    const response = await employeeClient.get('/api/attendance/quincenas/2026-Q21/export.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="asistencia-2026-Q21.csv"');
    const lines = response.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Fecha,Día,Tipo de día,Jornada,Entrada,Método de entrada,Salida,Método de salida,Minutos de retardo,Incidencias');
    expect(lines).toHaveLength(16);
    expect(lines.find((l) => l.startsWith('04/11/2026'))).toBe('04/11/2026,miércoles,Laboral,Matutina 08:00–16:00,08:20,Huella,16:00,Huella,20,Retardo');
    expect(lines.find((l) => l.startsWith('05/11/2026'))).toBe('05/11/2026,jueves,Laboral,Matutina 08:00–16:00,,,,,,Falta (justificada)');
    expect(lines.find((l) => l.startsWith('08/11/2026'))).toBe('08/11/2026,domingo,Descanso semanal,Matutina 08:00–16:00,,,,,,');
  });

  it('exports the quincena as a PDF', async () => {
    const response = await employeeClient.get('/api/attendance/quincenas/2026-Q21/export.pdf');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(response.rawPayload.subarray(-6).toString('latin1')).toContain('%%EOF');
    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`);
    expect(audit.filter((a) => a.action === 'attendance.quincena.exported').map((a) => a.details)).toEqual(
      expect.arrayContaining([{ quincena: '2026-Q21', format: 'csv' }, { quincena: '2026-Q21', format: 'pdf' }]),
    );
  });

  it('keeps the current quincena open and follows the institution calendar', async () => {
    const set = await admin.request({ method: 'PUT', url: '/api/attendance/calendar/2026-11-20', payload: { kind: 'inhabil_institucional', description: 'Cierre por inventario' } });
    expect(set.statusCode, set.body).toBe(204);
    const calendar = (await employeeClient.get('/api/attendance/calendar/2026')).json();
    expect(calendar).toEqual(expect.arrayContaining([
      expect.objectContaining({ date: '2026-11-16', source: 'ley' }),
      { date: '2026-11-20', kind: 'inhabil_institucional', name: 'Cierre por inventario', source: 'institucion' },
    ]));
    const current = await ownQuincena('2026-Q22');
    expect(dayOf(current, '2026-11-16')).toMatchObject({ kind: 'descanso_obligatorio', incidents: [] });
    expect(dayOf(current, '2026-11-17')).toMatchObject({ pending: true, incidents: [] });
    expect(dayOf(current, '2026-11-20')).toMatchObject({ kind: 'inhabil_institucional', nonWorkingReason: 'Cierre por inventario' });
    expect(current.totals).toMatchObject({ scheduledDays: 9, pendingDays: 9 });
  });

  it('refuses a shift the rules cannot judge and an overlapping assignment', async () => {
    const bad = await supervisor.post('/api/attendance/shifts', { name: 'Rara', start: '08:00', end: '16:00', weekdays: [1], toleranceMinutes: 20, faltaAfterMinutes: 15 });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'SHIFT_INVALID']);
    const shiftId = (await supervisor.get('/api/attendance/shifts')).json()[0].id;
    const overlap = await supervisor.post('/api/attendance/assignments', { personId: employee.person.id, shiftId, validFrom: '2026-10-01' });
    expect([overlap.statusCode, overlap.json().error.code]).toEqual([409, 'ASSIGNMENT_CONFLICT']);
  });
});
