import { formatQuincena, makeDemoPerson, previousQuincena, quincenaOf } from '@siap/mx-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { seedDemo } from '../demo/seed.ts';
import { seedAttendanceDemo } from './demo-seed.ts';
import { wallClock } from './rules/civil-days.ts';

describe('attendance demo data', () => {
  let t: TestApp;
  let personId: string;
  const access = { actor: 'system' as const, purpose: 'prueba de los datos de demostración' };

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db, t.services);
    personId = (await t.services.identity.resolvePersonId(t.database.db, makeDemoPerson(1).curp))!;
  }, 60_000);
  afterAll(() => t.close());

  const recordCount = async () => (await t.database.db.selectFrom('attendance_records').select('id').where('person_id', '=', personId).execute()).length;

  it('gives the demo employee a last quincena with one incident of each kind and a pending justification', async () => {
    const today = wallClock(new Date(), t.services.attendance.timeZone).date;
    const report = await t.services.attendance.quincena(personId, formatQuincena(previousQuincena(quincenaOf(today))), access);
    expect(report.totals.pendingDays).toBe(0);
    expect(report.totals.incidents).toEqual({ retardo: 1, falta: 1, omision_entrada: 0, omision_salida: 1 });
    expect(report.justifications).toEqual([expect.objectContaining({ incident: 'falta', status: 'pendiente' })]);
    expect(report.days.some((d) => d.checkIn?.method === 'rostro')).toBe(true);
    expect(await recordCount()).toBeGreaterThan(0);
  });

  it('adds nothing when run again, even without its marker', async () => {
    const before = await recordCount();
    const shifts = (await t.services.attendance.listShifts()).length;
    await t.database.db.deleteFrom('app_meta').where('key', '=', 'demo.attendance.version').execute();
    await seedAttendanceDemo(t.database.db, t.services);
    expect(await recordCount()).toBe(before);
    expect((await t.services.attendance.listShifts()).length).toBe(shifts);
    const justifications = await t.database.db.selectFrom('attendance_justifications').select('id').execute();
    expect(justifications).toHaveLength(1);
  });
});
