import { makeDemoPerson } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../testing/test-app.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { loggedIn } from '../enrollment/testing.ts';
import { insuredPerson } from '../insured/testing.ts';
import { addDays } from '../insured/restriction.ts';
import { mexicoDay } from '../pension/status.ts';

/**
 * Issue 15, item 3, over HTTP (PGlite, or PostgreSQL with DATABASE_URL): slots at the person's
 * UMF, book / cancel / reschedule, the gate (restringido books with a warning, nss_suspendido is
 * refused with the nearest enrollment point, urgencias never), past and double bookings refused
 * with a clear 4xx, 50 parallel bookings of one slot → exactly one, the physician's day.
 */
describe('appointments at the UMF, gated by the restriction', () => {
  let t: TestApp;
  let admin: HttpClient;
  let operator: HttpClient;
  let clinicId: string;
  let consultorioId: string;
  let tomorrow: string;
  let medico: Awaited<ReturnType<typeof createTestUser>>;

  async function login(curp: string, password: string): Promise<HttpClient> {
    const client = t.client();
    expect((await client.post('/api/auth/curp-login', { curp, password })).statusCode).toBe(200);
    await client.csrf();
    return client;
  }
  async function slots(client: HttpClient, day: string) {
    const res = await client.get(`/api/care/me/slots?day=${day}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { gate: { allowed: boolean; warning: string | null; message: string | null }; slots: Array<{ id: string; startsAt: string }> };
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loggedIn(t, 1691, 'admin');
    operator = await loggedIn(t, 1692, 'operador');
    medico = await createTestUser(t, { seed: 1693, role: 'medico' });
    const medicoAccount = await t.database.db.selectFrom('accounts').select('id').where('person_id', '=', medico.person.id).executeTakeFirstOrThrow();
    const clinic = await admin.post('/api/care/clinics', { code: 'UMF-35-015', name: 'UMF 15 Tlatelolco', ooadCode: '35', address: 'Av. Ricardo Flores Magón 100', latitude: 19.45, longitude: -99.14 });
    expect(clinic.statusCode, clinic.body).toBe(201);
    clinicId = clinic.json().id;
    const point = await admin.post('/api/care/clinics', { code: 'UMF-35-020', name: 'UMF 20 Vallejo (módulo de enrolamiento)', ooadCode: '35', address: 'Calz. Vallejo 675', latitude: 19.48, longitude: -99.15, enrollmentPoint: true });
    expect(point.statusCode).toBe(201);
    const far = await admin.post('/api/care/clinics', { code: 'UMF-19-001', name: 'UMF 1 Monterrey (módulo)', ooadCode: '19', address: 'Av. Constitución 1', latitude: 25.67, longitude: -100.31, enrollmentPoint: true });
    expect(far.statusCode).toBe(201);
    const consultorio = await admin.post(`/api/care/clinics/${clinicId}/consultorios`, { number: '3', shift: 'matutino', physicianAccountId: medicoAccount.id });
    expect(consultorio.statusCode, consultorio.body).toBe(201);
    consultorioId = consultorio.json().id;
    tomorrow = addDays(mexicoDay(t.clock()), 1);
    const opened = await admin.post(`/api/care/consultorios/${consultorioId}/slots`, { day: tomorrow, from: '08:00', to: '12:00', minutes: 20 });
    expect(opened.json()).toEqual({ created: 12 });
    const yesterday = addDays(mexicoDay(t.clock()), -1);
    expect((await admin.post(`/api/care/consultorios/${consultorioId}/slots`, { day: yesterday, from: '08:00', to: '09:00', minutes: 20 })).json()).toEqual({ created: 3 });
    // Existing workers of OOAD 35 restricted since 40 days ago: evaluated today → restringido; evaluated 31 days on → suspended.
    expect((await admin.post('/api/insured/waves', { segment: 'existente', startsOn: addDays(mexicoDay(t.clock()), -40), ooadCode: '35' })).statusCode).toBe(201);
  }, 300_000);
  afterAll(() => t?.close());

  it('books, refuses a second booking the same day and a past slot, cancels and reschedules', async () => {
    const who = await insuredPerson(t, 1601, { ooadCode: '19', clinicId });
    const client = await login(who.curp, who.password);
    const free = await slots(client, tomorrow);
    expect(free.gate).toEqual({ allowed: true, warning: null, message: null });
    expect(free.slots).toHaveLength(12);
    const booked = await client.post('/api/care/me/appointments', { slotId: free.slots[0]!.id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ status: 'agendada', day: tomorrow, consultorio: '3', warning: null });
    expect((await slots(client, tomorrow)).slots).toHaveLength(11);

    const second = await client.post('/api/care/me/appointments', { slotId: free.slots[1]!.id });
    expect([second.statusCode, second.json().error.code]).toEqual([409, 'APPOINTMENT_SAME_DAY']);
    const pastSlot = await t.database.db.selectFrom('appointment_slots').select('id').where('consultorio_id', '=', consultorioId).where('starts_at', '<', t.clock()).executeTakeFirstOrThrow();
    const past = await client.post('/api/care/me/appointments', { slotId: pastSlot.id });
    expect([past.statusCode, past.json().error.code]).toEqual([422, 'APPOINTMENT_IN_PAST']);
    const unknown = await client.post('/api/care/me/appointments', { slotId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'SLOT_NOT_FOUND']);

    const moved = await client.post(`/api/care/me/appointments/${booked.json().id}/reschedule`, { slotId: free.slots[2]!.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const mine = (await client.get('/api/care/me/appointments')).json();
    expect(mine.map((a: { status: string }) => a.status).sort()).toEqual(['agendada', 'cancelada']);
    expect((await client.post(`/api/care/me/appointments/${moved.json().id}/cancel`)).statusCode).toBe(204);
    const again = await client.post(`/api/care/me/appointments/${moved.json().id}/cancel`);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'APPOINTMENT_NOT_CANCELLABLE']);
  }, 120_000);

  it('gates in one place: restringido books with a warning; suspended is refused with the nearest enrollment point; urgencias never', async () => {
    const restricted = await insuredPerson(t, 1602, { ooadCode: '35', clinicId });
    expect(await t.services.insured.evaluate(restricted.personId, mexicoDay(t.clock()))).toBe('restringido');
    const client = await login(restricted.curp, restricted.password);
    const free = await slots(client, tomorrow);
    expect(free.gate.allowed).toBe(true);
    expect(free.gate.warning).toContain('Trámite restringido por falta de biometría');
    const booked = await client.post('/api/care/me/appointments', { slotId: free.slots[0]!.id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().warning).toContain('Trámite restringido');

    const deadline = (await t.database.db.selectFrom('insured_people').select('deadline').where('person_id', '=', restricted.personId).executeTakeFirstOrThrow()).deadline!;
    expect(await t.services.insured.evaluate(restricted.personId, addDays(deadline, 1))).toBe('nss_suspendido');
    const refused = await client.post('/api/care/me/appointments', { slotId: free.slots[1]!.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'NSS_SUSPENDED', message: expect.stringContaining('urgencias') });
    expect(refused.json().error.details.nearestEnrollmentPoint).toMatchObject({ code: 'UMF-35-020' });
    expect(refused.json().error.details.urgencias.where).toContain('UMF 15 Tlatelolco');
    expect((await slots(client, tomorrow)).gate).toMatchObject({ allowed: false, message: expect.stringContaining('suspendido') });
    expect((await client.get('/api/care/me/clinic')).json().nearestEnrollmentPoint.code).toBe('UMF-35-020');

    const urgencias = await operator.post('/api/care/urgencias', { nss: restricted.nss, clinicId });
    expect(urgencias.statusCode, urgencias.body).toBe(201);
    expect(urgencias.json()).toMatchObject({ kind: 'urgencias', status: 'en_espera', turn: expect.any(Number) });
  }, 120_000);

  it('50 parallel bookings of one slot: exactly one succeeds, the others get 409 SLOT_TAKEN', async () => {
    const people = Array.from({ length: 50 }, (_, i) => makeDemoPerson(1700 + i));
    await t.services.identity.loadRegistry(people.map((p) => ({ ...p, birthState: p.stateCode, status: 'vigente' as const })), 'system');
    const ids: string[] = [];
    for (const p of people) {
      const verified = await t.services.identity.verify(p);
      const id = await t.database.db.transaction().execute(async (trx) => {
        const person = await t.services.identity.insertVerified(trx, verified, { actor: 'system', purpose: 'datos de prueba' });
        await t.services.insured.enroll(trx, { personId: person.id, accountId: null, nss: p.nss, ooadCode: '19', hiredOn: null, clinicId }, 'system');
        return person.id;
      });
      ids.push(id);
    }
    const slot = await t.database.db.selectFrom('appointment_slots').select('id').where('consultorio_id', '=', consultorioId).where('starts_at', '>', t.clock()).orderBy('starts_at', 'desc').executeTakeFirstOrThrow();
    const results = await Promise.allSettled(ids.map((id) => t.services.health.book(id, slot.id, 'system')));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) expect(r.reason).toMatchObject({ code: 'SLOT_TAKEN', httpStatus: 409 });
    const live = await t.database.db.selectFrom('appointments').select('id').where('slot_id', '=', slot.id).where('status', '<>', 'cancelada').execute();
    expect(live).toHaveLength(1);
  }, 300_000);

  it('the physician sees the day’s patients, checked in with their turn', async () => {
    const patient = await insuredPerson(t, 1603, { ooadCode: '19', clinicId });
    const client = await login(patient.curp, patient.password);
    const free = await slots(client, tomorrow);
    expect((await client.post('/api/care/me/appointments', { slotId: free.slots[0]!.id })).statusCode).toBe(201);
    expect((await client.get('/api/care/medico/today')).statusCode).toBe(403);
    t.clock.advance(24 * 3_600_000);
    const checkedIn = await t.services.health.checkIn(patient.personId, clinicId, 'system');
    expect(checkedIn.turn).toEqual(expect.any(Number));
    expect((await t.services.health.checkIn(patient.personId, clinicId, 'system')).turn).toBe(checkedIn.turn);
    const doctor = t.client();
    expect((await doctor.post('/api/auth/employee-login', { matricula: medico.matricula, ooadCode: medico.ooadCode, password: medico.password })).statusCode).toBe(200);
    const day = await doctor.get('/api/care/medico/today');
    expect(day.statusCode, day.body).toBe(200);
    expect(day.json().patients).toEqual(expect.arrayContaining([expect.objectContaining({ personId: patient.personId, status: 'en_espera', turn: checkedIn.turn, consultorio: '3' })]));
  }, 120_000);
});
