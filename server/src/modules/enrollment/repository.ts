import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type {
  AdjudicationProposalsTable,
  AdjudicationsTable,
  BiometricSubjectsTable,
  CaptureSessionsTable,
  CapturesTable,
  EnrollmentCandidatesTable,
  EnrollmentsTable,
  EnrollmentTemplatesTable,
} from './tables.ts';

export type SessionRow = Selectable<CaptureSessionsTable>;
export type CaptureRow = Selectable<CapturesTable>;
export type SubjectRow = Selectable<BiometricSubjectsTable>;
export type EnrollmentRow = Selectable<EnrollmentsTable>;
export type TemplateRow = Selectable<EnrollmentTemplatesTable>;
export type CandidateRow = Selectable<EnrollmentCandidatesTable>;
export type AdjudicationRow = Selectable<AdjudicationsTable>;
export type ProposalRow = Selectable<AdjudicationProposalsTable>;

export async function insertSession(db: Executor, row: Insertable<CaptureSessionsTable>): Promise<SessionRow> {
  return db.insertInto('capture_sessions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSession(db: Executor, id: string, lock = false): Promise<SessionRow | undefined> {
  let query = db.selectFrom('capture_sessions').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateSession(db: Executor, id: string, values: Partial<Pick<SessionRow, 'finger_reader_id' | 'face_reader_id' | 'status' | 'closed_at' | 'last_activity_at'>>): Promise<void> {
  await db.updateTable('capture_sessions').set(values).where('id', '=', id).execute();
}

/** Records that an account changed the session (idempotent) and when the session was last touched. */
export async function touchSession(db: Executor, id: string, accountId: string, at: Date): Promise<void> {
  await db.insertInto('capture_session_participants').values({ session_id: id, account_id: accountId }).onConflict((oc) => oc.columns(['session_id', 'account_id']).doNothing()).execute();
  await db.updateTable('capture_sessions').set({ last_activity_at: at }).where('id', '=', id).execute();
}

export async function listParticipants(db: Executor, sessionId: string): Promise<string[]> {
  const rows = await db.selectFrom('capture_session_participants').select('account_id').where('session_id', '=', sessionId).execute();
  return rows.map((r) => r.account_id);
}

/** Open sessions nobody touched since `before`, oldest first, locked for the sweep that erases them. */
export async function listAbandonedSessions(trx: Transaction<Database>, before: Date, limit: number): Promise<SessionRow[]> {
  return trx
    .selectFrom('capture_sessions')
    .selectAll()
    .where('status', '=', 'abierta')
    .where('last_activity_at', '<', before)
    .orderBy('last_activity_at')
    .limit(limit)
    .forUpdate()
    .execute();
}

export async function listCaptures(db: Executor, sessionId: string): Promise<CaptureRow[]> {
  return db.selectFrom('captures').selectAll().where('session_id', '=', sessionId).orderBy('modality').orderBy('position').execute();
}

export async function findCapture(db: Executor, sessionId: string, modality: CaptureRow['modality'], position: number): Promise<CaptureRow | undefined> {
  return db
    .selectFrom('captures')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('modality', '=', modality)
    .where('position', '=', position)
    .executeTakeFirst();
}

export async function deleteCapture(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('captures').where('id', '=', id).execute();
}

export async function insertCapture(db: Executor, row: Insertable<CapturesTable>): Promise<CaptureRow> {
  return db.insertInto('captures').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSubject(db: Executor, personId: string, lock = false): Promise<SubjectRow | undefined> {
  let query = db.selectFrom('biometric_subjects').selectAll().where('person_id', '=', personId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function upsertSubject(trx: Transaction<Database>, row: Insertable<BiometricSubjectsTable>): Promise<void> {
  await trx
    .insertInto('biometric_subjects')
    .values(row)
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet({
        status: row.status,
        current_enrollment_id: row.current_enrollment_id ?? null,
        merged_into_person_id: row.merged_into_person_id ?? null,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export async function subjectStatuses(db: Executor, personIds: readonly string[]): Promise<SubjectRow[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('biometric_subjects').selectAll().where('person_id', 'in', personIds).execute();
}

export async function nextEnrollmentVersion(db: Executor, personId: string): Promise<number> {
  const row = await db
    .selectFrom('enrollments')
    .select((eb) => eb.fn.max<number>('version').as('v'))
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

export async function insertEnrollment(db: Executor, row: Insertable<EnrollmentsTable>): Promise<EnrollmentRow> {
  return db.insertInto('enrollments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function supersedeEnrollment(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('enrollments').set({ superseded_at: at }).where('id', '=', id).execute();
}

export async function findEnrollment(db: Executor, id: string): Promise<EnrollmentRow | undefined> {
  return db.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEnrollments(db: Executor, personId: string): Promise<EnrollmentRow[]> {
  return db.selectFrom('enrollments').selectAll().where('person_id', '=', personId).orderBy('version', 'desc').execute();
}

export async function insertTemplates(db: Executor, rows: Insertable<EnrollmentTemplatesTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('enrollment_templates').values(rows).execute();
}

/**
 * What a 1:1 verification reads, as a query for the biometric store to read with the templates'
 * bytes (BiometricStore.readUnrecordedBeside): the person's subject row, the row of the subject it
 * was merged into (or its own), and that owner's current templates. No row: no subject. One row
 * with null template columns: no current templates (either subject is not `registrado`, or the
 * owner has no enrollment).
 */
export function currentTemplatesQuery(db: Executor, personId: string) {
  return db
    .selectFrom('biometric_subjects as s')
    .leftJoin('biometric_subjects as o', (join) => join.on((eb) => eb('o.person_id', '=', eb.fn.coalesce('s.merged_into_person_id', 's.person_id'))))
    .leftJoin('enrollment_templates as t', (join) =>
      join.onRef('t.enrollment_id', '=', 'o.current_enrollment_id').on('s.status', '=', 'registrado').on('o.status', '=', 'registrado'))
    .select(['s.status', 'o.person_id as owner_person_id', 'o.status as owner_status', 'o.current_enrollment_id as owner_enrollment_id', 't.modality', 't.position', 't.template_blob_id as blob_id'])
    .where('s.person_id', '=', personId);
}

export async function listTemplates(db: Executor, enrollmentIds: readonly string[]): Promise<TemplateRow[]> {
  if (enrollmentIds.length === 0) return [];
  return db.selectFrom('enrollment_templates').selectAll().where('enrollment_id', 'in', enrollmentIds).orderBy('position').execute();
}

export async function insertCandidates(db: Executor, rows: Insertable<EnrollmentCandidatesTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('enrollment_candidates').values(rows).execute();
}

export async function listCandidates(db: Executor, enrollmentIds: readonly string[]): Promise<CandidateRow[]> {
  if (enrollmentIds.length === 0) return [];
  return db.selectFrom('enrollment_candidates').selectAll().where('enrollment_id', 'in', enrollmentIds).orderBy('score', 'desc').execute();
}

export async function insertAdjudication(db: Executor, row: Insertable<AdjudicationsTable>): Promise<AdjudicationRow> {
  return db.insertInto('adjudications').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findProposal(db: Executor, enrollmentId: string, lock = false): Promise<ProposalRow | undefined> {
  let query = db.selectFrom('adjudication_proposals').selectAll().where('enrollment_id', '=', enrollmentId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listProposals(db: Executor, enrollmentIds: readonly string[]): Promise<ProposalRow[]> {
  if (enrollmentIds.length === 0) return [];
  return db.selectFrom('adjudication_proposals').selectAll().where('enrollment_id', 'in', enrollmentIds).execute();
}

export async function upsertProposal(db: Executor, row: Insertable<AdjudicationProposalsTable>): Promise<ProposalRow> {
  return db
    .insertInto('adjudication_proposals')
    .values(row)
    .onConflict((oc) =>
      oc.column('enrollment_id').doUpdateSet({ decision: row.decision, same_as_person_id: row.same_as_person_id ?? null, notes: row.notes ?? null, proposed_by: row.proposed_by, proposed_at: row.proposed_at ?? sql`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteProposal(db: Executor, enrollmentId: string): Promise<void> {
  await db.deleteFrom('adjudication_proposals').where('enrollment_id', '=', enrollmentId).execute();
}

export async function listAdjudications(db: Executor, enrollmentIds: readonly string[]): Promise<AdjudicationRow[]> {
  if (enrollmentIds.length === 0) return [];
  return db.selectFrom('adjudications').selectAll().where('enrollment_id', 'in', enrollmentIds).execute();
}

/** Enrollments waiting for a supervisor: the subject is `pendiente` on exactly that enrollment. */
export async function listPending(db: Executor): Promise<Array<EnrollmentRow & { curp: string }>> {
  return db
    .selectFrom('biometric_subjects as s')
    .innerJoin('enrollments as e', 'e.id', 's.current_enrollment_id')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .selectAll('e')
    .select('p.curp')
    .where('s.status', '=', 'pendiente')
    .orderBy('e.created_at')
    .execute();
}

/** Every current template of every subject in the gallery (not merged into another record). */
export async function galleryTemplates(db: Executor): Promise<Array<TemplateRow & { person_id: string }>> {
  return db
    .selectFrom('biometric_subjects as s')
    .innerJoin('enrollment_templates as t', 't.enrollment_id', 's.current_enrollment_id')
    .selectAll('t')
    .select('s.person_id')
    .where('s.merged_into_person_id', 'is', null)
    .execute();
}

/**
 * Of `candidateIds`, those a supervisor already adjudicated against `personId` (in either
 * direction, any decision): deduplication does not raise a settled pair again.
 */
export async function adjudicatedCounterparts(db: Executor, personId: string, candidateIds: readonly string[]): Promise<Set<string>> {
  if (candidateIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('enrollment_candidates as c')
    .innerJoin('adjudications as a', 'a.enrollment_id', 'c.enrollment_id')
    .innerJoin('enrollments as e', 'e.id', 'c.enrollment_id')
    .select(['e.person_id', 'c.candidate_person_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('e.person_id', 'in', candidateIds), eb('c.candidate_person_id', '=', personId)]),
        eb.and([eb('e.person_id', '=', personId), eb('c.candidate_person_id', 'in', candidateIds)]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => (r.person_id === personId ? r.candidate_person_id : r.person_id)));
}

/** The decided adjudications, newest first, with who decided (name, matrícula) and about whom. */
export async function listDecided(db: Executor, limit: number) {
  return db
    .selectFrom('adjudications as a')
    .innerJoin('enrollments as e', 'e.id', 'a.enrollment_id')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .leftJoin('people as same', 'same.id', 'a.same_as_person_id')
    .innerJoin('accounts as acc', 'acc.id', 'a.supervisor_account_id')
    .innerJoin('people as sup', 'sup.id', 'acc.person_id')
    .leftJoin('accounts as conf', 'conf.id', 'a.confirmed_by_account_id')
    .leftJoin('people as confp', 'confp.id', 'conf.person_id')
    .select([
      'a.id',
      'a.enrollment_id',
      'e.person_id',
      'a.decision',
      'a.notes',
      'a.decided_at',
      'e.version',
      'p.curp',
      'same.curp as same_as_curp',
      'acc.matricula as supervisor_matricula',
      'sup.given_names as supervisor_given_names',
      'sup.first_surname as supervisor_first_surname',
      'sup.second_surname as supervisor_second_surname',
      'a.confirmation_notes',
      'conf.matricula as confirmer_matricula',
      'confp.given_names as confirmer_given_names',
      'confp.first_surname as confirmer_first_surname',
      'confp.second_surname as confirmer_second_surname',
    ])
    .orderBy('a.decided_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * A page of enrolled templates made by another extractor version than `version` (or before
 * versions were recorded) that have an image to redo them from, in a stable order after `after`.
 */
export async function templatesToReextract(
  db: Executor,
  options: { modality: 'huella' | 'rostro'; version: string; after: { enrollmentId: string; position: number } | null; limit: number },
): Promise<TemplateRow[]> {
  let query = db
    .selectFrom('enrollment_templates')
    .selectAll()
    .where('modality', '=', options.modality)
    .where('image_blob_id', 'is not', null)
    .where((eb) => eb.or([eb('extractor_version', 'is', null), eb('extractor_version', '<>', options.version)]))
    .orderBy('enrollment_id')
    .orderBy('position')
    .limit(options.limit);
  const after = options.after;
  if (after) {
    query = query.where((eb) => eb.or([eb('enrollment_id', '>', after.enrollmentId), eb.and([eb('enrollment_id', '=', after.enrollmentId), eb('position', '>', after.position)])]));
  }
  return query.execute();
}

export async function markReextracted(db: Executor, row: { enrollment_id: string; modality: 'huella' | 'rostro'; position: number }, values: { extractor_version: string; quality_score: number; reextracted_at: Date }): Promise<void> {
  await db
    .updateTable('enrollment_templates')
    .set(values)
    .where('enrollment_id', '=', row.enrollment_id)
    .where('modality', '=', row.modality)
    .where('position', '=', row.position)
    .execute();
}

/** Templates per extractor version (what `biometrics:reextract` reports before and after). */
export async function countByVersion(db: Executor): Promise<Array<{ modality: string; version: string | null; withImage: number; total: number }>> {
  const rows = await db
    .selectFrom('enrollment_templates')
    .select(['modality', 'extractor_version', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('image_blob_id').as('images')])
    .groupBy(['modality', 'extractor_version'])
    .execute();
  return rows.map((r) => ({ modality: r.modality, version: r.extractor_version, withImage: Number(r.images), total: Number(r.n) }));
}

/** Every encrypted row (templates and images) of every capture of the person. */
export async function blobIdsOfPerson(db: Executor, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('captures as c')
    .innerJoin('capture_sessions as s', 's.id', 'c.session_id')
    .select(['c.template_blob_id', 'c.image_blob_id'])
    .where('s.person_id', '=', personId)
    .execute();
  return rows.flatMap((r) => [r.template_blob_id, r.image_blob_id]).filter((id): id is string => id !== null);
}

export async function deleteSubject(db: Executor, personId: string): Promise<void> {
  await db.deleteFrom('biometric_subjects').where('person_id', '=', personId).execute();
}

/** Every biometric record with the time of its latest enrollment (retention is counted from use). */
export function listRecordsWithEnrollment(db: Executor): Promise<Array<{ person_id: string; enrolled_at: Date | null }>> {
  return db
    .selectFrom('biometric_subjects as s')
    .leftJoin('enrollments as e', 'e.id', 's.current_enrollment_id')
    .select(['s.person_id', 'e.created_at as enrolled_at'])
    .execute();
}
