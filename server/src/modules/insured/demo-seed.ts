import { findOoad, makeDemoPerson } from '@siap/mx-identity';
import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import { addDays } from './restriction.ts';

const MARKER = 'demo.insured.version';
const VERSION = '1';
const DEMO_OOAD = '35';
export const DEMO_CLINIC_CODE = 'UMF-35-015';
export const DEMO_KIOSK_STATION = 'QUIOSCO-UMF15';

/** Demo insured workers: one per restriction state worth showing. */
export const INSURED_DEMO_ACCOUNTS = [
  { seed: 21, password: 'AseguradoDemo2025', note: 'sin biometría: trámite restringido, con plazo' },
  { seed: 22, password: 'AseguradoDemo2025', note: 'NSS suspendido: venció el plazo' },
  { seed: 7, password: 'AseguradoDemo2025', note: 'biometría registrada, derechos vigentes' },
] as const;
export const MEDICO_DEMO = { seed: 23, password: 'MedicoDemo2025', matricula: '10000023' } as const;

/**
 * Issue 15 demo, through the services: the UMF 15 (OOAD 35) with two consultorios (the morning
 * one is the demo médico's) and slots for today and the next 7 days, the UMF 20 enrollment point,
 * a clinic kiosk station with a simulated reader and a camera, a rollout wave (existing workers
 * of OOAD 35 from today), and three asegurados: restricted, suspended and registered. Idempotent.
 */
export async function seedInsuredDemo(db: Db, services: Services, now = new Date()): Promise<void> {
  if (await db.selectFrom('app_meta').select('value').where('key', '=', MARKER).executeTakeFirst()) return;
  const { identity, accounts, insured, health, readers } = services;
  const today = insured.today();

  const clinic = (await health.listClinics()).find((c) => c.code === DEMO_CLINIC_CODE) ?? (await health.createClinic({ code: DEMO_CLINIC_CODE, name: 'UMF 15 Tlatelolco', ooadCode: DEMO_OOAD, address: 'Av. Ricardo Flores Magón 100, Tlatelolco, CDMX', latitude: 19.451, longitude: -99.137 }, 'system'));
  if (!(await health.listClinics()).some((c) => c.code === 'UMF-35-020')) {
    await health.createClinic({ code: 'UMF-35-020', name: 'UMF 20 Vallejo — módulo de enrolamiento', ooadCode: DEMO_OOAD, address: 'Calz. Vallejo 675, CDMX', latitude: 19.482, longitude: -99.148, enrollmentPoint: true }, 'system');
  }

  // The médico (staff: matrícula + OOAD) and the asegurados.
  const people: number[] = [MEDICO_DEMO.seed, ...INSURED_DEMO_ACCOUNTS.map((a) => a.seed)];
  const verified = new Map(await Promise.all(people.map(async (seed) => [seed, await identity.verify({ ...makeDemoPerson(seed), email: `asegurado${seed}@demo.siap.local` })] as const)));
  const existing = new Map(await Promise.all(people.map(async (seed) => [seed, await identity.resolvePersonId(db, makeDemoPerson(seed).curp)] as const)));
  let medicoAccountId: string | null = null;
  await db.transaction().execute(async (trx) => {
    const access = { actor: 'system' as const, purpose: 'datos de demostración' };
    for (const seed of people) if (!existing.get(seed)) existing.set(seed, (await identity.insertVerified(trx, verified.get(seed)!, access)).id);
    const medicoPerson = existing.get(MEDICO_DEMO.seed)!;
    if (!(await accounts.hasAccount(trx, medicoPerson))) {
      medicoAccountId = (await accounts.createAccount(trx, { personId: medicoPerson, role: 'medico', matricula: MEDICO_DEMO.matricula, ooadCode: DEMO_OOAD, password: MEDICO_DEMO.password }, 'system')).id;
    }
  });

  // The demo médico attends both shifts, so that whoever tries the demo (or a browser test) books
  // a consultation today with them at any hour the clinic is open (08:00–20:00).
  const morning = await health.addConsultorio(clinic.id, { number: '3', shift: 'matutino', physicianAccountId: medicoAccountId }, 'system');
  const evening = await health.addConsultorio(clinic.id, { number: '5', shift: 'vespertino', physicianAccountId: medicoAccountId }, 'system');
  for (let i = 0; i <= 7; i++) {
    const day = addDays(today, i);
    await health.openSlots(morning.id, { day, from: '08:00', to: '14:00', minutes: 20 }, 'system');
    await health.openSlots(evening.id, { day, from: '14:00', to: '20:00', minutes: 20 }, 'system');
  }

  // Existing workers of OOAD 35 are restricted from today (the suspended demo person was restricted 31 days ago).
  await insured.createWave({ segment: 'existente', startsOn: addDays(today, -31), ooadCode: DEMO_OOAD, note: 'Demostración: trabajadores de la OOAD 35' }, 'system');
  for (const spec of INSURED_DEMO_ACCOUNTS) {
    const personId = existing.get(spec.seed)!;
    const restrictedOn = spec.seed === 22 ? addDays(today, -31) : today;
    await db.transaction().execute(async (trx) => {
      if (await accounts.hasAccount(trx, personId)) return;
      const account = await accounts.createAccount(trx, { personId, role: 'asegurado', password: spec.password }, 'system');
      await insured.enroll(trx, { personId, accountId: account.id, nss: makeDemoPerson(spec.seed).nss, ooadCode: DEMO_OOAD, hiredOn: null, clinicId: clinic.id }, 'system', restrictedOn);
    });
    // The sweep of today: the suspended one passes its deadline.
    await insured.evaluate(personId, today);
  }

  // The clinic kiosk: a simulated finger reader and the browser's camera, in the UMF.
  const station = (await readers.listStations()).find((s) => s.code === DEMO_KIOSK_STATION) ?? { ...(await readers.createStation({ code: DEMO_KIOSK_STATION, name: 'Quiosco de la UMF 15 (demostración)' }, 'system')), readers: [] };
  if (station.readers.length === 0) {
    await readers.addReader(station.id, { name: 'Lector de huella simulado', driver: 'simulado', modality: 'huella' }, 'system');
    await readers.addReader(station.id, { name: 'Cámara del quiosco', driver: 'camara_web', modality: 'rostro' }, 'system');
  }
  await health.assignStation(station.id, clinic.id, 'system');
  await db.insertInto('app_meta').values({ key: MARKER, value: VERSION, updated_at: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value: VERSION })).execute();
}

/** Banner lines in the format of modules/demo (the e2e harness reads them). */
export function describeInsuredDemo(): string {
  const ooadName = findOoad(DEMO_OOAD)?.name ?? DEMO_OOAD;
  const name = (seed: number) => {
    const p = makeDemoPerson(seed);
    return [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ');
  };
  return [
    ...INSURED_DEMO_ACCOUNTS.map((a) => `  ${'asegurado'.padEnd(11)} CURP ${makeDemoPerson(a.seed).curp} · contraseña ${a.password}   [${name(a.seed)}] (${a.note})`),
    `  ${'medico'.padEnd(11)} matrícula ${MEDICO_DEMO.matricula} · OOAD ${DEMO_OOAD} (${ooadName}) · contraseña ${MEDICO_DEMO.password}   [${name(MEDICO_DEMO.seed)}]`,
  ].join('\n');
}
