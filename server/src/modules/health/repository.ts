import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { AppointmentsTable, AppointmentSlotsTable, ClinicsTable, ConsultoriosTable } from './tables.ts';

export type ClinicRow = Selectable<ClinicsTable>;
export type ConsultorioRow = Selectable<ConsultoriosTable>;
export type SlotRow = Selectable<AppointmentSlotsTable>;
export type AppointmentRow = Selectable<AppointmentsTable>;

export async function insertClinic(db: Executor, row: Insertable<ClinicsTable>): Promise<ClinicRow> {
  return db.insertInto('clinics').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findClinic(db: Executor, id: string): Promise<ClinicRow | undefined> {
  return db.selectFrom('clinics').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findClinicByCode(db: Executor, code: string): Promise<ClinicRow | undefined> {
  return db.selectFrom('clinics').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listClinics(db: Executor): Promise<ClinicRow[]> {
  return db.selectFrom('clinics').selectAll().orderBy('code').execute();
}

export async function insertConsultorio(db: Executor, row: Insertable<ConsultoriosTable>): Promise<ConsultorioRow> {
  return db.insertInto('consultorios').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findConsultorio(db: Executor, id: string): Promise<ConsultorioRow | undefined> {
  return db.selectFrom('consultorios').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSlots(db: Executor, rows: Array<Insertable<AppointmentSlotsTable>>): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insertInto('appointment_slots').values(rows).onConflict((c) => c.columns(['consultorio_id', 'starts_at']).doNothing()).returning('id').execute();
  return inserted.length;
}

/** A slot with its consultorio and clinic. */
export async function findSlot(db: Executor, id: string) {
  return db
    .selectFrom('appointment_slots')
    .innerJoin('consultorios', 'consultorios.id', 'appointment_slots.consultorio_id')
    .select(['appointment_slots.id', 'appointment_slots.starts_at', 'appointment_slots.minutes', 'consultorios.id as consultorio_id', 'consultorios.number', 'consultorios.shift', 'consultorios.clinic_id'])
    .where('appointment_slots.id', '=', id)
    .executeTakeFirst();
}

/** Free slots of a clinic between two instants (no live appointment on them). */
export async function freeSlots(db: Executor, clinicId: string, from: Date, to: Date) {
  return db
    .selectFrom('appointment_slots')
    .innerJoin('consultorios', 'consultorios.id', 'appointment_slots.consultorio_id')
    .select(['appointment_slots.id', 'appointment_slots.starts_at', 'appointment_slots.minutes', 'consultorios.number', 'consultorios.shift'])
    .where('consultorios.clinic_id', '=', clinicId)
    .where('appointment_slots.starts_at', '>=', from)
    .where('appointment_slots.starts_at', '<', to)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('appointments').select('appointments.id').whereRef('appointments.slot_id', '=', 'appointment_slots.id').where('appointments.status', '<>', 'cancelada'))),
    )
    .orderBy('appointment_slots.starts_at')
    .orderBy('consultorios.number')
    .execute();
}

export async function insertAppointment(db: Executor, row: Insertable<AppointmentsTable>): Promise<AppointmentRow> {
  return db.insertInto('appointments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAppointment(db: Executor, id: string, forUpdate = false): Promise<AppointmentRow | undefined> {
  let q = db.selectFrom('appointments').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateAppointment(db: Executor, id: string, set: Partial<Omit<AppointmentRow, 'id'>>): Promise<void> {
  await db.updateTable('appointments').set(set).where('id', '=', id).execute();
}

/** A person's appointments with slot and consultorio (newest first). */
export async function listOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('appointments')
    .leftJoin('appointment_slots', 'appointment_slots.id', 'appointments.slot_id')
    .leftJoin('consultorios', 'consultorios.id', 'appointment_slots.consultorio_id')
    .select(['appointments.id', 'appointments.kind', 'appointments.status', 'appointments.day', 'appointments.warning', 'appointments.turn', 'appointments.clinic_id', 'appointment_slots.starts_at', 'consultorios.number', 'consultorios.shift'])
    .where('appointments.person_id', '=', personId)
    .orderBy('appointments.day', 'desc')
    .orderBy('appointment_slots.starts_at', 'desc')
    .execute();
}

/** Today's live appointment of a person at a clinic (the kiosk checks it in). */
export async function todaysAppointment(db: Executor, personId: string, clinicId: string, day: string) {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('person_id', '=', personId)
    .where('clinic_id', '=', clinicId)
    .where('day', '=', day)
    .where('status', 'in', ['agendada', 'en_espera'])
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function nextTurn(db: Executor, clinicId: string, day: string): Promise<number> {
  const row = await db
    .selectFrom('appointments')
    .select((eb) => eb.fn.max<number | null>('turn').as('n'))
    .where('clinic_id', '=', clinicId)
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return Number(row.n ?? 0) + 1;
}

/** The day's appointments of a clinic (optionally one physician's consultorios), with the patients' names. */
export async function dayList(db: Executor, clinicId: string, day: string, physicianAccountId: string | null) {
  let q = db
    .selectFrom('appointments')
    .innerJoin('people', 'people.id', 'appointments.person_id')
    .leftJoin('appointment_slots', 'appointment_slots.id', 'appointments.slot_id')
    .leftJoin('consultorios', 'consultorios.id', 'appointment_slots.consultorio_id')
    .select([
      'appointments.id',
      'appointments.person_id',
      'appointments.kind',
      'appointments.status',
      'appointments.turn',
      'appointments.checked_in_at',
      'appointment_slots.starts_at',
      'consultorios.number',
      'consultorios.physician_account_id',
      'people.given_names',
      'people.first_surname',
      'people.second_surname',
      'people.nss',
    ])
    .where('appointments.clinic_id', '=', clinicId)
    .where('appointments.day', '=', day)
    .where('appointments.status', '<>', 'cancelada');
  if (physicianAccountId) q = q.where('consultorios.physician_account_id', '=', physicianAccountId);
  return q.orderBy('appointments.turn').orderBy('appointment_slots.starts_at').execute();
}

export async function clinicOfPhysician(db: Executor, accountId: string): Promise<string | null> {
  return (await db.selectFrom('consultorios').select('clinic_id').where('physician_account_id', '=', accountId).executeTakeFirst())?.clinic_id ?? null;
}

export async function clinicOfStation(db: Executor, stationId: string): Promise<string | null> {
  return (await db.selectFrom('clinic_stations').select('clinic_id').where('station_id', '=', stationId).executeTakeFirst())?.clinic_id ?? null;
}

export async function assignStation(db: Executor, stationId: string, clinicId: string): Promise<void> {
  await db.insertInto('clinic_stations').values({ station_id: stationId, clinic_id: clinicId }).onConflict((c) => c.column('station_id').doUpdateSet({ clinic_id: clinicId })).execute();
}
