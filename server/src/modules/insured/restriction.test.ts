import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createStation, loggedIn, ONE_FINGER_POLICY, type TestStation } from '../enrollment/testing.ts';
import { JobQueue } from '../jobs/service.ts';
import type { MailService } from '../mail/service.ts';
import { addDays } from './restriction.ts';
import { EVALUATE_JOB, InsuredService, SWEEP_JOB } from './service.ts';
import { insuredPerson, registerInsured } from './testing.ts';

async function until(check: () => Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 15: the restriction state machine across its dates on the job queue (PGlite, or
 * PostgreSQL with DATABASE_URL). Day 0 = the wave's date: restringido with a deadline on day 30;
 * day 29 and 30 still restringido; day 31 nss_suspendido; an enrollment on day 31 restores
 * al_corriente at once (enrollment calls this module inside its transaction); a supervisor's
 * extension; the rollout policy (OOAD wave, birth-date wave, new hires at once, pensioners never);
 * each e-mail once across re-runs, a restart and a crash in the middle of a transition.
 */
describe('restriction for lack of biometrics: dates, policy, extension, jobs', () => {
  let t: TestApp;
  let admin: HttpClient;
  let supervisor: HttpClient;
  let operator: HttpClient;
  let station: TestStation;
  const D0 = '2027-02-01';
  const day = (n: number) => addDays(D0, n);
  let a: Awaited<ReturnType<typeof insuredPerson>>;
  let b: Awaited<ReturnType<typeof insuredPerson>>;
  let d: Awaited<ReturnType<typeof insuredPerson>>;
  let p: Awaited<ReturnType<typeof insuredPerson>>;
  let r: Awaited<ReturnType<typeof registerInsured>>;

  function boot(mail?: MailService) {
    const jobs = new JobQueue(t.database.db, { pollingIntervalSeconds: 0.5 });
    const insured = new InsuredService({ ...t.services, mail: mail ?? t.services.mail, db: t.database.db, config: t.config, clock: t.clock, jobs });
    return { jobs, insured };
  }
  async function sweepOn(process: ReturnType<typeof boot>, today: string) {
    await process.jobs.send(SWEEP_JOB, { today }, { key: `test-sweep:${today}:${Math.random()}` });
    await until(async () => (await process.jobs.pending(SWEEP_JOB)) === 0 && (await process.jobs.pending(EVALUATE_JOB)) === 0, `the sweep of ${today}`);
  }
  const row = (personId: string) => t.database.db.selectFrom('insured_people').select(['state', 'deadline', 'restricted_on']).where('person_id', '=', personId).executeTakeFirstOrThrow();
  const state = async (personId: string) => (await row(personId)).state;
  const mails = async (email: string) => (await t.services.mail.listByRecipient(t.database.db, email)).map((m) => m.kind).filter((k) => k.startsWith('insured.') && k !== 'insured.registration-code').sort();

  async function enroll(curp: string) {
    const session = await operator.post('/api/biometrics/sessions', { curp, stationId: station.id });
    expect(session.statusCode, session.body).toBe(201);
    const id = session.json().id;
    await operator.post(`/api/biometrics/sessions/${id}/reader`, { readerId: station.simulated });
    expect((await operator.post(`/api/biometrics/sessions/${id}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    const done = await operator.post(`/api/biometrics/sessions/${id}/complete`);
    expect(done.json().status, done.body).toBe('registrado');
  }

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    admin = await loggedIn(t, 1591, 'admin');
    supervisor = await loggedIn(t, 1592, 'supervisor');
    operator = await loggedIn(t, 1593, 'operador');
    station = await createStation(admin, 'UMF-ENROL-15');
    a = await insuredPerson(t, 1501, { ooadCode: '35' });
    b = await insuredPerson(t, 1502, { ooadCode: '19' });
    d = await insuredPerson(t, 1503, { ooadCode: '19' });
    p = await insuredPerson(t, 1504, { ooadCode: '35', pensioner: true });
    r = await registerInsured(t, 1506, '35');
  }, 300_000);
  afterAll(() => t?.close());

  it('lets only an admin set the rollout policy, and checks its waves', async () => {
    expect((await supervisor.post('/api/insured/waves', { segment: 'existente', startsOn: D0, ooadCode: '35' })).statusCode).toBe(403);
    const bad = await admin.post('/api/insured/waves', { segment: 'nuevo_ingreso', startsOn: D0, ooadCode: '35' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'WAVE_INVALID']);
    const inverted = await admin.post('/api/insured/waves', { segment: 'existente', startsOn: D0, birthFrom: '1990-01-01', birthTo: '1980-01-01' });
    expect([inverted.statusCode, inverted.json().error.code]).toEqual([400, 'WAVE_INVALID']);

    // Existing workers of OOAD 35 from day 0; of any OOAD born on d's birthday (a birth-date wave); new hires from 100 days before.
    expect((await admin.post('/api/insured/waves', { segment: 'existente', startsOn: D0, ooadCode: '35', note: 'Ola 1: CDMX Norte' })).statusCode).toBe(201);
    expect((await admin.post('/api/insured/waves', { segment: 'existente', startsOn: D0, birthFrom: d.birthDate, birthTo: d.birthDate })).statusCode).toBe(201);
    expect((await admin.post('/api/insured/waves', { segment: 'nuevo_ingreso', startsOn: day(-100) })).statusCode).toBe(201);
    expect(b.birthDate).not.toBe(d.birthDate);
    expect((await admin.get('/api/insured/waves')).json()).toHaveLength(3);
  }, 120_000);

  it('walks days 0, 29, 30 and 31, e-mails each step once, and restores at once on registrado', async () => {
    const one = boot();
    await one.jobs.start();
    await sweepOn(one, day(-1));
    for (const x of [a, b, d, p]) expect(await state(x.personId)).toBe('sin_biometria');
    expect(await state(r.personId)).toBe('sin_biometria');

    // Day 0: restricted and notified, deadline on day 30.
    await sweepOn(one, day(0));
    expect(await row(a.personId)).toEqual({ state: 'restringido', restricted_on: day(0), deadline: day(30) });
    expect(await state(d.personId)).toBe('restringido');
    expect(await state(r.personId)).toBe('restringido');
    expect(await state(b.personId)).toBe('sin_biometria');
    expect(await state(p.personId)).toBe('sin_biometria');
    expect(await mails(a.email)).toEqual(['insured.restriccion']);

    // The portal shows the restriction and its deadline.
    const me = await r.client.get('/api/insured/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ nss: r.nss, biometricStatus: 'sin_registro', restriction: { state: 'restringido', deadline: day(30) } });
    expect(me.json().restriction.history).toEqual([expect.objectContaining({ from: 'sin_biometria', to: 'restringido', on: day(0), reason: expect.stringContaining('OOAD 35') })]);

    await sweepOn(one, day(22));
    expect(await mails(a.email)).toEqual(['insured.restriccion']);
    await sweepOn(one, day(23));
    await sweepOn(one, day(23));
    expect(await mails(a.email)).toEqual(['insured.recordatorio', 'insured.restriccion']);
    await one.jobs.stop();

    // Restart: the same days again, then the deadline.
    const two = boot();
    await two.jobs.start();
    await sweepOn(two, day(23));
    await sweepOn(two, day(29));
    expect(await state(a.personId)).toBe('restringido');
    await sweepOn(two, day(30));
    expect(await state(a.personId)).toBe('restringido');
    await sweepOn(two, day(31));
    expect(await state(a.personId)).toBe('nss_suspendido');
    expect(await state(d.personId)).toBe('nss_suspendido');
    await sweepOn(two, day(31));
    await sweepOn(two, day(32));
    expect(await mails(a.email)).toEqual(['insured.recordatorio', 'insured.restriccion', 'insured.suspension']);
    expect(await state(p.personId)).toBe('sin_biometria');
    expect(await state(b.personId)).toBe('sin_biometria');
    expect(await two.jobs.failed(EVALUATE_JOB)).toBe(0);
    await two.jobs.stop();

    // Day 31: enrolling at a station restores al_corriente in the enrollment's own transaction — no sweep.
    await enroll(a.curp);
    expect(await row(a.personId)).toMatchObject({ state: 'al_corriente', deadline: null });
    const history = await t.database.db.selectFrom('insured_transitions').select(['from_state', 'to_state', 'reason', 'actor']).where('person_id', '=', a.personId).orderBy('seq').execute();
    expect(history.map((h) => `${h.from_state}→${h.to_state}`)).toEqual(['sin_biometria→restringido', 'restringido→nss_suspendido', 'nss_suspendido→al_corriente']);
    expect(history[2]).toMatchObject({ reason: expect.stringContaining('registrado'), actor: expect.stringMatching(/^account:/) });
    const audited = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'insured.restriction.transition').where('subject', '=', `person:${a.personId}`).execute();
    expect(audited).toHaveLength(3);
  }, 300_000);

  it('extends a deadline with a reason (supervisor), back to restringido, suspended again after it', async () => {
    const noReason = await supervisor.post(`/api/insured/people/${d.curp}/extension`, { days: 10, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect((await operator.post(`/api/insured/people/${d.curp}/extension`, { days: 10, reason: 'Hospitalizado' })).statusCode).toBe(403);
    const extended = await supervisor.post(`/api/insured/people/${d.curp}/extension`, { days: 10, reason: 'Hospitalizado del día 20 al 31' });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json()).toMatchObject({ state: 'restringido', deadline: day(40) });
    const ext = await t.database.db.selectFrom('restriction_extensions').selectAll().where('person_id', '=', d.personId).executeTakeFirstOrThrow();
    expect(ext).toMatchObject({ previous_deadline: day(30), new_deadline: day(40), reason: 'Hospitalizado del día 20 al 31' });
    expect((await supervisor.post(`/api/insured/people/${a.curp}/extension`, { days: 10, reason: 'Ya está al corriente' })).json().error.code).toBe('EXTENSION_NOT_APPLICABLE');

    const three = boot();
    await three.jobs.start();
    await sweepOn(three, day(33));
    expect(await state(d.personId)).toBe('restringido');
    await sweepOn(three, day(40));
    expect(await state(d.personId)).toBe('restringido');
    await sweepOn(three, day(41));
    expect(await state(d.personId)).toBe('nss_suspendido');
    await three.jobs.stop();
    // One suspension e-mail per deadline: the first one and the one after the extension.
    expect(await mails(d.email)).toEqual(['insured.recordatorio', 'insured.recordatorio', 'insured.restriccion', 'insured.suspension', 'insured.suspension']);
  }, 300_000);

  it('restricts a new hire at once, and a crash inside a transition leaves no half-state and no second e-mail', async () => {
    const n = await insuredPerson(t, 1505, { ooadCode: '19', hiredOn: day(5), today: day(5) });
    expect(await row(n.personId)).toEqual({ state: 'restringido', restricted_on: day(5), deadline: day(35) });
    expect(await mails(n.email)).toEqual(['insured.restriccion']);

    // The suspension's e-mail fails once inside the transaction: nothing of it stays.
    let failures = 1;
    const flaky = Object.create(t.services.mail) as MailService;
    flaky.enqueue = async (trx, mail) => {
      if (mail.kind === 'insured.suspension' && failures-- > 0) throw new Error('simulated crash after the state change, before commit');
      return t.services.mail.enqueue(trx, mail);
    };
    const crashy = boot(flaky);
    await expect(crashy.insured.evaluate(n.personId, day(36))).rejects.toThrow('simulated crash');
    expect(await state(n.personId)).toBe('restringido');
    expect(await mails(n.email)).toEqual(['insured.restriccion']);
    expect(await crashy.insured.evaluate(n.personId, day(36))).toBe('nss_suspendido');
    expect(await crashy.insured.evaluate(n.personId, day(36))).toBe('nss_suspendido');
    expect(await mails(n.email)).toEqual(['insured.restriccion', 'insured.suspension']);
  }, 300_000);
});
