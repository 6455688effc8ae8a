import { makeDemoPerson } from '@siap/mx-identity';
import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import type { EmployerConfig } from './employer-config.ts';
import { ensureDemoPki, type DemoPkiFiles } from './demo-pki.ts';
import { withCheckDigit } from './registro-patronal.ts';
import { addDays } from './business-days.ts';
import { civilToday } from './service.ts';

const MARKER = 'demo.employer.version';
/** The demo patrón is demo person 3 (its CURP-login account is seeded by modules/demo). */
export const DEMO_PATRON_SEED = 3;
/** Demo person 7 is enrolled and employed; 8 has no biometrics (an alta is refused). */
export const DEMO_ENROLLED_WORKER_SEED = 7;
export const DEMO_UNENROLLED_WORKER_SEED = 8;
export const DEMO_REGISTRO = withCheckDigit('Y541234510');

export interface EmployerDemo {
  pki: DemoPkiFiles;
  rfc: string;
  registro: string;
  enrolledWorkerCurp: string;
  unenrolledWorkerCurp: string;
}

/**
 * The employer demo, through the real services: the demo PKI (e.firma + institution key), the
 * employer of the demo patrón with one registro patronal, a worker enrolled with simulated
 * fingers and given an alta 30 days ago. Runs after the main demo seed; idempotent.
 */
export async function seedEmployerDemo(db: Db, services: Services, config: EmployerConfig, now = new Date()): Promise<EmployerDemo | null> {
  if (!config.demoDir || config.signingPassword === null) return null;
  const patron = makeDemoPerson(DEMO_PATRON_SEED);
  const worker = makeDemoPerson(DEMO_ENROLLED_WORKER_SEED);
  const pki = await ensureDemoPki(config.demoDir, { name: `${patron.givenNames} ${patron.firstSurname} ${patron.secondSurname ?? ''}`.trim(), rfc: patron.rfc, curp: patron.curp }, config.signingPassword, now);
  const demo = { pki, rfc: patron.rfc, registro: DEMO_REGISTRO, enrolledWorkerCurp: worker.curp, unenrolledWorkerCurp: makeDemoPerson(DEMO_UNENROLLED_WORKER_SEED).curp };
  if (await db.selectFrom('app_meta').select('value').where('key', '=', MARKER).executeTakeFirst()) return demo;

  if (!(await services.employer.employerByRfc(patron.rfc))) {
    await services.employer.createEmployer(
      {
        rfc: patron.rfc,
        name: `${patron.givenNames} ${patron.firstSurname} ${patron.secondSurname ?? ''}`.trim(),
        ownerCurp: patron.curp,
        registros: [{ registro: DEMO_REGISTRO, ooadCode: '35', subdelegacion: 'Centro', activityClass: 2, riskPremium: '0.54355', wageZone: 'general' }],
      },
      'system',
    );
  }
  const operatorRow = await db.selectFrom('accounts').select(['id', 'person_id']).where('role', '=', 'operador').executeTakeFirst();
  const station = (await services.readers.listStations()).find((s) => s.readers.some((r) => r.driver === 'simulado'));
  if (!operatorRow || !station) return demo;
  const operator = { actor: `account:${operatorRow.id}` as const, accountId: operatorRow.id };
  const status = await services.enrollment.statusOf(worker.curp, { actor: 'system', purpose: 'datos de demostración' }).catch(() => null);
  if (status && status.status === 'sin_registro') {
    // The demo worker consented at the station, as every enrollment requires (privacy module).
    const personId = await services.privacy.resolvePerson(worker.curp);
    await services.privacy.recordNow({ personId, scope: 'datos_biometricos', granted: true, noticeVersion: services.privacy.notice().version, channel: 'estacion', stationId: station.id }, operator.actor);
    const session = await services.enrollment.openSession({ curp: worker.curp, stationId: station.id }, operator);
    const reader = station.readers.find((r) => r.driver === 'simulado')!;
    await services.enrollment.selectReader(session.id, reader.id, operator);
    for (let position = 1; position <= 10; position++) await services.enrollment.captureFinger(session.id, position, { simulate: {} }, operator);
    // Ten simulated fingers; the demo has no photograph of this worker, so the face is not required
    // of this one demo enrollment (the operator station still requires it of everyone else).
    await services.enrollment.complete(session.id, operator, { minFingers: 8, requireFace: false });
  }
  const owner = await services.identity.resolvePersonId(db, patron.curp);
  if (owner) {
    await services.employer
      .registerMovement({ actor: 'system', personId: owner, role: 'patron' }, DEMO_REGISTRO, {
        kind: 'alta',
        curp: worker.curp,
        date: addDays(civilToday(now), -30),
        dailySalary: '450.00',
        integrationFactor: '1.0493',
        workerType: 'permanente',
        salaryType: 'fijo',
        jornada: 'completa',
        umf: 'UMF 20 Vallejo',
      })
      .catch(() => undefined);
  }
  await db.insertInto('app_meta').values({ key: MARKER, value: '1' }).execute();
  return demo;
}

export function describeEmployerDemo(demo: EmployerDemo): string {
  return [
    'Patrón con e.firma de demostración (RFC ' + demo.rfc + ', registro patronal ' + demo.registro + '):',
    `  certificado (.cer): ${demo.pki.patronCer}`,
    `  clave privada (.key): ${demo.pki.patronKey} · contraseña de la clave ${demo.pki.password}`,
    `  AC de confianza: ${demo.pki.caCert} · llave de firma de constancias: ${demo.pki.institutionP12}`,
    `  trabajador con biometría: CURP ${demo.enrolledWorkerCurp} · sin biometría: CURP ${demo.unenrolledWorkerCurp}`,
  ].join('\n');
}
