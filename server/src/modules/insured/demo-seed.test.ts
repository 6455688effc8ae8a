import { makeDemoPerson } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { seedDemo } from '../demo/seed.ts';
import { describeInsuredDemo, INSURED_DEMO_ACCOUNTS, MEDICO_DEMO, seedInsuredDemo } from './demo-seed.ts';

describe('insured demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db, t.services);
  }, 300_000);
  afterAll(() => t?.close());

  it('makes a restricted and a suspended asegurado, a médico and a UMF with slots; idempotent; the printed logins work', async () => {
    await seedInsuredDemo(t.database.db, t.services);
    await seedInsuredDemo(t.database.db, t.services);
    const state = async (seed: number) => {
      const personId = (await t.services.identity.resolvePersonId(t.database.db, makeDemoPerson(seed).curp))!;
      return (await t.services.insured.insuredOfPerson(personId))?.state;
    };
    expect(await state(21)).toBe('restringido');
    expect(await state(22)).toBe('nss_suspendido');
    expect((await t.database.db.selectFrom('clinics').select('code').execute()).map((c) => c.code).sort()).toEqual(['UMF-35-015', 'UMF-35-020']);
    expect((await t.database.db.selectFrom('consultorios').select('id').execute()).length).toBe(2);
    expect((await t.database.db.selectFrom('appointment_slots').select('id').execute()).length).toBe(8 * 2 * 18);

    const banner = describeInsuredDemo();
    for (const a of INSURED_DEMO_ACCOUNTS) {
      expect(banner).toContain(makeDemoPerson(a.seed).curp);
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/curp-login', payload: { curp: makeDemoPerson(a.seed).curp, password: a.password } });
      expect(res.json().role).toBe('asegurado');
    }
    const medico = await t.app.inject({ method: 'POST', url: '/api/auth/employee-login', payload: { matricula: MEDICO_DEMO.matricula, ooadCode: '35', password: MEDICO_DEMO.password } });
    expect(medico.json().role).toBe('medico');
  }, 300_000);
});
