import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { STAFF_ROLES } from '../accounts/roles.ts';

/**
 * The report is a read model over several modules' tables (accounts, people, attendance,
 * enrollment). It only reads, and asking each module's service person by person would be one
 * round trip per employee; so, as an exception to "call the other module's service", the joins
 * live here, in one place, and every row it returns is audited by the service.
 */

export interface StaffRow {
  person_id: string;
  curp: string;
  given_names: string;
  first_surname: string;
  second_surname: string | null;
  role: string;
  matricula: string | null;
  ooad_code: string | null;
}

/** IMSS staff: every account that logs in with a matrícula (they are the ones with a jornada). */
export function listStaff(db: Executor): Promise<StaffRow[]> {
  return db
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.person_id', 'p.curp', 'p.given_names', 'p.first_surname', 'p.second_surname', 'a.role', 'a.matricula', 'a.ooad_code'])
    .where('a.role', 'in', STAFF_ROLES)
    .where('a.matricula', 'is not', null)
    .orderBy('p.first_surname')
    .orderBy('p.given_names')
    .execute();
}

/** The last reading of each person, and how many fall in [from, to). */
export async function readingsSince(db: Executor, personIds: string[], from: Date, to: Date): Promise<Map<string, { inWindow: number; last: Date | null }>> {
  const result = new Map<string, { inWindow: number; last: Date | null }>();
  if (personIds.length === 0) return result;
  const rows = await db
    .selectFrom('attendance_records')
    .select((eb) => [
      'person_id',
      eb.fn.max('captured_at').as('last'),
      sql<string>`count(*) filter (where captured_at >= ${from} and captured_at < ${to})`.as('in_window'),
    ])
    .where('person_id', 'in', personIds)
    .groupBy('person_id')
    .execute();
  for (const r of rows) result.set(r.person_id, { inWindow: Number(r.in_window), last: r.last ? new Date(r.last as unknown as string) : null });
  return result;
}

export interface BiometricRow {
  person_id: string;
  status: 'pendiente' | 'registrado' | 'rechazado';
  merged_into_person_id: string | null;
  current_enrollment_id: string | null;
  decision: 'misma_persona' | 'fraude' | 'personas_distintas' | null;
}

/** Biometric status of each person with a record (no row = sin registro), with the adjudication of the current enrollment. */
export function biometricStatuses(db: Executor, personIds: string[]): Promise<BiometricRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('biometric_subjects as s')
    .leftJoin('adjudications as j', 'j.enrollment_id', 's.current_enrollment_id')
    .select(['s.person_id', 's.status', 's.merged_into_person_id', 's.current_enrollment_id', 'j.decision'])
    .where('s.person_id', 'in', personIds)
    .execute();
}

/** The CURPs an enrollment matched (its deduplication candidates), best score first. */
export async function matchedCurps(db: Executor, enrollmentIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (enrollmentIds.length === 0) return result;
  const rows = await db
    .selectFrom('enrollment_candidates as c')
    .innerJoin('people as p', 'p.id', 'c.candidate_person_id')
    .select(['c.enrollment_id', 'p.curp'])
    .where('c.enrollment_id', 'in', enrollmentIds)
    .orderBy('c.score', 'desc')
    .execute();
  for (const r of rows) result.set(r.enrollment_id, [...(result.get(r.enrollment_id) ?? []), r.curp]);
  return result;
}
