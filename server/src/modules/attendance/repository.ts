import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type {
  AttendanceAssignmentsTable,
  AttendanceCalendarTable,
  AttendanceJustificationAttachmentsTable,
  AttendanceJustificationEventsTable,
  AttendanceJustificationsTable,
  AttendanceRecordsTable,
  AttendanceShiftsTable,
} from './tables.ts';

export type ShiftRow = Selectable<AttendanceShiftsTable>;
export type AssignmentRow = Selectable<AttendanceAssignmentsTable>;
export type RecordRow = Selectable<AttendanceRecordsTable>;
export type JustificationRow = Selectable<AttendanceJustificationsTable>;
export type JustificationEventRow = Selectable<AttendanceJustificationEventsTable>;
export type CalendarRow = Selectable<AttendanceCalendarTable>;

// ── shifts and assignments ─────────────────────────────────────────────────────────────────

export function insertShift(db: Executor, row: Insertable<AttendanceShiftsTable>): Promise<ShiftRow> {
  return db.insertInto('attendance_shifts').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findShiftByName(db: Executor, name: string): Promise<ShiftRow | undefined> {
  return db.selectFrom('attendance_shifts').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findShift(db: Executor, id: string): Promise<ShiftRow | undefined> {
  return db.selectFrom('attendance_shifts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listShifts(db: Executor): Promise<ShiftRow[]> {
  return db.selectFrom('attendance_shifts').selectAll().orderBy('name').execute();
}

/** Assignments of a person in force at some point of [from, to], with their shifts. */
export function listAssignments(db: Executor, personId: string, from: string, to: string): Promise<Array<AssignmentRow & { shift: ShiftRow }>> {
  return db
    .selectFrom('attendance_assignments as a')
    .innerJoin('attendance_shifts as s', 's.id', 'a.shift_id')
    .selectAll('a')
    .select([
      's.id as s_id',
      's.name as s_name',
      's.start_minute as s_start_minute',
      's.end_minute as s_end_minute',
      's.weekdays as s_weekdays',
      's.tolerance_minutes as s_tolerance_minutes',
      's.falta_after_minutes as s_falta_after_minutes',
      's.created_at as s_created_at',
    ])
    .where('a.person_id', '=', personId)
    .where('a.valid_from', '<=', to)
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', from)]))
    .orderBy('a.valid_from')
    .execute()
    .then((rows) =>
      rows.map(({ s_id, s_name, s_start_minute, s_end_minute, s_weekdays, s_tolerance_minutes, s_falta_after_minutes, s_created_at, ...a }) => ({
        ...a,
        shift: {
          id: s_id,
          name: s_name,
          start_minute: s_start_minute,
          end_minute: s_end_minute,
          weekdays: s_weekdays,
          tolerance_minutes: s_tolerance_minutes,
          falta_after_minutes: s_falta_after_minutes,
          created_at: s_created_at,
        },
      })),
    );
}

/** Assignments still in force on or after `date`, locked: a new assignment is about to cut them. */
export function lockAssignmentsFrom(trx: Transaction<Database>, personId: string, date: string): Promise<AssignmentRow[]> {
  return trx
    .selectFrom('attendance_assignments')
    .selectAll()
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)]))
    .forUpdate()
    .execute();
}

export async function endAssignment(trx: Transaction<Database>, id: string, validTo: string): Promise<void> {
  await trx.updateTable('attendance_assignments').set({ valid_to: validTo }).where('id', '=', id).execute();
}

export function insertAssignment(trx: Transaction<Database>, row: Insertable<AttendanceAssignmentsTable>): Promise<AssignmentRow> {
  return trx.insertInto('attendance_assignments').values(row).returningAll().executeTakeFirstOrThrow();
}

// ── kiosks and readings ────────────────────────────────────────────────────────────────────

export async function upsertKioskKey(trx: Transaction<Database>, stationId: string, publicKey: string, registeredBy: string): Promise<void> {
  await trx
    .insertInto('attendance_kiosk_keys')
    .values({ station_id: stationId, public_key: publicKey, registered_by: registeredBy })
    .onConflict((oc) => oc.column('station_id').doUpdateSet({ public_key: publicKey, registered_by: registeredBy, registered_at: new Date() }))
    .execute();
}

export async function findKioskKey(db: Executor, stationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('attendance_kiosk_keys').select('public_key').where('station_id', '=', stationId).executeTakeFirst();
  return row?.public_key;
}

/** Inserts unless the idempotency key is known; undefined then (the caller reads the original). */
export function insertRecordOnce(trx: Transaction<Database>, row: Insertable<AttendanceRecordsTable>): Promise<RecordRow | undefined> {
  return trx
    .insertInto('attendance_records')
    .values(row)
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findRecordByKey(db: Executor, idempotencyKey: string): Promise<RecordRow | undefined> {
  return db.selectFrom('attendance_records').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

export function listRecords(db: Executor, personId: string, from: Date, to: Date): Promise<RecordRow[]> {
  return db
    .selectFrom('attendance_records')
    .selectAll()
    .where('person_id', '=', personId)
    .where('captured_at', '>=', from)
    .where('captured_at', '<', to)
    .orderBy('captured_at')
    .execute();
}

export async function countRecords(db: Executor, personId: string): Promise<number> {
  const row = await db.selectFrom('attendance_records').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', personId).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ── justifications ─────────────────────────────────────────────────────────────────────────

export function insertJustification(trx: Transaction<Database>, row: Insertable<AttendanceJustificationsTable>): Promise<JustificationRow> {
  return trx.insertInto('attendance_justifications').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findLiveJustification(db: Executor, personId: string, date: string, incident: string): Promise<JustificationRow | undefined> {
  return db
    .selectFrom('attendance_justifications')
    .selectAll()
    .where('person_id', '=', personId)
    .where('work_date', '=', date)
    .where('incident', '=', incident as JustificationRow['incident'])
    .where('status', 'in', ['pendiente', 'aprobada'])
    .executeTakeFirst();
}

export function lockJustification(trx: Transaction<Database>, id: string): Promise<JustificationRow | undefined> {
  return trx.selectFrom('attendance_justifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function decideJustification(
  trx: Transaction<Database>,
  id: string,
  decision: { status: 'aprobada' | 'rechazada'; decided_by: string; decided_at: Date; decision_comment: string | null },
): Promise<JustificationRow> {
  return trx.updateTable('attendance_justifications').set(decision).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function listJustifications(db: Executor, personId: string, from: string, to: string): Promise<JustificationRow[]> {
  return db
    .selectFrom('attendance_justifications')
    .selectAll()
    .where('person_id', '=', personId)
    .where('work_date', '>=', from)
    .where('work_date', '<=', to)
    .orderBy('requested_at')
    .execute();
}

export function listPendingJustifications(db: Executor, limit: number): Promise<JustificationRow[]> {
  return db.selectFrom('attendance_justifications').selectAll().where('status', '=', 'pendiente').orderBy('requested_at').limit(limit).execute();
}

export async function insertJustificationEvent(trx: Transaction<Database>, row: Insertable<AttendanceJustificationEventsTable>): Promise<void> {
  await trx.insertInto('attendance_justification_events').values(row).execute();
}

export function listJustificationEvents(db: Executor, ids: string[]): Promise<JustificationEventRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('attendance_justification_events').selectAll().where('justification_id', 'in', ids).orderBy('id').execute();
}

// ── institution calendar ───────────────────────────────────────────────────────────────────

export async function upsertCalendarDay(trx: Transaction<Database>, row: Insertable<AttendanceCalendarTable>): Promise<void> {
  await trx
    .insertInto('attendance_calendar')
    .values(row)
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, description: row.description, created_by: row.created_by }))
    .execute();
}

export function listCalendar(db: Executor, from: string, to: string): Promise<CalendarRow[]> {
  return db.selectFrom('attendance_calendar').selectAll().where('date', '>=', from).where('date', '<=', to).orderBy('date').execute();
}

/** The staff identifiers of a person (their staff account's matrícula and OOAD), for report headers. */
export async function staffIdOf(db: Executor, personId: string): Promise<{ matricula: string; ooad_code: string } | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['matricula', 'ooad_code'])
    .where('person_id', '=', personId)
    .where('matricula', 'is not', null)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.matricula && row.ooad_code ? { matricula: row.matricula, ooad_code: row.ooad_code } : undefined;
}

export async function insertAttachment(db: Executor, row: Insertable<AttendanceJustificationAttachmentsTable>): Promise<void> {
  await db.insertInto('attendance_justification_attachments').values(row).execute();
}

export async function listAttachments(db: Executor, justificationIds: readonly string[]) {
  if (justificationIds.length === 0) return [];
  return db.selectFrom('attendance_justification_attachments').selectAll().where('justification_id', 'in', justificationIds).orderBy('created_at').execute();
}

export async function findJustification(db: Executor, id: string) {
  return db.selectFrom('attendance_justifications').selectAll().where('id', '=', id).executeTakeFirst();
}
