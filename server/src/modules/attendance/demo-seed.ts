import { generateKeyPairSync } from 'node:crypto';
import { makeDemoPerson, previousQuincena, quincenaOf, quincenaRange } from '@siap/mx-identity';
import type { Db } from '../../db/database.ts';
import type { Services } from '../../services.ts';
import { AppError } from '../../shared/app-error.ts';
import { signReading, type SignedReading } from './kiosk-signature.ts';
import { addDays, eachDate, isoWeekday, wallClock } from './rules/civil-days.ts';
import { officialRestDays } from './rules/rest-days.ts';
import { AttendanceService } from './service.ts';

const MARKER = 'demo.attendance.version';
const VERSION = '1';
const STATION_CODE = 'QUIOSCO-DEMO';
const DAY_SHIFT = { name: 'Matutina 08:00–16:00', start: '08:00', end: '16:00', weekdays: [1, 2, 3, 4, 5], toleranceMinutes: 10, faltaAfterMinutes: 30 };
const NIGHT_SHIFT = { name: 'Nocturna 22:00–06:00', start: '22:00', end: '06:00', weekdays: [1, 2, 3, 4, 5, 6], toleranceMinutes: 10, faltaAfterMinutes: 30 };

/**
 * The demo employee (seed 1) on the morning shift, with the last full quincena and the current
 * one up to yesterday read at a demo kiosk: mostly on time, one retardo, one falta with a pending
 * justification, one missing check-out, a day read by face. Every reading goes through the same
 * signed, idempotent path as a real kiosk (a service whose clock is a minute after the reading),
 * so re-running it adds nothing; the marker only skips the work on later starts.
 */
export async function seedAttendanceDemo(db: Db, services: Services, now = new Date()): Promise<void> {
  if (await db.selectFrom('app_meta').select('value').where('key', '=', MARKER).executeTakeFirst()) return;
  const personId = await services.identity.resolvePersonId(db, makeDemoPerson(1).curp);
  if (!personId) return;
  const { attendance, readers } = services;

  const station = (await readers.listStations()).find((s) => s.code === STATION_CODE) ?? (await readers.createStation({ code: STATION_CODE, name: 'Quiosco de asistencia (demostración)' }, 'system'));
  // The kiosk page (web/src/kiosk) reads with the station's own readers: a simulated scanner and the webcam.
  if (station.readers.length === 0) {
    await readers.addReader(station.id, { name: 'Lector de huella simulado', driver: 'simulado', modality: 'huella' }, 'system');
    await readers.addReader(station.id, { name: 'Cámara web del quiosco', driver: 'camara_web', modality: 'rostro' }, 'system');
  }
  // A fresh key each run: the demo kiosk's private key lives only for this seed.
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  await attendance.registerKioskKey(station.id, publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), 'system');

  const existing = await attendance.listShifts();
  for (const shift of [DAY_SHIFT, NIGHT_SHIFT]) if (!existing.some((s) => s.name === shift.name)) await attendance.createShift(shift, 'system');
  const dayShift = (await attendance.listShifts()).find((s) => s.name === DAY_SHIFT.name)!;

  const today = wallClock(now, attendance.timeZone).date;
  const previous = quincenaRange(previousQuincena(quincenaOf(today)));
  await ignoring('ASSIGNMENT_CONFLICT', () => attendance.assignShift({ personId, shiftId: dayShift.id, validFrom: previous.start }, 'system'));

  const restDays = new Set([...officialRestDays(Number(previous.start.slice(0, 4))), ...officialRestDays(Number(today.slice(0, 4)))].map((d) => d.date));
  const workingDays = eachDate(previous.start, addDays(today, -1)).filter((d) => isoWeekday(d) <= 5 && !restDays.has(d));
  let falta: string | null = null;
  for (const [i, date] of workingDays.entries()) {
    if (i === 3 && date <= previous.end) {
      falta = date;
      continue;
    }
    const method = i === 6 ? 'rostro' : 'huella';
    const arrival = i === 1 ? '08:17' : `07:${String(50 + ((i * 3) % 9)).padStart(2, '0')}`;
    await record(db, services, personId, station.id, privateKey, date, arrival, method);
    if (i !== 5) await record(db, services, personId, station.id, privateKey, date, `16:${String((i * 7) % 12).padStart(2, '0')}`, method);
  }

  if (falta) {
    const day = falta;
    await ignoring('JUSTIFICATION_EXISTS', () =>
      attendance.requestJustification(personId, { date: day, incident: 'falta', effect: 'cancelar', reason: 'Cita médica en la Unidad de Medicina Familiar; anexo constancia.' }, 'system'),
    );
  }
  await db.insertInto('app_meta').values({ key: MARKER, value: VERSION }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

async function record(
  db: Db,
  services: Services,
  personId: string,
  stationId: string,
  privateKey: Parameters<typeof signReading>[0],
  date: string,
  time: string,
  method: 'huella' | 'rostro',
): Promise<void> {
  const offset = utcOffset(services.attendance.timeZone, date);
  const capturedAt = `${date}T${time}:00${offset}`;
  // The demo's past match at the kiosk: the grant a live kiosk gets from its verification.
  const verificationId = await db
    .transaction()
    .execute((trx) => services.verification.issueGrant(trx, { personId, stationId, purpose: 'asistencia', method, score: 1.4 }, 'system', new Date(Date.parse(capturedAt))));
  const reading: SignedReading = { idempotencyKey: `demo:${STATION_CODE}:${date}:${time}`, personId, stationId, method, verificationId, capturedAt };
  // The kiosk sends each reading a minute after making it, as a connected kiosk would.
  const sentAt = new Date(Date.parse(reading.capturedAt) + 60_000);
  // The grant is used at the time the kiosk sends the reading (the seed writes the past).
  const grants = services.verification;
  const verification = {
    consumeGrant: (...args: Parameters<typeof grants.consumeGrant>) => grants.consumeGrant(args[0], args[1], args[2], sentAt),
    verify: grants.verify.bind(grants),
    verifyByMatricula: grants.verifyByMatricula.bind(grants),
  };
  const kiosk = new AttendanceService({ db, audit: services.audit, identity: services.identity, readers: services.readers, verification, staff: services.accounts, clock: () => sentAt, timeZone: services.attendance.timeZone });
  await kiosk.recordCheck({ ...reading, signature: signReading(privateKey, reading) }, 'system');
}

/** '+HH:MM' / '-HH:MM' of the zone at noon of `date` (Mexico has no DST since 2022). */
function utcOffset(timeZone: string, date: string): string {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const clock = wallClock(noonUtc, timeZone);
  const minutes = (clock.date === date ? clock.minuteOfDay : clock.date < date ? clock.minuteOfDay - 1440 : clock.minuteOfDay + 1440) - 720;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

async function ignoring(code: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof AppError && error.code === code)) throw error;
  }
}
