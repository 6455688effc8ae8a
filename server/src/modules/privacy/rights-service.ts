import { randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db, Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { AttendanceService } from '../attendance/service.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { EnrollmentService } from '../enrollment/service.ts';
import type { IncapacityService } from '../incapacity/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { JobQueue } from '../jobs/service.ts';
import type { MailService } from '../mail/service.ts';
import type { PensionService } from '../pension/service.ts';
import { addBusinessDays, businessDaysBetween } from './business-days.ts';
import { loadPolicy, type DataPolicy } from './policy.ts';
import { RetentionSettings } from './retention.ts';
import * as repository from './rights-repository.ts';
import type { PrivacyService } from './service.ts';
import type { PrivacyRequestKind, PrivacyRequestStatus } from './tables.ts';

export const ERASE_JOB = 'privacy.erase';
export const REMINDER_JOB = 'privacy.reminder';
export const SWEEP_JOB = 'privacy.sweep';

/** What counts as a use of a person's biometric data, for the retention period counted from the last use. */
const BIOMETRIC_USE_ACTIONS = ['biometrics.verification', 'biometrics.identification'] as const;

export const KIND_LABELS: Record<PrivacyRequestKind, string> = {
  acceso: 'Acceso a mis datos',
  rectificacion: 'Rectificación de datos',
  cancelacion: 'Cancelación de mis datos biométricos',
  oposicion: 'Oposición al tratamiento biométrico',
  acceso_no_reconocido: 'Acceso que no reconozco',
};

/** What withdrawing the biometric consent means, shown before the person confirms it. */
export const WITHDRAWAL_CONSEQUENCES = [
  'Dejaremos de usar su rostro y sus huellas de inmediato: no se le podrá identificar ni verificar con ellos.',
  'No podrá registrar su asistencia en quioscos ni comprobar su supervivencia desde su teléfono; podrá hacerlo en persona, en ventanilla, con una identificación oficial.',
  'No podrá firmar trámites con su huella o su rostro.',
  'Su pago no se suspende por revocar su consentimiento.',
  'Sus datos biométricos quedan guardados (cifrados y sin uso) hasta que pida su cancelación o venza su plazo de conservación.',
  'Puede volver a otorgar su consentimiento cuando quiera.',
];

/** Audit actions that read a person's data (what "¿Quién consultó mis datos?" lists). */
const READ_ACTION = /(\.read|\.export|\.verification|\.identification|\.viewed|\.supervisor_access)$/;

export interface RequestView {
  id: string;
  folio: string;
  kind: PrivacyRequestKind;
  kindLabel: string;
  channel: 'portal' | 'ventanilla';
  description: string;
  details: Record<string, unknown>;
  status: PrivacyRequestStatus;
  receivedOn: string;
  answerDueOn: string;
  executeDueOn: string | null;
  answer: string | null;
  answeredAt: string | null;
  executedAt: string | null;
  /** Business days left on the running clock (answer, then execution); negative when late; null when closed. */
  businessDaysLeft: number | null;
}

export interface AccessEntry {
  /** Position in the audit chain: the handle of a "no reconozco este acceso" report. */
  seq: number;
  at: string;
  action: string;
  purpose: string;
  /** Role and unit, never the staff member's name. */
  who: { kind: 'usted' | 'personal' | 'quiosco' | 'sistema'; role: string | null; unit: string | null };
}

export interface PrivacyRightsDeps {
  db: Db;
  audit: AuditService;
  privacy: PrivacyService;
  identity: IdentityService;
  accounts: AccountsService;
  enrollment: EnrollmentService;
  attendance: AttendanceService;
  pension: PensionService;
  /** Certificados de incapacidad and their biometric signatures, for the access download. */
  incapacity: Pick<IncapacityService, 'exportOf'>;
  jobs: JobQueue;
  mail: MailService;
  clock: Clock;
  policyPath: string;
}

/**
 * Data-subject rights (issue 17): withdrawal of the biometric consent, ARCO requests and their legal
 * clock, the access download, "¿Quién consultó mis datos?", legal holds, and erasure by
 * crypto-shredding. Built after the modules whose data it gathers (it calls their services).
 */
export class PrivacyRightsService {
  /** The retention periods in force (policy file + the administrator's changes). */
  readonly retention: RetentionSettings;

  constructor(private readonly deps: PrivacyRightsDeps) {
    this.retention = new RetentionSettings(deps);
    deps.jobs.define<{ erasureId: string }>(ERASE_JOB, (data, job) => this.runErasure(data.erasureId, job.name).then(() => undefined), { retryLimit: 5, retryDelaySeconds: 60 });
    deps.jobs.define<{ requestId: string; stage: 'por_vencer' | 'vencida'; due: string }>(REMINDER_JOB, (data, job) => this.sendReminder(data, job.name), { retryLimit: 5, retryDelaySeconds: 60 });
    deps.jobs.define<{ today?: string }>(SWEEP_JOB, (data) => this.sweep(data.today ?? mexicoDay(deps.clock())).then(() => undefined), { retryLimit: 3, retryDelaySeconds: 60 });
  }

  async scheduleDaily(): Promise<void> {
    await this.deps.jobs.schedule(SWEEP_JOB, '30 6 * * *');
  }

  policy(): DataPolicy {
    return loadPolicy(this.deps.policyPath);
  }

  // ── consent on the person's own account and at a kiosk ─────────────────────────────────────

  async myConsent(personId: string) {
    return this.deps.privacy.current(this.deps.db, personId, 'datos_biometricos');
  }

  /** Grant (or refuse) from the person's own portal. A CURP other than their own is refused. */
  async consentOwn(personId: string, accountId: string, input: { granted: boolean; noticeVersion: string; curp?: string }) {
    await this.assertOwnCurp(personId, input.curp, 'CONSENT_OTHER_PERSON', 'Solo puede otorgar o revocar el consentimiento sobre sus propios datos.');
    if (!input.granted) throw new AppError('WITHDRAWAL_NEEDS_CONFIRMATION', 'Para revocar su consentimiento use "Revocar", después de leer sus consecuencias.', 400);
    const view = await this.deps.privacy.recordNow({ personId, scope: 'datos_biometricos', granted: true, noticeVersion: input.noticeVersion, channel: 'portal' }, `account:${accountId}`);
    await this.afterDecision(personId, true);
    return view;
  }

  /** At a station: the operator attests the person's decision (grant or revocation). */
  async attestAtStation(input: { curp: string; granted: boolean; noticeVersion: string; stationId: string }, operator: Actor) {
    const personId = await this.deps.privacy.resolvePerson(input.curp);
    const view = await this.deps.privacy.recordNow({ personId, scope: 'datos_biometricos', granted: input.granted, noticeVersion: input.noticeVersion, channel: 'estacion', stationId: input.stationId }, operator);
    await this.afterDecision(personId, input.granted);
    return view;
  }

  /** The galleries follow the decision at once: out on a revocation, back in on a new grant. */
  private async afterDecision(personId: string, granted: boolean): Promise<void> {
    if (!granted) return this.deps.enrollment.dropFromGallery(personId);
    if (await this.deps.privacy.mayUse(this.deps.db, personId)) await this.deps.enrollment.returnToGallery(personId);
  }

  /**
   * Withdrawal from the portal (LGPDPPSO art. 21 ¶ last: revocable at any time): only after the
   * consequences were shown (`acknowledged`), only when a grant stands (a replayed withdrawal is
   * refused), and it takes the person out of the 1:N galleries at once.
   */
  async withdraw(personId: string, accountId: string, input: { acknowledged: boolean; noticeVersion: string; curp?: string }) {
    await this.assertOwnCurp(personId, input.curp, 'CONSENT_OTHER_PERSON', 'Solo puede revocar el consentimiento sobre sus propios datos.');
    if (!input.acknowledged) {
      throw new AppError('WITHDRAWAL_NOT_ACKNOWLEDGED', 'Lea y confirme las consecuencias de revocar su consentimiento antes de continuar.', 400, { consequences: WITHDRAWAL_CONSEQUENCES });
    }
    const { db, privacy } = this.deps;
    const view = await db.transaction().execute(async (trx) => {
      // One decision at a time per person: a replay waits, then sees the revocation and is refused.
      await sql`select pg_advisory_xact_lock(hashtext(${`consent:${personId}`}))`.execute(trx);
      const current = await privacy.current(trx, personId, 'datos_biometricos');
      if (!current?.granted) throw new AppError('CONSENT_NOT_GRANTED', 'No hay un consentimiento vigente que revocar: ya fue revocado o nunca se otorgó.', 409);
      return privacy.record(trx, { personId, scope: 'datos_biometricos', granted: false, noticeVersion: input.noticeVersion, channel: 'portal' }, `account:${accountId}`);
    });
    await this.afterDecision(personId, false);
    return view;
  }

  /** First use of a kiosk: the person, identified by matrícula, accepts the simplified notice on its screen. */
  async consentAtKiosk(input: { matricula: string; ooadCode: string; noticeVersion: string; granted: boolean; stationId: string }, actor: Actor) {
    const personId = await this.deps.accounts.staffPersonId(input.ooadCode, input.matricula);
    if (!personId) throw new AppError('MATRICULA_UNKNOWN', `No hay personal registrado con la matrícula ${input.matricula} en la OOAD ${input.ooadCode}.`, 404);
    const view = await this.deps.privacy.recordNow({ personId, scope: 'datos_biometricos', granted: input.granted, noticeVersion: input.noticeVersion, channel: 'quiosco', stationId: input.stationId }, actor);
    await this.afterDecision(personId, input.granted);
    return view;
  }

  // ── ARCO requests ─────────────────────────────────────────────────────────────────────────

  /** From the person's portal: always about themself. */
  async fileOwn(personId: string, accountId: string, input: { kind: PrivacyRequestKind; description: string; curp?: string; evidence?: string; auditSeq?: number }) {
    await this.assertOwnCurp(personId, input.curp, 'ARCO_OTHER_PERSON', 'Solo puede presentar solicitudes sobre sus propios datos. Para otra persona, acuda con ella a ventanilla con su identificación y el documento que acredite su representación.');
    return this.file({ personId, kind: input.kind, description: input.description, evidence: input.evidence, auditSeq: input.auditSeq, channel: 'portal', filedBy: `account:${accountId}` });
  }

  /** At a window: the operator checked the person's official identification (LGPDPPSO art. 49). */
  async fileAtWindow(input: { curp: string; kind: PrivacyRequestKind; description: string; evidence?: string; identityChecked: boolean; stationId: string }, operator: Actor) {
    if (!input.identityChecked) {
      throw new AppError('ARCO_IDENTITY_NOT_CHECKED', 'Confirme que revisó la identificación oficial del titular (o de su representante) antes de registrar la solicitud.', 400);
    }
    const personId = await this.deps.privacy.resolvePerson(input.curp);
    return this.file({ personId, kind: input.kind, description: input.description, evidence: input.evidence, channel: 'ventanilla', filedBy: operator, stationId: input.stationId });
  }

  /** "No reconozco este acceso": opens a case for the privacy officer about one audit entry of the person. */
  async reportAccess(personId: string, accountId: string, input: { seq: number; description: string }) {
    const entry = (await this.deps.audit.listBySubject(this.deps.db, `person:${personId}`, 10_000)).find((e) => Number(e.seq) === input.seq);
    if (!entry) throw new AppError('ACCESS_NOT_FOUND', 'Ese acceso no está en la lista de consultas de sus datos.', 404);
    return this.file({ personId, kind: 'acceso_no_reconocido', description: input.description, auditSeq: input.seq, channel: 'portal', filedBy: `account:${accountId}` });
  }

  private async file(input: { personId: string; kind: PrivacyRequestKind; description: string; evidence?: string; auditSeq?: number; channel: 'portal' | 'ventanilla'; filedBy: string; stationId?: string }): Promise<RequestView> {
    const description = input.description.trim();
    if (description.length < 5) throw new AppError('ARCO_DESCRIPTION_REQUIRED', 'Describa su solicitud (qué datos y qué pide).', 400);
    if (input.kind === 'rectificacion' && !input.evidence?.trim()) {
      throw new AppError('ARCO_EVIDENCE_REQUIRED', 'Una rectificación necesita el documento que acredita el dato correcto (por ejemplo, acta de nacimiento o CURP).', 400);
    }
    const today = mexicoDay(this.deps.clock());
    const calendar = await this.calendarFor(today);
    const { respuestaDiasHabiles } = this.policy().plazosLegales;
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const created = await repository.insertRequest(trx, {
        folio: `ARCO-${today.slice(0, 4)}-${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 100)).padStart(2, '0')}`,
        person_id: input.personId,
        kind: input.kind,
        channel: input.channel,
        filed_by: input.filedBy,
        description,
        details: JSON.stringify({ evidence: input.evidence?.trim() || null, auditSeq: input.auditSeq ?? null, stationId: input.stationId ?? null }),
        status: 'recibida',
        received_on: today,
        answer_due_on: addBusinessDays(today, respuestaDiasHabiles, calendar),
        execute_due_on: null,
        answer: null,
        answered_by: null,
        answered_at: null,
        executed_at: null,
        created_at: this.deps.clock(),
      });
      await this.deps.audit.record(trx, {
        actor: input.filedBy as Actor,
        action: 'privacy.request.filed',
        subject: `person:${input.personId}`,
        purpose: `solicitud ${input.kind}`,
        details: { requestId: created.id, folio: created.folio, channel: input.channel, answerDueOn: created.answer_due_on },
      });
      return created;
    });
    return this.view(row, calendar);
  }

  async mine(personId: string): Promise<RequestView[]> {
    const rows = await repository.listRequestsOf(this.deps.db, personId);
    const calendar = await this.calendarFor(mexicoDay(this.deps.clock()));
    return rows.map((r) => this.view(r, calendar));
  }

  /** The privacy officer's queue: open requests first by due date, with the person's name and CURP; audited. */
  async queue(officer: Actor) {
    const { db, audit, identity } = this.deps;
    // Read before the transaction: on PGlite's single connection a read outside it would wait for it.
    const calendar = await this.calendarFor(mexicoDay(this.deps.clock()));
    return db.transaction().execute(async (trx) => {
      const rows = await repository.listRequests(trx, ['recibida', 'procedente', 'improcedente', 'ejecutada']);
      const labels = await identity.labelsOf(trx, [...new Set(rows.map((r) => r.person_id))]);
      const holds = await repository.listOpenHolds(trx);
      await audit.record(trx, { actor: officer, action: 'privacy.requests.listed', subject: 'privacy_requests', purpose: 'atención de solicitudes ARCO', details: { count: rows.length } });
      return {
        requests: rows.map((r) => ({ ...this.view(r, calendar), person: labels.get(r.person_id) ?? null })),
        holds: holds.map((h) => ({ id: h.id, person: labels.get(h.person_id) ?? null, personId: h.person_id, reason: h.reason, placedAt: h.placed_at.toISOString() })),
      };
    });
  }

  /** The answer (procedente / improcedente, with its reasons); a procedente one starts the 15-day execution clock. */
  async answer(requestId: string, input: { decision: 'procedente' | 'improcedente'; answer: string }, officer: Actor): Promise<RequestView> {
    const today = mexicoDay(this.deps.clock());
    const calendar = await this.calendarFor(today);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const request = await repository.findRequest(trx, requestId, true);
      if (!request) throw new AppError('ARCO_NOT_FOUND', 'La solicitud no existe.', 404);
      if (request.status !== 'recibida') throw new AppError('ARCO_ALREADY_ANSWERED', 'Esta solicitud ya fue respondida.', 409);
      const executeDue = input.decision === 'procedente' ? addBusinessDays(today, this.policy().plazosLegales.ejecucionDiasHabiles, calendar) : null;
      await repository.updateRequest(trx, requestId, { status: input.decision, answer: input.answer.trim(), answered_by: officer, answered_at: this.deps.clock(), execute_due_on: executeDue });
      await this.deps.audit.record(trx, { actor: officer, action: 'privacy.request.answered', subject: `person:${request.person_id}`, purpose: `respuesta a solicitud ${request.kind}`, details: { requestId, decision: input.decision, executeDueOn: executeDue } });
      return (await repository.findRequest(trx, requestId))!;
    });
    return this.view(row, calendar);
  }

  /**
   * Carries out a procedente request. Cancelación: blocks the biometric data at once and schedules
   * the erasure after the blocking period (refused while a legal hold is open). Oposición: the
   * biometric consent is revoked. Acceso: the download is delivered. Rectificación: the officer
   * records what was corrected (identity data come from RENAPO; the correction is made there).
   */
  async execute(requestId: string, input: { note: string }, officer: Actor): Promise<RequestView> {
    const { db, audit, privacy, enrollment, jobs, clock } = this.deps;
    const calendar = await this.calendarFor(mexicoDay(clock()));
    let erasureId: string | null = null;
    let notBefore: Date | null = null;
    const row = await db.transaction().execute(async (trx) => {
      const request = await repository.findRequest(trx, requestId, true);
      if (!request) throw new AppError('ARCO_NOT_FOUND', 'La solicitud no existe.', 404);
      if (request.status !== 'procedente') throw new AppError('ARCO_NOT_PROCEDENTE', 'Solo se ejecuta una solicitud declarada procedente y aún no ejecutada.', 409);
      if (request.kind === 'cancelacion') {
        await this.assertNoHold(trx, request.person_id);
        notBefore = new Date(clock().getTime() + this.policy().bloqueoTrasCancelacionDias * 86_400_000);
        const erasure = await repository.insertErasure(trx, { person_id: request.person_id, cause: 'cancelacion', request_id: request.id, status: 'programada', not_before: notBefore, blocked_reason: null, records: null, executed_at: null, created_at: clock() });
        erasureId = erasure.id;
      }
      if (request.kind === 'oposicion') {
        const current = await privacy.current(trx, request.person_id, 'datos_biometricos');
        if (current?.granted) {
          const details = request.details as { stationId?: string | null };
          await privacy.record(trx, { personId: request.person_id, scope: 'datos_biometricos', granted: false, noticeVersion: privacy.notice().version, channel: details.stationId ? 'estacion' : 'portal', stationId: details.stationId ?? null }, officer);
        }
      }
      await repository.updateRequest(trx, requestId, { status: 'ejecutada', executed_at: clock(), answer: [request.answer, input.note.trim()].filter(Boolean).join('\n') });
      await audit.record(trx, { actor: officer, action: 'privacy.request.executed', subject: `person:${request.person_id}`, purpose: `ejecución de solicitud ${request.kind}`, details: { requestId, erasureId } });
      return (await repository.findRequest(trx, requestId))!;
    });
    if (row.kind === 'cancelacion' || row.kind === 'oposicion') await enrollment.dropFromGallery(row.person_id);
    if (erasureId) await jobs.send(ERASE_JOB, { erasureId }, { key: `${ERASE_JOB}:${erasureId}`, startAfter: notBefore! });
    return this.view(row, calendar);
  }

  // ── legal holds and erasure ────────────────────────────────────────────────────────────────

  async placeHold(input: { curp: string; reason: string }, actor: Actor) {
    const personId = await this.deps.privacy.resolvePerson(input.curp);
    const reason = input.reason.trim();
    if (reason.length < 5) throw new AppError('HOLD_REASON_REQUIRED', 'Indique el motivo de la conservación (por ejemplo, "firma impugnada, expediente 123/2026").', 400);
    return this.deps.db.transaction().execute(async (trx) => {
      const hold = await repository.insertHold(trx, { person_id: personId, reason, placed_by: actor, placed_at: this.deps.clock(), released_by: null, released_at: null });
      await this.deps.audit.record(trx, { actor, action: 'privacy.hold.placed', subject: `person:${personId}`, purpose: 'conservación por causa legal', details: { holdId: hold.id, reason } });
      return { id: hold.id, reason: hold.reason, placedAt: hold.placed_at.toISOString() };
    });
  }

  /** Releasing the last hold sends the erasures it blocked back to the queue. */
  async releaseHold(holdId: string, actor: Actor) {
    const { db, audit, jobs, clock } = this.deps;
    const retry = await db.transaction().execute(async (trx) => {
      const hold = await repository.releaseHold(trx, holdId, actor, clock());
      if (!hold) throw new AppError('HOLD_NOT_FOUND', 'La conservación no existe o ya se liberó.', 404);
      await audit.record(trx, { actor, action: 'privacy.hold.released', subject: `person:${hold.person_id}`, purpose: 'conservación por causa legal', details: { holdId } });
      if ((await repository.openHolds(trx, hold.person_id)).length > 0) return [];
      const blocked = (await repository.erasuresOf(trx, hold.person_id)).filter((e) => e.status === 'bloqueada');
      for (const e of blocked) await repository.updateErasure(trx, e.id, { status: 'programada', blocked_reason: null });
      return blocked;
    });
    for (const e of retry) await jobs.send(ERASE_JOB, { erasureId: e.id }, { key: `${ERASE_JOB}:${e.id}:${holdId}`, startAfter: e.not_before });
    return { released: true, erasuresResumed: retry.length };
  }

  /**
   * The erasure job: crypto-shreds every template and image of the person and removes their
   * biometric record, then takes them out of the 1:N galleries. An open legal hold stops it, with
   * the reason recorded. The audit chain keeps that it happened (counts, cause), never the data.
   */
  async runErasure(erasureId: string, jobName = ERASE_JOB): Promise<{ status: 'ejecutada' | 'bloqueada' | 'sin_cambios'; records: number }> {
    const { db, audit, enrollment, jobs, clock } = this.deps;
    const outcome = await db.transaction().execute(async (trx) => {
      const erasure = await repository.findErasure(trx, erasureId, true);
      if (!erasure || erasure.status !== 'programada' || erasure.not_before > clock()) return { status: 'sin_cambios' as const, records: 0, personId: null };
      const holds = await repository.openHolds(trx, erasure.person_id);
      if (holds.length > 0) {
        const reason = holds.map((h) => h.reason).join('; ');
        await repository.updateErasure(trx, erasureId, { status: 'bloqueada', blocked_reason: reason });
        await audit.record(trx, { actor: 'system', action: 'privacy.erasure.blocked', subject: `person:${erasure.person_id}`, purpose: 'supresión de datos biométricos', details: { erasureId, reason } });
        return { status: 'bloqueada' as const, records: 0, personId: null };
      }
      if (!(await jobs.claimOnce(trx, `${ERASE_JOB}:${erasureId}`, jobName))) return { status: 'sin_cambios' as const, records: 0, personId: null };
      const records = await enrollment.eraseBiometrics(trx, erasure.person_id);
      await repository.updateErasure(trx, erasureId, { status: 'ejecutada', records, executed_at: clock() });
      await audit.record(trx, { actor: 'system', action: 'privacy.erasure.executed', subject: `person:${erasure.person_id}`, purpose: 'supresión de datos biométricos (destrucción de claves)', details: { erasureId, cause: erasure.cause, records } });
      return { status: 'ejecutada' as const, records, personId: erasure.person_id };
    });
    if (outcome.personId) await enrollment.dropFromGallery(outcome.personId);
    return { status: outcome.status, records: outcome.records };
  }

  /** Schedules the erasure of a person whose biometric retention period expired (the sweep, or an officer). */
  async scheduleRetentionErasure(personId: string, actor: Actor): Promise<string> {
    const { db, audit, jobs, clock } = this.deps;
    const retentionDays = await this.retention.days('biometricos');
    const id = await db.transaction().execute(async (trx) => {
      await this.assertNoHold(trx, personId);
      const erasure = await repository.insertErasure(trx, { person_id: personId, cause: 'retencion', request_id: null, status: 'programada', not_before: clock(), blocked_reason: null, records: null, executed_at: null, created_at: clock() });
      await audit.record(trx, { actor, action: 'privacy.erasure.scheduled', subject: `person:${personId}`, purpose: 'plazo de conservación de datos biométricos vencido', details: { erasureId: erasure.id, retentionDays } });
      return erasure.id;
    });
    await jobs.send(ERASE_JOB, { erasureId: id }, { key: `${ERASE_JOB}:${id}` });
    return id;
  }

  /**
   * Daily: reminders on the legal clock, erasures whose blocking period ended (re-sent by key, so a
   * lost send is caught up), and the erasure of biometric data whose retention period ran out.
   */
  async sweep(today: string): Promise<{ reminders: number; erasures: number; expired: number }> {
    const { db, jobs, clock } = this.deps;
    const calendar = await this.calendarFor(today);
    const before = this.policy().plazosLegales.recordatorioDiasHabilesAntes;
    let reminders = 0;
    for (const r of await repository.listRequests(db, ['recibida', 'procedente'])) {
      const due = r.status === 'recibida' ? r.answer_due_on : r.execute_due_on;
      if (!due) continue;
      const left = businessDaysBetween(today, due, calendar);
      const stage = left < 0 ? 'vencida' : left <= before ? 'por_vencer' : null;
      if (!stage) continue;
      const key = `${REMINDER_JOB}:${r.id}:${r.status}:${stage}`;
      if (await jobs.send(REMINDER_JOB, { requestId: r.id, stage, due }, { key })) reminders++;
    }
    let erasures = 0;
    for (const e of await repository.dueErasures(db, clock())) {
      if (e.status !== 'programada') continue;
      if (await jobs.send(ERASE_JOB, { erasureId: e.id }, { key: `${ERASE_JOB}:${e.id}` })) erasures++;
    }
    return { reminders, erasures, expired: await this.sweepExpiredRetention() };
  }

  /**
   * Biometric data kept past the period in force (`conservacion.biometricos` of the policy file, or
   * the administrator's change of it: days since the last
   * use, i.e. the person's last verification or identification, else their latest enrollment) are
   * scheduled for erasure. A person under a legal hold, or with an erasure already scheduled, is
   * left for the privacy officer. Returns the erasures scheduled.
   */
  private async sweepExpiredRetention(): Promise<number> {
    const { db, audit, enrollment, clock } = this.deps;
    const days = await this.retention.days('biometricos');
    const cutoff = clock().getTime() - days * 86_400_000;
    let scheduled = 0;
    // Enrolled within the period: kept whatever their use. The rest: one query for who used them since.
    const idle = (await enrollment.biometricRecords()).filter((record) => (record.enrolledAt?.getTime() ?? 0) < cutoff);
    const used = await audit.subjectsActiveSince(db, idle.map((r) => `person:${r.personId}`), BIOMETRIC_USE_ACTIONS, new Date(cutoff));
    for (const record of idle) {
      if (used.has(`person:${record.personId}`)) continue;
      if ((await repository.openHolds(db, record.personId)).length > 0) continue;
      if ((await repository.erasuresOf(db, record.personId)).some((e) => e.status !== 'ejecutada')) continue;
      await this.scheduleRetentionErasure(record.personId, 'system');
      scheduled++;
    }
    return scheduled;
  }

  private async sendReminder(data: { requestId: string; stage: 'por_vencer' | 'vencida'; due: string }, jobName: string): Promise<void> {
    const { db, jobs, mail } = this.deps;
    const office = this.policy().unidadDeTransparencia;
    await db.transaction().execute(async (trx) => {
      const request = await repository.findRequest(trx, data.requestId);
      if (!request || (request.status !== 'recibida' && request.status !== 'procedente')) return;
      if (!(await jobs.claimOnce(trx, `${REMINDER_JOB}:${request.id}:${request.status}:${data.stage}`, jobName))) return;
      const what = request.status === 'recibida' ? 'responder' : 'hacer efectiva';
      await mail.enqueue(trx, {
        kind: `privacy.reminder-${data.stage}`,
        to: office.correo,
        subject: data.stage === 'vencida' ? `Solicitud ${request.folio} fuera de plazo` : `Solicitud ${request.folio}: vence el ${data.due}`,
        text: `${office.nombre}:\n\nLa solicitud ${request.folio} (${KIND_LABELS[request.kind]}) debe ${what}se a más tardar el ${data.due} (días hábiles, LGPDPPSO art. 51).\n${data.stage === 'vencida' ? 'El plazo ya venció.' : ''}\n\nAtiéndala en el portal de privacidad.`,
      });
    });
  }

  // ── the access download and "¿Quién consultó mis datos?" ─────────────────────────────────────

  /**
   * Everything held about the person (LGPDPPSO art. 44), gathered through each module's service in
   * one transaction, each read audited: identity, biometric record and enrollments (which fingers,
   * face, dates, outcome — never template or image bytes), attendance, proofs of life, signatures,
   * consents, requests, erasures and holds, and the list of accesses.
   */
  async exportData(personId: string, actor: Actor, purpose = 'derecho de acceso (descarga de mis datos)') {
    const { db, identity, enrollment, attendance, pension, audit, privacy } = this.deps;
    const person = await identity.getById(personId, { actor, purpose });
    const status = await enrollment.statusOf(person.curp, { actor, purpose });
    const rest = await db.transaction().execute(async (trx) => {
      const attendanceData = await attendance.exportOf(trx, personId, { actor, purpose });
      const pensionData = await pension.exportOf(trx, personId, { actor, purpose });
      const signatures = await this.deps.incapacity.exportOf(trx, personId, { actor, purpose });
      const consents = await privacy.consentsOf(trx, personId);
      const requests = await repository.listRequestsOf(trx, personId);
      const erasures = await repository.erasuresOf(trx, personId);
      const holds = await repository.openHolds(trx, personId);
      await audit.record(trx, { actor, action: 'privacy.export', subject: `person:${personId}`, purpose, details: { categories: 9 } });
      return { attendanceData, pensionData, signatures, consents, requests, erasures, holds };
    });
    const accesses = await this.accesses(personId, null);
    return {
      generatedAt: this.deps.clock().toISOString(),
      notice: { version: privacy.notice().version },
      identity: {
        curp: person.curp,
        nss: person.nss,
        rfc: person.rfc,
        givenNames: person.givenNames,
        firstSurname: person.firstSurname,
        secondSurname: person.secondSurname,
        birthDate: person.birthDate,
        sex: person.sex,
        birthState: person.birthState,
        email: person.email,
        registry: person.registry,
        createdAt: person.createdAt,
      },
      biometrics: {
        status: status.status,
        note: 'Por seguridad no se entregan las plantillas ni las imágenes biométricas: solo qué se registró y cuándo.',
        enrollments: status.enrollments.map((e) => ({
          version: e.version,
          outcome: e.outcome,
          current: e.current,
          createdAt: e.createdAt,
          supersededAt: e.supersededAt,
          fingers: e.fingers,
          face: e.face,
          unavailableFingers: e.unavailableFingers,
          possibleDuplicatesReviewed: e.candidates.length,
          adjudication: e.adjudication ? { decision: e.adjudication.decision, decidedAt: e.adjudication.decidedAt } : null,
        })),
      },
      attendance: rest.attendanceData,
      proofsOfLife: rest.pensionData,
      signatures: rest.signatures,
      consents: rest.consents.map((c) => ({ ...c, recordedBy: c.recordedBy === `account:${personId}` ? 'usted' : c.channel })),
      requests: rest.requests.map((r) => ({ folio: r.folio, kind: r.kind, status: r.status, receivedOn: r.received_on, answerDueOn: r.answer_due_on, answer: r.answer })),
      erasures: rest.erasures.map((e) => ({ cause: e.cause, status: e.status, notBefore: e.not_before.toISOString(), executedAt: e.executed_at?.toISOString() ?? null, blockedReason: e.blocked_reason })),
      legalHolds: rest.holds.map((h) => ({ reason: h.reason, placedAt: h.placed_at.toISOString() })),
      accesses,
    };
  }

  /** The officer hands the download over at a window: only for an access request declared procedente. */
  async exportForRequest(requestId: string, officer: Actor) {
    const request = await repository.findRequest(this.deps.db, requestId);
    if (!request) throw new AppError('ARCO_NOT_FOUND', 'La solicitud no existe.', 404);
    if (request.kind !== 'acceso' || (request.status !== 'procedente' && request.status !== 'ejecutada')) {
      throw new AppError('ARCO_NOT_PROCEDENTE', 'Solo se entrega la descarga de una solicitud de acceso declarada procedente.', 409);
    }
    return this.exportData(request.person_id, officer, `entrega de la solicitud de acceso ${request.folio}`);
  }

  /**
   * Every read of the person's data from the audit log: when, role and unit (never the staff
   * member's name), purpose. `viewer` set = the person looking at their own list (that look is audited too).
   */
  async accesses(personId: string, viewer: { accountId: string } | null): Promise<AccessEntry[]> {
    const { db, audit, accounts } = this.deps;
    // The list names each access by its chain position (seq), which the sealer gives an entry up to
    // a second after its commit: seal what has committed first, so every listed access has one.
    await audit.sealAll(db);
    const rows = (await audit.listBySubject(db, `person:${personId}`, 10_000)).filter((r) => READ_ACTION.test(r.action) && r.seq !== null);
    const accountIds = rows.map((r) => r.actor).filter((a) => a.startsWith('account:')).map((a) => a.slice('account:'.length));
    const roles = await accounts.rolesAndUnits(db, accountIds);
    if (viewer) {
      await db.transaction().execute((trx) => audit.record(trx, { actor: `account:${viewer.accountId}`, action: 'privacy.accesses.listed', subject: `person:${personId}`, purpose: '¿Quién consultó mis datos?', details: { count: rows.length } }));
    }
    return rows.map((r) => {
      const at = new Date(r.occurred_at).toISOString();
      const base = { seq: Number(r.seq), at, action: r.action, purpose: r.purpose };
      if (r.actor.startsWith('account:')) {
        const id = r.actor.slice('account:'.length);
        const info = roles.get(id);
        if (info?.personId === personId) return { ...base, who: { kind: 'usted' as const, role: info?.role ?? null, unit: null } };
        return { ...base, who: { kind: 'personal' as const, role: info?.role ?? null, unit: info?.ooadCode ? `${info.ooadCode} ${info.ooadName ?? ''}`.trim() : null } };
      }
      if (r.actor.startsWith('kiosk:')) return { ...base, who: { kind: 'quiosco' as const, role: 'quiosco', unit: null } };
      return { ...base, who: { kind: 'sistema' as const, role: null, unit: null } };
    });
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  private async assertOwnCurp(personId: string, curp: string | undefined, code: string, message: string): Promise<void> {
    if (curp === undefined) return;
    const other = await this.deps.identity.resolvePersonId(this.deps.db, curp.trim().toUpperCase());
    if (other !== personId) throw new AppError(code, message, 403);
  }

  private async assertNoHold(trx: Transaction<Database> | Executor, personId: string): Promise<void> {
    const holds = await repository.openHolds(trx, personId);
    if (holds.length > 0) {
      throw new AppError('LEGAL_HOLD_OPEN', `No se pueden suprimir los datos: hay una conservación por causa legal abierta (${holds.map((h) => h.reason).join('; ')}).`, 409, {
        holds: holds.map((h) => ({ id: h.id, reason: h.reason, placedAt: h.placed_at.toISOString() })),
      });
    }
  }

  /** Non-working days of the years the clock may span (federal calendar + institution, via attendance). */
  private async calendarFor(today: string): Promise<(date: string) => boolean> {
    const year = Number(today.slice(0, 4));
    const days = new Set<string>();
    for (const y of [year, year + 1]) for (const d of await this.deps.attendance.calendar(y)) days.add(d.date);
    return (date) => days.has(date);
  }

  private view(row: repository.RequestRow, isNonWorking: (date: string) => boolean): RequestView {
    const today = mexicoDay(this.deps.clock());
    const due = row.status === 'recibida' ? row.answer_due_on : row.status === 'procedente' ? row.execute_due_on : null;
    return {
      id: row.id,
      folio: row.folio,
      kind: row.kind,
      kindLabel: KIND_LABELS[row.kind],
      channel: row.channel,
      description: row.description,
      details: row.details as Record<string, unknown>,
      status: row.status,
      receivedOn: row.received_on,
      answerDueOn: row.answer_due_on,
      executeDueOn: row.execute_due_on,
      answer: row.answer,
      answeredAt: row.answered_at?.toISOString() ?? null,
      executedAt: row.executed_at?.toISOString() ?? null,
      businessDaysLeft: due ? businessDaysBetween(today, due, isNonWorking) : null,
    };
  }
}

/** 'YYYY-MM-DD' in Mexico City: the day a request is received and its clock counts from. */
export function mexicoDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
