import { findOoad, makeDemoPerson } from '@siap/mx-identity';
import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import { addDays } from '../employer/business-days.ts';
import { DEMO_PATRON_SEED, DEMO_REGISTRO } from '../employer/demo-seed.ts';
import { civilToday } from '../employer/service.ts';

const MARKER = 'demo.signature.version';
/** The demo médico (staff: matrícula + OOAD) and the demo asegurada, who works for the demo patrón. */
export const DEMO_MEDICO = { seed: 189, matricula: '10000189', ooadCode: '35', password: 'MedicoDemo2025' } as const;
export const DEMO_ASEGURADA = { seed: 186, password: 'AseguradaDemo2025' } as const;
/** The asegurada's alta: far enough back for the 30 weeks maternity asks (LSS art. 102). */
export const DEMO_ASEGURADA_EMPLOYED_DAYS = 400;

export interface SignatureDemo {
  medico: { matricula: string; ooadCode: string; password: string; name: string; personId: string; accountId: string };
  asegurada: { curp: string; password: string; name: string; personId: string };
}

/**
 * Issue 16's demo people, through the real services, after the main and employer demo seeds: a
 * médico of UMF 20 (OOAD 35) and an asegurada enrolled with ten simulated fingers at the demo
 * station, given an alta with the demo patrón 400 days ago (SBC 472.19). Idempotent.
 */
export async function seedSignatureDemo(db: Db, services: Services, now = new Date()): Promise<SignatureDemo | null> {
  const medico = makeDemoPerson(DEMO_MEDICO.seed);
  const asegurada = makeDemoPerson(DEMO_ASEGURADA.seed);
  const access = { actor: 'system' as const, purpose: 'datos de demostración' };
  const ensurePerson = async (seed: number, email: string) => {
    const person = makeDemoPerson(seed);
    const existing = await services.identity.resolvePersonId(db, person.curp);
    if (existing) return existing;
    const verified = await services.identity.verify({ ...person, email });
    return db.transaction().execute(async (trx) => (await services.identity.insertVerified(trx, verified, access)).id);
  };
  const medicoId = await ensurePerson(DEMO_MEDICO.seed, 'medico@demo.siap.local');
  const aseguradaId = await ensurePerson(DEMO_ASEGURADA.seed, 'asegurada@demo.siap.local');
  if (!(await db.selectFrom('app_meta').select('value').where('key', '=', MARKER).executeTakeFirst())) {
    await db.transaction().execute(async (trx) => {
      if (!(await services.accounts.hasAccount(trx, medicoId))) {
        await services.accounts.createAccount(trx, { personId: medicoId, role: 'medico', matricula: DEMO_MEDICO.matricula, ooadCode: DEMO_MEDICO.ooadCode, password: DEMO_MEDICO.password }, 'system');
      }
      if (!(await services.accounts.hasAccount(trx, aseguradaId))) {
        await services.accounts.createAccount(trx, { personId: aseguradaId, role: 'asegurado', matricula: null, ooadCode: null, password: DEMO_ASEGURADA.password }, 'system');
      }
    });
    const operatorRow = await db.selectFrom('accounts').select(['id']).where('role', '=', 'operador').executeTakeFirst();
    const station = (await services.readers.listStations()).find((s) => s.readers.some((r) => r.driver === 'simulado'));
    if (operatorRow && station) {
      const operator = { actor: `account:${operatorRow.id}` as const, accountId: operatorRow.id };
      const status = await services.enrollment.statusOf(asegurada.curp, access).catch(() => null);
      if (status?.status === 'sin_registro') {
        // She consented at the station, as every enrollment requires (privacy module).
        const personId = await services.privacy.resolvePerson(asegurada.curp);
        await services.privacy.recordNow({ personId, scope: 'datos_biometricos', granted: true, noticeVersion: services.privacy.notice().version, channel: 'estacion', stationId: station.id }, operator.actor);
        const session = await services.enrollment.openSession({ curp: asegurada.curp, stationId: station.id }, operator);
        await services.enrollment.selectReader(session.id, station.readers.find((r) => r.driver === 'simulado')!.id, operator);
        for (let position = 1; position <= 10; position++) await services.enrollment.captureFinger(session.id, position, { simulate: {} }, operator);
        // Ten simulated fingers; the demo has no photograph of her (the face is added at a counter).
        await services.enrollment.complete(session.id, operator, { minFingers: 8, requireFace: false });
      }
    }
    const owner = await services.identity.resolvePersonId(db, makeDemoPerson(DEMO_PATRON_SEED).curp);
    if (owner) {
      await services.employer
        .registerMovement({ actor: 'system', personId: owner, role: 'patron' }, DEMO_REGISTRO, {
          kind: 'alta',
          curp: asegurada.curp,
          date: addDays(civilToday(now), -DEMO_ASEGURADA_EMPLOYED_DAYS),
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
  }
  const medicoAccount = await db.selectFrom('accounts').select('id').where('person_id', '=', medicoId).executeTakeFirstOrThrow();
  return {
    medico: { matricula: DEMO_MEDICO.matricula, ooadCode: DEMO_MEDICO.ooadCode, password: DEMO_MEDICO.password, name: `${medico.givenNames} ${medico.firstSurname}`, personId: medicoId, accountId: medicoAccount.id },
    asegurada: { curp: asegurada.curp, password: DEMO_ASEGURADA.password, name: `${asegurada.givenNames} ${asegurada.firstSurname}`, personId: aseguradaId },
  };
}

/** Banner lines in the format of the other demo logins (e2e/harness/demo-logins.ts reads them). */
export function describeSignatureDemo(demo: SignatureDemo): string {
  const ooadName = findOoad(demo.medico.ooadCode)?.name ?? demo.medico.ooadCode;
  return [
    'Firma biométrica de incapacidades (demostración):',
    `  medico      matrícula ${demo.medico.matricula} · OOAD ${demo.medico.ooadCode} (${ooadName}) · contraseña ${demo.medico.password}   [${demo.medico.name}]`,
    `  asegurado   CURP ${demo.asegurada.curp} · contraseña ${demo.asegurada.password}   [${demo.asegurada.name}, trabaja con el patrón de demostración]`,
  ].join('\n');
}
