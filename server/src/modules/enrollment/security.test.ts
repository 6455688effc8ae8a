import { makeDemoPerson } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { Person } from '../identity/service.ts';
import { createStation, loggedIn, ONE_FINGER_POLICY, registerPerson, type TestStation, giveConsent } from './testing.ts';
import { testConfig } from '../../config.ts';

/**
 * Issue 19, items 1, 11, 14 and 16 on the enrollment flow, over HTTP: nobody adjudicates an
 * enrollment they took part in and a decision takes two supervisors; a capture session is its
 * operator's (a supervisor may step in, audited); session reads, the adjudication list and
 * lookups that find nobody are audited; abandoned sessions expire and their captures are erased.
 */
describe('enrollment security: four eyes, session ownership, audited reads, expiry', () => {
  let t: TestApp;
  let operator: HttpClient;
  let otherOperator: HttpClient;
  let supervisorA: HttpClient;
  let supervisorB: HttpClient;
  let supervisorC: HttpClient;
  let station: TestStation;
  let ana: Person;
  let beto: Person;
  const api = '/api/biometrics';
  const SLOW = 300_000;
  const accountOf = async (client: HttpClient) => (await client.get('/api/session')).json().accountId as string;
  const actions = async (subject: string) => (await t.services.audit.listBySubject(t.database.db, subject)).map((a) => ({ action: a.action, actor: a.actor, details: a.details }));

  beforeAll(async () => {
    // One-finger enrollments keep these tests about who may do what, not about the policy's minimum.
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 801, 'admin');
    operator = await loggedIn(t, 802, 'operador');
    otherOperator = await loggedIn(t, 803, 'operador');
    supervisorA = await loggedIn(t, 804, 'supervisor');
    supervisorB = await loggedIn(t, 805, 'supervisor');
    supervisorC = await loggedIn(t, 806, 'supervisor');
    station = await createStation(admin, 'SEG-01');
    ana = await registerPerson(t, 811);
    beto = await registerPerson(t, 812);
  }, SLOW);
  afterAll(() => t?.close());

  async function open(client: HttpClient, curp: string): Promise<string> {
    await giveConsent(client, curp, station.id);
    const response = await client.post(`${api}/sessions`, { curp, stationId: station.id });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id as string;
    expect((await client.post(`${api}/sessions/${id}/reader`, { readerId: station.simulated })).statusCode).toBe(200);
    return id;
  }

  it('item 1: whoever enrolled or captured never adjudicates, and a decision needs two other supervisors', async () => {
    const anaSession = await open(operator, ana.curp);
    expect((await operator.post(`${api}/sessions/${anaSession}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    expect((await operator.post(`${api}/sessions/${anaSession}/complete`)).json().status).toBe('registrado');

    // Supervisor A enrolls Beto with Ana's finger; supervisor B captures in that session too.
    const betoSession = await open(supervisorA, beto.curp);
    expect((await supervisorA.post(`${api}/sessions/${betoSession}/fingers/2`, { simulate: { identity: ana.curp } })).statusCode).toBe(201);
    expect((await supervisorB.post(`${api}/sessions/${betoSession}/fingers/2`, { simulate: { identity: ana.curp } })).statusCode).toBe(201);
    const done = await supervisorA.post(`${api}/sessions/${betoSession}/complete`);
    expect(done.json()).toMatchObject({ status: 'pendiente', candidates: [expect.objectContaining({ personId: ana.id })] });
    const enrollmentId = done.json().enrollmentId as string;
    const adjudicate = (client: HttpClient, body: Record<string, unknown>) => client.post(`${api}/enrollments/${enrollmentId}/adjudication`, body);

    for (const participant of [supervisorA, supervisorB]) {
      const own = await adjudicate(participant, { decision: 'personas_distintas' });
      expect([own.statusCode, own.json().error.code]).toEqual([403, 'ADJUDICATION_SELF']);
    }
    const listA = (await supervisorA.get(`${api}/adjudications`)).json();
    expect(listA).toEqual([expect.objectContaining({ enrollmentId, mayDecide: false, review: null })]);

    // A second supervisor is needed: C's decision alone leaves the enrollment pending.
    const first = await adjudicate(supervisorC, { decision: 'personas_distintas', notes: 'Gemelos' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'pendiente', review: { stage: 'primera_decision', decision: 'personas_distintas', secondBy: null } });
    const again = await adjudicate(supervisorC, { decision: 'personas_distintas' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'ADJUDICATION_SECOND_REVIEWER_REQUIRED']);
    const status = (await supervisorC.get(`${api}/people/${beto.curp}/status?purpose=${encodeURIComponent('revisión del expediente biométrico')}`)).json();
    expect(status.status).toBe('pendiente');
    expect((await supervisorC.get(`${api}/adjudications`)).json()).toEqual([expect.objectContaining({ enrollmentId, mayDecide: false, review: expect.objectContaining({ byYou: true }) })]);

    // A fourth supervisor confirms: the decision takes effect and records both people.
    const supervisorD = await loggedIn(t, 807, 'supervisor');
    const confirmed = await adjudicate(supervisorD, { decision: 'personas_distintas' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const [idC, idD] = [await accountOf(supervisorC), await accountOf(supervisorD)];
    expect(confirmed.json()).toMatchObject({ status: 'registrado', review: { stage: 'confirmada', firstBy: idC, secondBy: idD } });
    const row = await t.database.db.selectFrom('adjudications').selectAll().where('enrollment_id', '=', enrollmentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'personas_distintas', supervisor_account_id: idC, confirmed_by_account_id: idD, notes: 'Gemelos' });
    const audited = await actions(`person:${beto.id}`);
    expect(audited).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'biometrics.enrollment.adjudication_proposed', actor: `account:${idC}` }),
        expect.objectContaining({ action: 'biometrics.enrollment.adjudicated', actor: `account:${idD}`, details: expect.objectContaining({ decidedBy: idC, confirmedBy: idD }) }),
      ]),
    );
  }, SLOW);

  it('item 11: a capture session is read and changed only by its operator or a supervisor, audited', async () => {
    const person = await registerPerson(t, 813);
    const sessionId = await open(operator, person.curp);
    const refused = [
      await otherOperator.get(`${api}/sessions/${sessionId}`),
      await otherOperator.post(`${api}/sessions/${sessionId}/fingers/3`, { simulate: {} }),
      await otherOperator.post(`${api}/sessions/${sessionId}/fingers/4/unavailable`, { reason: 'lesion' }),
      await otherOperator.post(`${api}/sessions/${sessionId}/reader`, { readerId: station.simulated }),
      await otherOperator.post(`${api}/sessions/${sessionId}/complete`),
      await otherOperator.post(`${api}/sessions/${sessionId}/cancel`),
    ];
    expect(refused.map((r) => [r.statusCode, r.json().error.code])).toEqual(refused.map(() => [403, 'SESSION_NOT_OWNED']));
    expect((await operator.get(`${api}/sessions/${sessionId}`)).json()).toMatchObject({ status: 'abierta', captures: [] });

    const bySupervisor = await supervisorA.post(`${api}/sessions/${sessionId}/fingers/4/unavailable`, { reason: 'lesion' });
    expect(bySupervisor.statusCode, bySupervisor.body).toBe(201);
    expect((await supervisorA.get(`${api}/sessions/${sessionId}`)).statusCode).toBe(200);
    const idA = await accountOf(supervisorA);
    expect(await actions(`person:${person.id}`)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'biometrics.session.supervisor_access', actor: `account:${idA}`, details: expect.objectContaining({ sessionId }) }),
        expect.objectContaining({ action: 'biometrics.session.read', actor: `account:${idA}`, details: expect.objectContaining({ sessionId, bySupervisor: true }) }),
      ]),
    );
  }, SLOW);

  it('item 14: session reads, the adjudication list and lookups that find nobody are audited', async () => {
    const person = await registerPerson(t, 814);
    const sessionId = await open(operator, person.curp);
    const idOperator = await accountOf(operator);
    expect((await operator.get(`${api}/sessions/${sessionId}`)).statusCode).toBe(200);
    expect(await actions(`person:${person.id}`)).toContainEqual(expect.objectContaining({ action: 'biometrics.session.read', actor: `account:${idOperator}`, details: expect.objectContaining({ sessionId, bySupervisor: false }) }));

    expect((await supervisorB.get(`${api}/adjudications`)).statusCode).toBe(200);
    const idB = await accountOf(supervisorB);
    expect(await actions('biometric_adjudications')).toContainEqual(expect.objectContaining({ action: 'biometrics.adjudications.listed', actor: `account:${idB}` }));

    const nobody = makeDemoPerson(899).curp;
    const purpose = encodeURIComponent('atención en ventanilla');
    expect((await operator.get(`/api/identities/${nobody}?purpose=${purpose}`)).statusCode).toBe(404);
    expect((await operator.get(`${api}/people/${nobody}/status?purpose=${purpose}`)).statusCode).toBe(404);
    expect((await operator.post(`${api}/sessions`, { curp: nobody, stationId: station.id })).statusCode).toBe(404);
    const misses = (await actions(`lookup:${nobody}`)).filter((a) => a.action === 'identity.lookup.not_found');
    expect(misses).toHaveLength(3);
    expect(misses.every((m) => m.actor === `account:${idOperator}`)).toBe(true);
  }, SLOW);

  it('item 16: abandoned capture sessions expire and their captures are erased', async () => {
    const person = await registerPerson(t, 815);
    const abandoned = await open(operator, person.curp);
    expect((await operator.post(`${api}/sessions/${abandoned}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    const capture = await t.database.db.selectFrom('captures').select(['template_blob_id']).where('session_id', '=', abandoned).executeTakeFirstOrThrow();

    t.clock.advance(t.config.biometrics.captureSessionTtlMs - 60_000);
    const active = await open(otherOperator, (await registerPerson(t, 816)).curp);
    t.clock.advance(2 * 60_000);

    // The sessions the earlier tests left open are abandoned too.
    const openBefore = await t.database.db.selectFrom('capture_sessions').select('id').where('status', '=', 'abierta').execute();
    expect(await t.services.enrollment.expireAbandonedCaptureSessions(t.clock())).toBe(openBefore.length - 1);
    const sessions = await t.database.db.selectFrom('capture_sessions').select(['id', 'status']).where('id', 'in', [abandoned, active]).execute();
    expect(Object.fromEntries(sessions.map((s) => [s.id, s.status]))).toEqual({ [abandoned]: 'expirada', [active]: 'abierta' });
    expect(await t.database.db.selectFrom('captures').select('id').where('session_id', '=', abandoned).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('biometric_blobs').select('id').where('id', '=', capture.template_blob_id!).execute()).toEqual([]);
    expect(await actions(`person:${person.id}`)).toContainEqual(expect.objectContaining({ action: 'biometrics.session.expired', actor: 'system', details: expect.objectContaining({ sessionId: abandoned, capturesErased: 1 }) }));
    const closed = await operator.post(`${api}/sessions/${abandoned}/fingers/3`, { simulate: {} });
    expect([closed.statusCode, closed.json().error.code]).toEqual([409, 'SESSION_CLOSED']);
    expect(await t.services.enrollment.expireAbandonedCaptureSessions(t.clock())).toBe(0);
  }, SLOW);
});
