import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../testing/test-app.ts';
import { createStation, fingerPng, giveConsent, loggedIn, ONE_FINGER_POLICY, type TestStation } from '../enrollment/testing.ts';

/**
 * POST /api/biometrics/verify/finger-image: the finger image as the request's body (no base64, no
 * JSON), the rest in the query. Same decision and score as the same file sent base64 in JSON.
 */
describe('1:1 verification with a binary finger image', () => {
  let t: TestApp;
  let operator: HttpClient;
  let station: TestStation;
  let employee: TestUser;
  const api = '/api/biometrics';
  const SLOW = 300_000;

  const upload = (query: Record<string, string | number>, body: Buffer | string, contentType = 'image/png') =>
    operator.post(`${api}/verify/finger-image?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`, body, { 'content-type': contentType });
  const query = () => ({ curp: employee.person.curp, purpose: 'asistencia', fingerReaderId: station.upload, position: 2 });

  beforeAll(async () => {
    t = await createTestApp({ config: { biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } } });
    const admin = await loggedIn(t, 851, 'admin');
    operator = await loggedIn(t, 852, 'operador');
    station = await createStation(admin, 'VENTANILLA-BIN');
    employee = await createTestUser(t, { seed: 853, role: 'empleado' });
    await giveConsent(operator, employee.person.curp, station.id);
    const session = (await operator.post(`${api}/sessions`, { curp: employee.person.curp, stationId: station.id })).json();
    await operator.post(`${api}/sessions/${session.id}/reader`, { readerId: station.simulated });
    expect((await operator.post(`${api}/sessions/${session.id}/fingers/2`, { simulate: {} })).statusCode).toBe(201);
    expect((await operator.post(`${api}/sessions/${session.id}/complete`)).json().status).toBe('registrado');
  }, SLOW);
  afterAll(() => t?.close());

  it('matches the person’s own finger, with the score the same file gets base64 in JSON, and audits it', async () => {
    const png = await fingerPng(employee.person.curp, 2, 5);
    const binary = await upload(query(), Buffer.from(png, 'base64'));
    expect(binary.statusCode, binary.body).toBe(200);
    expect(binary.json()).toMatchObject({ personId: employee.person.id, decision: 'coincide', purpose: 'asistencia' });

    const json = await operator.post(`${api}/verify`, { curp: employee.person.curp, purpose: 'asistencia', fingerReaderId: station.upload, fingers: [{ position: 2, image: png }] });
    expect(json.statusCode, json.body).toBe(200);
    expect(binary.json().finger).toEqual(json.json().finger);

    const audit = await t.services.audit.listBySubject(t.database.db, `person:${employee.person.id}`, 1_000);
    expect(audit.filter((a) => a.action === 'biometrics.verification' && a.purpose === 'asistencia').length).toBeGreaterThanOrEqual(2);
  }, SLOW);

  it('refuses another person’s finger', async () => {
    const other = await fingerPng('OTRA-PERSONA', 2, 1);
    const response = await upload(query(), Buffer.from(other, 'base64'));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().decision).toBe('no_coincide');
  }, SLOW);

  it('answers bad uploads with a code, never a crash', async () => {
    const png = Buffer.from(await fingerPng(employee.person.curp, 2, 6), 'base64');
    // A JSON body is not an image.
    const asJson = await upload(query(), JSON.stringify({ image: png.toString('base64') }), 'application/json');
    expect(asJson.statusCode).toBe(415);
    expect(asJson.json().error.code).toBe('IMAGE_BODY_REQUIRED');
    // A type this route does not take.
    const gif = await upload(query(), png, 'image/gif');
    expect(gif.statusCode).toBe(415);
    expect(gif.json().error.message).toMatch(/[a-záéíóú]/);
    // Bytes that are no image.
    const garbage = await upload(query(), Buffer.from('esto no es una imagen de huella'), 'application/octet-stream');
    expect(garbage.statusCode).toBeGreaterThanOrEqual(400);
    expect(garbage.statusCode).toBeLessThan(500);
    expect(garbage.json().error.code).toMatch(/^[A-Z_]+$/);
    // A query without the finger's position.
    const { position: _position, ...noPosition } = query();
    const missing = await upload(noPosition, png);
    expect(missing.statusCode).toBe(400);
  }, SLOW);

  it('refuses an anonymous upload before reading its body', async () => {
    const response = await t.app.inject({ method: 'POST', url: `${api}/verify/finger-image?curp=X&purpose=asistencia&fingerReaderId=${station.upload}&position=2`, payload: Buffer.alloc(1_000), headers: { 'content-type': 'image/png' } });
    expect(response.statusCode).toBe(401);
  });
});
