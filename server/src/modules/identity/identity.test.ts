import { makeDemoPerson } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../testing/http-client.ts';
import { createTestApp, createTestUser, type TestApp } from '../../testing/test-app.ts';

describe('identity over HTTP: validation and registry cross-check', () => {
  let t: TestApp;
  let operator: HttpClient;
  const known = makeDemoPerson(301);
  const cancelled = makeDemoPerson(302);
  const outside = makeDemoPerson(303);

  beforeAll(async () => {
    t = await createTestApp();
    await t.services.identity.loadRegistry(
      [
        { ...known, birthState: known.stateCode, status: 'vigente' },
        { ...cancelled, birthState: cancelled.stateCode, status: 'baja' },
      ],
      'system',
    );
    const user = await createTestUser(t, { seed: 304, role: 'operador', matricula: '20000001', ooadCode: '14' });
    operator = t.client();
    await operator.post('/api/auth/employee-login', { matricula: '20000001', ooadCode: '14', password: user.password });
    await operator.csrf();
  });
  afterAll(() => t.close());

  const body = (p: typeof known, extra: Record<string, unknown> = {}) => ({
    curp: p.curp,
    nss: p.nss,
    rfc: p.rfc,
    givenNames: p.givenNames,
    firstSurname: p.firstSurname,
    secondSurname: p.secondSurname,
    email: 'persona301@correo.example',
    ...extra,
  });

  it('creates an identity that matches the registry and stores the verification', async () => {
    const response = await operator.post('/api/identities', body(known, { givenNames: known.givenNames.toUpperCase() }));
    expect(response.statusCode).toBe(201);
    const person = response.json();
    expect(person).toMatchObject({
      curp: known.curp,
      nss: known.nss,
      givenNames: known.givenNames, // the registry's spelling, accents included
      birthDate: known.birthDate,
      sex: known.sex,
      registry: { status: 'vigente', source: 'embedded' },
    });
    const audit = await t.services.audit.listBySubject(t.database.db, `person:${person.id}`);
    expect(audit.map((a) => a.action)).toEqual(['identity.created']);
  });

  it('refuses a second identity with the same CURP', async () => {
    const response = await operator.post('/api/identities', body(known));
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('IDENTITY_EXISTS');
  });

  it('answers CURP_NOT_IN_REGISTRY, CURP_BAJA and IDENTITY_MISMATCH', async () => {
    const missing = await operator.post('/api/identities', body(outside));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('CURP_NOT_IN_REGISTRY');

    const baja = await operator.post('/api/identities', body(cancelled));
    expect(baja.statusCode).toBe(422);
    expect(baja.json().error.code).toBe('CURP_BAJA');

    const renamed = await t.services.identity.loadRegistry(
      [{ ...outside, birthState: outside.stateCode, status: 'vigente' }],
      'system',
    );
    expect(renamed).toBe(1);
    const mismatch = await operator.post('/api/identities', body(outside, { givenNames: 'Nombre Distinto', birthDate: '1901-01-01' }));
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error).toMatchObject({
      code: 'IDENTITY_MISMATCH',
      details: { fields: ['givenNames', 'birthDate'] },
    });
  });

  it('validates CURP, NSS and RFC with precise codes', async () => {
    const curp = await operator.post('/api/identities', body(outside, { curp: 'AAAA000000XXXXXX00' }));
    expect(curp.statusCode).toBe(400);
    expect(curp.json().error.code).toBe('CURP_INVALID');

    const nss = await operator.post('/api/identities', body(outside, { nss: '12345678901' }));
    expect(nss.statusCode).toBe(400);
    expect(nss.json().error.code).toBe('NSS_INVALID');

    const rfc = await operator.post('/api/identities', body(outside, { rfc: 'XXXX' }));
    expect(rfc.statusCode).toBe(400);
    expect(rfc.json().error.code).toBe('RFC_INVALID');

    const email = await operator.post('/api/identities', body(outside, { email: 'no-es-correo' }));
    expect(email.statusCode).toBe(400);
    expect(email.json().error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'El campo «email» no tiene un formato válido (email).' });
  });

  it('audits every read with who and why, and requires the purpose', async () => {
    const noPurpose = await operator.get(`/api/identities/${known.curp}`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().error.code).toBe('VALIDATION_ERROR');

    const read = await operator.get(`/api/identities/${known.curp}?purpose=${encodeURIComponent('verificación de supervivencia')}`);
    expect(read.statusCode).toBe(200);
    const entries = await t.services.audit.listBySubject(t.database.db, `person:${read.json().id}`);
    const last = entries[0];
    expect(last).toMatchObject({ action: 'identity.read', purpose: 'verificación de supervivencia' });
    const session = await operator.get('/api/session');
    expect(last.actor).toBe(`account:${session.json().accountId}`);
  });

  it('accepts the admin portal\'s shift-assignment purpose (the page\'s lookup was refused as VALIDATION_ERROR)', async () => {
    const read = await operator.get(`/api/identities/${known.curp}?purpose=${encodeURIComponent('asignación de jornada laboral')}`);
    expect(read.statusCode).toBe(200);
    const entries = await t.services.audit.listBySubject(t.database.db, `person:${read.json().id}`);
    expect(entries[0]).toMatchObject({ action: 'identity.read', purpose: 'asignación de jornada laboral' });
  });

  it('answers 404 PERSON_NOT_FOUND for a valid CURP nobody registered', async () => {
    const response = await operator.get(`/api/identities/${outside.curp}?purpose=${encodeURIComponent('atención en ventanilla')}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('PERSON_NOT_FOUND');
  });
});
