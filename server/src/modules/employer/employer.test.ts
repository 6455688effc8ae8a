import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { ONE_FINGER_POLICY, createStation, loggedIn, registerPerson } from '../enrollment/testing.ts';
import { testConfig } from '../../config.ts';
import type { Person } from '../identity/service.ts';
import { withCheckDigit } from './registro-patronal.ts';
import { createEmployerFor, enrollSimulated, setClock } from './testing.ts';
import { ensureDemoPki } from './demo-pki.ts';
import { parseSignedData } from '@siap/evidence';

const SLOW = 120_000;

describe('employer: registros patronales, movements gated by biometrics, queries', () => {
  let t: TestApp;
  let patron: HttpClient;
  let otherPatron: HttpClient;
  let operator: HttpClient;
  let registro: string;
  let enrolled: Person;
  let notEnrolled: Person;
  let owner: TestUser;

  const login = async (user: TestUser) => {
    const client = t.client();
    const r = await client.post('/api/auth/curp-login', { curp: user.person.curp, password: user.password });
    if (r.statusCode !== 200) throw new Error(r.body);
    await client.csrf();
    return client;
  };
  const movement = (body: Record<string, unknown>, client = patron) => client.post(`/api/employer/registros/${registro}/movements`, body);
  const alta = (curp: string, date: string, extra: Record<string, unknown> = {}) =>
    movement({ kind: 'alta', curp, date, dailySalary: '400.00', integrationFactor: '1.0493', workerType: 'permanente', salaryType: 'fijo', jornada: 'completa', umf: 'UMF 20', ...extra });

  beforeAll(async () => {
    // The clock is set to mid-2026 (the rate tables cover known years only); sessions outlive the
    // gap to the real date so the cookie client does not drop them as expired.
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY }, sessionTtlMs: 20 * 365 * 86_400_000 } });
    setClock(t, '2026-06-15T18:00:00Z');
    owner = await createTestUser(t, { seed: 301, role: 'patron' });
    const other = await createTestUser(t, { seed: 302, role: 'patron' });
    ({ registro } = await createEmployerFor(t, 301));
    await createEmployerFor(t, 302, 'Y5499999101'.slice(0, 10));
    patron = await login(owner);
    otherPatron = await login(other);
    const admin = await loggedIn(t, 303, 'admin');
    operator = await loggedIn(t, 304, 'operador');
    const station = await createStation(admin, 'EMP-01');
    enrolled = await registerPerson(t, 305);
    notEnrolled = await registerPerson(t, 306);
    await enrollSimulated(operator, enrolled.curp, station.id, station.simulated);
    const pki = await ensureDemoPki(await mkdtemp(join(tmpdir(), 'constancias-')), { name: 'X', rfc: owner.person.rfc!, curp: owner.person.curp }, 'clave-p12');
    t.config.employer.signingP12 = pki.institutionP12;
    t.config.employer.signingPassword = 'clave-p12';
  }, SLOW);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a malformed RFC or registro patronal and a bad premium, writing nothing', async () => {
    const base = { name: 'X', ownerCurp: owner.person.curp, registros: [{ registro: withCheckDigit('Y541234610'), ooadCode: '35', subdelegacion: 'C', activityClass: 1, riskPremium: '0.5', wageZone: 'general' as const }] };
    await expect(t.services.employer.createEmployer({ ...base, rfc: 'AAA010101AA0' }, 'system')).rejects.toMatchObject({ code: 'RFC_INVALID' });
    const wrongDigit = `${withCheckDigit('Y541234610').slice(0, 10)}${(Number(withCheckDigit('Y541234610')[10]) + 1) % 10}`;
    await expect(t.services.employer.createEmployer({ ...base, rfc: 'GODE561231GR8', registros: [{ ...base.registros[0]!, registro: wrongDigit }] }, 'system')).rejects.toMatchObject({ code: 'REGISTRO_PATRONAL_INVALID' });
    await expect(t.services.employer.createEmployer({ ...base, rfc: 'GODE561231GR8', registros: [{ ...base.registros[0]!, riskPremium: '16' }] }, 'system')).rejects.toMatchObject({ code: 'RISK_PREMIUM_INVALID' });
    expect(await t.services.employer.employerByRfc('GODE561231GR8')).toBeUndefined();
  });

  it('shows the patrón its employer and registros', async () => {
    const me = await patron.get('/api/employer');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ rfc: owner.person.rfc, registros: [{ registro, riskPremium: '0.54355', wageZone: 'general' }] });
  });

  it('refuses the alta of a person without biometrics with the way to get enrolled, and stores nothing', async () => {
    const refused = await alta(notEnrolled.curp, '2026-06-12');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('BIOMETRICS_REQUIRED');
    expect(refused.json().error.message).toMatch(/no tiene registro biométrico.*módulo de registro biométrico/);
    expect(refused.json().error.details.stations[0].name).toBe('Ventanilla EMP-01');
    expect((await patron.get(`/api/employer/registros/${registro}/workers`)).json()).toEqual([]);
  });

  it('accepts the alta of an enrolled person; refuses a duplicate, an SBC out of bounds, another employer', async () => {
    const tooLow = await alta(enrolled.curp, '2026-06-12', { dailySalary: '200.00' });
    expect(tooLow.statusCode).toBe(422);
    expect(tooLow.json().error).toMatchObject({ code: 'SBC_OUT_OF_BOUNDS', details: { min: '315.04', max: '2932.75' } });
    const tooHigh = await alta(enrolled.curp, '2026-06-12', { dailySalary: '3000.00' });
    expect(tooHigh.json().error.code).toBe('SBC_OUT_OF_BOUNDS');

    const ok = await alta(enrolled.curp, '2026-06-12');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'alta', sbc: '419.72', late: false, umf: 'UMF 20', nss: enrolled.nss });
    const again = await alta(enrolled.curp, '2026-06-13');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DUPLICATE_ALTA');
    const foreign = await movement({ kind: 'baja', curp: enrolled.curp, date: '2026-06-14', bajaCause: 'otras' }, otherPatron);
    expect(foreign.statusCode).toBe(403);
  });

  it('records a salary change in term, refuses a baja before the last movement, records the baja, keeps the history', async () => {
    const change = await movement({ kind: 'modificacion', curp: enrolled.curp, date: '2026-06-12', dailySalary: '500.00', integrationFactor: '1.0493', workerType: 'permanente', salaryType: 'fijo', jornada: 'completa' });
    expect(change.statusCode, change.body).toBe(201);
    expect(change.json()).toMatchObject({ kind: 'modificacion', sbc: '524.65', late: false });

    const early = await movement({ kind: 'baja', curp: enrolled.curp, date: '2026-06-01', bajaCause: 'separacion_voluntaria' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('MOVEMENT_BEFORE_ALTA');
    const noCause = await movement({ kind: 'baja', curp: enrolled.curp, date: '2026-06-14' });
    expect(noCause.json().error.code).toBe('BAJA_CAUSE_INVALID');

    const baja = await movement({ kind: 'baja', curp: enrolled.curp, date: '2026-06-14', bajaCause: 'separacion_voluntaria' });
    expect(baja.statusCode, baja.body).toBe(201);

    const history = await patron.get(`/api/employer/registros/${registro}/workers/${enrolled.curp}/movements`);
    expect(history.json().map((m: { kind: string }) => m.kind)).toEqual(['alta', 'modificacion', 'baja']);
    const workers = await patron.get(`/api/employer/registros/${registro}/workers`);
    expect(workers.json()).toEqual([expect.objectContaining({ curp: enrolled.curp, biometricStatus: 'registrado', employed: false, sbc: null, lastMovement: 'baja' })]);
    const csv = await patron.get(`/api/employer/registros/${registro}/workers.csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('\uFEFFnss,curp,nombre,estado_biometrico,vigente_en_registro,desde,sbc,ultimo_movimiento');
    expect(csv.body).toContain(`${enrolled.nss},${enrolled.curp}`);
  });

  it('accepts a reingreso after the baja, flagged late when given more than five business days after its date', async () => {
    setClock(t, '2026-07-03T18:00:00Z');
    const reingreso = await alta(enrolled.curp, '2026-06-22');
    expect(reingreso.statusCode, reingreso.body).toBe(201);
    // 22 June → 3 July: nine business days, four beyond the term.
    expect(reingreso.json()).toMatchObject({ kind: 'reingreso', late: true, businessDaysLate: 4 });
  });

  it('computes the month’s contributions from the movements', async () => {
    const june = await patron.get(`/api/employer/registros/${registro}/contributions?month=2026-06`);
    expect(june.statusCode, june.body).toBe(200);
    const body = june.json();
    expect(body.uma).toBe('117.31');
    // Employed 12–14 June and from 22 June: 3 + 9 = 12 days at the SBC in force at the month's end (419.72 on the reingreso).
    const worker = body.workers[0];
    expect(worker.sbc).toBe('419.72');
    expect(worker.branches.find((b: { branch: string }) => b.branch === 'infonavit').employer).toBe('251.83'); // 419.72 × 12 × 5 % = 251.832
    const csv = await patron.get(`/api/employer/registros/${registro}/contributions.csv?month=2026-06`);
    expect(csv.body).toContain(`${enrolled.nss},`);
    expect(csv.body).toContain('TOTAL,,infonavit,251.83,0.00');
  });

  it('issues a signed constancia (vigente) that pdfsig reports valid, and invalid after one changed byte', async () => {
    const response = await patron.get(`/api/employer/workers/${enrolled.curp}/constancia`);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    const text = pdf.toString('latin1');
    const folio = /CVD-\d{4}-[0-9A-F]{10}/.exec(text)?.[0];
    expect(folio).toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'constancia-'));
    const file = join(dir, 'constancia.pdf');
    await writeFile(file, pdf);
    const pdfsig = (path: string) => {
      try {
        return execFileSync('pdfsig', [path], { encoding: 'utf8' });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    };
    const report0 = pdfsig(file);
    expect(report0, report0).toMatch(/Signature Validation: Signature is Valid/);
    expect(report0).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    // PAdES-B-B (ETSI EN 319 142-1): the CMS binds its certificate (signing-certificate-v2) and
    // carries no signing-time attribute (the claimed time is the dictionary's M entry).
    const contents = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(text)?.[1];
    expect(contents).toBeDefined();
    // The placeholder is zero-padded past the DER; the parser reads the first element and stops
    // (stripping trailing zero bytes would also cut a signature that happens to end in one).
    const signerInfo = parseSignedData(new Uint8Array(Buffer.from(contents!, 'hex'))).signerInfos[0]!;
    const attributes = (signerInfo.signedAttrs?.attributes ?? []).map((a) => a.type);
    expect(attributes).toEqual(expect.arrayContaining(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.16.2.47']));
    expect(attributes).not.toContain('1.2.840.113549.1.9.5');
    expect(text).toMatch(/\/M\s*\(D:\d{14}/);

    // Change one byte inside the signed content: the last character of the folio in the document's title.
    const at = pdf.indexOf(Buffer.from(folio!));
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(pdf);
    const last = at + folio!.length - 1;
    tampered[last] = tampered[last] === 0x41 ? 0x42 : 0x41;
    const tamperedFile = join(dir, 'alterada.pdf');
    await writeFile(tamperedFile, tampered);
    const report = pdfsig(tamperedFile);
    expect(report).not.toMatch(/Signature is Valid/);
    expect(report).toMatch(/Signature is Invalid|Digest Mismatch/);

    const page = await t.client().get(`/api/constancias/${folio}/verificacion`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('VIGENTE');
    expect((await t.client().get('/api/constancias/CVD-2026-0000000000/verificacion')).statusCode).toBe(404);
    // A patrón cannot get a constancia of someone who never worked for it.
    expect((await otherPatron.get(`/api/employer/workers/${enrolled.curp}/constancia`)).statusCode).toBe(403);
  }, SLOW);

  it('refuses a malformed CURP or NSS, a baja of someone not employed, an alta on or before the last baja and a date in the future, writing nothing', async () => {
    // State here: the enrolled person is employed again since the reingreso of 22 June; today is 3 July.
    const historyOf = async (curp: string) => (await patron.get(`/api/employer/registros/${registro}/workers/${curp}/movements`)).json() as Array<{ kind: string }>;
    const before = (await historyOf(enrolled.curp)).length;
    const refusals: Array<[string, number, Awaited<ReturnType<typeof movement>>]> = [
      ['CURP_INVALID', 400, await alta('GODE561231HDFRRN0X', '2026-07-01')],
      ['CURP_INVALID', 400, await alta('NO-ES-UNA-CURP', '2026-07-01')],
      ['NSS_INVALID', 400, await alta(enrolled.curp, '2026-07-01', { nss: `${enrolled.nss!.slice(0, 10)}${(Number(enrolled.nss!.slice(10)) + 1) % 10}` })],
      ['NSS_INVALID', 400, await alta(enrolled.curp, '2026-07-01', { nss: '123' })],
      ['DATE_IN_FUTURE', 422, await alta(enrolled.curp, '2026-07-04')],
      ['DATE_INVALID', 400, await alta(enrolled.curp, '2026-02-30x')],
      ['NOT_EMPLOYED', 409, await movement({ kind: 'baja', curp: notEnrolled.curp, date: '2026-07-01', bajaCause: 'otras' })],
      ['NOT_EMPLOYED', 409, await movement({ kind: 'modificacion', curp: notEnrolled.curp, date: '2026-07-01', dailySalary: '500.00', integrationFactor: '1.0493', workerType: 'permanente', salaryType: 'fijo', jornada: 'completa' })],
    ];
    for (const [code, status, response] of refusals) {
      expect(response.statusCode, `${code}: ${response.body}`).toBe(status);
      expect(response.json().error.code).toBe(code);
    }
    expect(await historyOf(enrolled.curp)).toHaveLength(before);
    expect((await patron.get(`/api/employer/registros/${registro}/workers`)).json().map((w: { curp: string }) => w.curp)).toEqual([enrolled.curp]);

    // A reingreso must come after the baja: not the same day, not before.
    expect((await movement({ kind: 'baja', curp: enrolled.curp, date: '2026-07-01', bajaCause: 'termino_contrato' })).statusCode).toBe(201);
    for (const date of ['2026-07-01', '2026-06-30']) {
      const early = await alta(enrolled.curp, date);
      expect(early.statusCode, early.body).toBe(422);
      expect(early.json().error.code).toBe('ALTA_BEFORE_BAJA');
    }
    expect((await historyOf(enrolled.curp)).map((m) => m.kind).slice(before)).toEqual(['baja']);
  });

  it('keeps movements append-only in the database', async () => {
    await expect(sql`update employer_movements set sbc = 1`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });
});
