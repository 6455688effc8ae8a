import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import { FACE_FIRST_POLICY, type EnrollmentService, type Operator } from '../enrollment/service.ts';
import type { IdentityService, NewIdentity } from '../identity/service.ts';
import type { JobQueue } from '../jobs/service.ts';
import type { MailService } from '../mail/service.ts';
import type { PrivacyService } from '../privacy/service.ts';
import type { CaptureRequest } from '../readers/drivers.ts';
import type { ReadersService } from '../readers/service.ts';
import type { VerificationService } from '../verification/service.ts';
import { constanciaPdf } from './constancia-pdf.ts';
import { SelfRegistration, type ProgramWording } from '../registration/service.ts';
import * as repository from './repository.ts';
import type { StaffPensionerRow } from './schema.ts';
import { addDays, addMonths, DUE_SOON_DAYS, MAX_REMOTE_FAILURES_PER_DAY, maskName, mexicoDay, remindersDue, statusOn } from './status.ts';
import type { PensionerBiometricStatus, ProofStatus, RegistrationStep } from './tables.ts';

export interface PensionDeps {
  db: Db;
  config: Config;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  accounts: AccountsService;
  mail: MailService;
  privacy: PrivacyService;
  readers: ReadersService;
  enrollment: EnrollmentService;
  verification: VerificationService;
  jobs: JobQueue;
}

export interface PensionerView {
  curp: string;
  name: string;
  step: RegistrationStep;
  biometricStatus: PensionerBiometricStatus;
  status: ProofStatus;
  nextDueDate: string;
  daysLeft: number;
  /** Three failed remote proofs today: go to a clinic. */
  clinicRequired: boolean;
  proofs: Array<{ folio: string | null; channel: 'remoto' | 'clinica'; outcome: 'aprobada' | 'fallida'; reason: string | null; at: string }>;
}

const PENSION_WORDING: ProgramWording = { program: 'pensionado', mailKind: 'pension.registration-code', startedAction: 'pension.registration.started', purpose: 'registro de pensionado' };
/** Registration puts the first due date this far out: the first proof is asked right away, and "en riesgo" only comes if it is not done. */
const FIRST_PROOF_DAYS = DUE_SOON_DAYS;
const PORTAL_STATION = 'PORTAL-PENSIONADOS';
export const SWEEP_JOB = 'pension.sweep';
export const REMINDER_JOB = 'pension.reminder';

/**
 * Pensioners (issue 12): self-registration from a phone, proof of life (remote with face +
 * challenge + passive PAD, or at a clinic with a finger), constancias with a public check, status
 * by due date and e-mail reminders on the job queue. "En riesgo" never blocks a payment.
 */
export class PensionService {
  private portal: Promise<{ stationId: string; faceReaderId: string }> | null = null;

  private readonly registration: SelfRegistration;

  constructor(private readonly deps: PensionDeps) {
    this.registration = new SelfRegistration({ db: deps.db, sessionSecret: deps.config.sessionSecret, clock: deps.clock, audit: deps.audit, identity: deps.identity, accounts: deps.accounts, mail: deps.mail });
    deps.jobs.define<{ today?: string }>(SWEEP_JOB, (data) => this.sweep(data.today ?? mexicoDay(this.deps.clock())).then(() => undefined), { retryLimit: 3, retryDelaySeconds: 60 });
    deps.jobs.define<{ personId: string; dueDate: string; days: number }>(REMINDER_JOB, (data, job) => this.sendReminder(data, job.name), { retryLimit: 5, retryDelaySeconds: 60 });
  }

  /** The daily sweep at 06:15 Mexico City (main.ts calls this once the queue runs). */
  async scheduleDaily(): Promise<void> {
    await this.deps.jobs.schedule(SWEEP_JOB, '15 6 * * *');
  }

  private today(): string {
    return mexicoDay(this.deps.clock());
  }

  // ── self-registration ──────────────────────────────────────────────────────────────────

  /**
   * Step 1: CURP (check digit) and names cross-checked against the population registry, and an
   * e-mail that gets a one-time code (the shared self-registration, modules/registration).
   */
  async startRegistration(input: NewIdentity & { email: string; ooadCode?: string | null }): Promise<{ email: string }> {
    return this.registration.start({ ...input, nss: null }, PENSION_WORDING);
  }

  /** Step 2: the e-mailed code → a token that lets the person choose a password (1 h). */
  async confirmCode(curp: string, code: string): Promise<{ token: string }> {
    return this.registration.confirm(curp, code, 'pensionado');
  }

  /**
   * Step 3: the password. In one transaction: the person (if new), the account, the pensioner
   * with its first due date. Then the person logs in (POST /api/auth/curp-login) and goes on from
   * where GET /api/pension/me says (consent, then face): a dropped connection resumes there.
   */
  async setPassword(curpInput: string, token: string, password: string): Promise<{ curp: string }> {
    const { db, identity, accounts, audit } = this.deps;
    const proven = await this.registration.prove(curpInput, token, 'pensionado');
    const { curp, verified } = proven;
    const now = this.deps.clock();
    await db.transaction().execute(async (trx) => {
      const access = { actor: 'anonymous' as Actor, purpose: 'registro de pensionado' };
      const personId = (await identity.resolvePersonId(trx, curp)) ?? (await identity.insertVerified(trx, verified, access)).id;
      // The person creates their own account: no one is logged in yet.
      const account = await accounts.createAccount(trx, { personId, role: 'pensionado', password }, 'anonymous');
      await repository.insertPensioner(trx, {
        person_id: personId,
        account_id: account.id,
        ooad_code: proven.ooadCode,
        step: 'consentimiento',
        biometric_status: 'sin_rostro',
        registered_at: now,
        next_due_date: addDays(this.today(), FIRST_PROOF_DAYS),
        status: 'por_vencer',
        status_changed_at: now,
      });
      await this.registration.finish(trx, curp);
      await audit.record(trx, { actor: `account:${account.id}`, action: 'pension.registration.account', subject: `person:${personId}`, purpose: 'registro de pensionado', details: { ooadCode: proven.ooadCode } });
    });
    return { curp };
  }

  async me(accountId: string): Promise<PensionerView> {
    const pensioner = await this.pensionerOf(accountId);
    return this.view(pensioner);
  }

  /** Step 4: the notice and the express, separate consent for biometric data. */
  async consent(accountId: string, input: { noticeVersion: string; granted: boolean }): Promise<PensionerView> {
    const pensioner = await this.pensionerOf(accountId);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.privacy.record(trx, { personId: pensioner.person_id, scope: 'datos_biometricos', granted: input.granted, noticeVersion: input.noticeVersion, channel: 'portal' }, `account:${accountId}`);
      if (input.granted && pensioner.step === 'consentimiento') await repository.updatePensioner(trx, pensioner.person_id, { step: 'rostro' });
    });
    return this.me(accountId);
  }

  /**
   * Step 5: the face from the phone's camera, quality-gated (the failed ICAO-style checks come back
   * named in Spanish), deduplicated 1:N against the whole gallery through the enrollment module
   * (a match goes to its adjudication queue). Refused without the biometric consent.
   */
  async captureFace(accountId: string, frame: string): Promise<PensionerView> {
    const { db, enrollment, privacy } = this.deps;
    const pensioner = await this.pensionerOf(accountId);
    await privacy.requireConsent(db, pensioner.person_id, 'datos_biometricos');
    if (pensioner.biometric_status !== 'sin_rostro' && pensioner.biometric_status !== 'rechazado') {
      throw new AppError('FACE_ALREADY_REGISTERED', 'Su rostro ya está registrado.', 409);
    }
    const portal = await this.portalStation();
    const operator: Operator = { accountId, actor: `account:${accountId}` };
    const curp = await this.curpOf(pensioner.person_id);
    const session = await enrollment.openSession({ curp, stationId: portal.stationId }, operator);
    let status: 'registrado' | 'pendiente' | 'rechazado';
    try {
      await enrollment.selectReader(session.id, portal.faceReaderId, operator);
      await enrollment.captureFace(session.id, { frame } as CaptureRequest, operator);
      status = (await enrollment.complete(session.id, operator, FACE_FIRST_POLICY)).status;
    } catch (error) {
      // Nothing half-written: the open session is cancelled, the person tries again.
      await enrollment.cancelSession(session.id, operator).catch(() => undefined);
      throw error;
    }
    const biometric: PensionerBiometricStatus = status === 'pendiente' ? 'en_revision' : status === 'rechazado' ? 'rechazado' : 'registro_parcial_rostro';
    await repository.updatePensioner(db, pensioner.person_id, { biometric_status: biometric, step: 'completo' });
    return this.me(accountId);
  }

  /** The pensioner record and every proof of life (evidence summarised), for the access right; audited in the caller's transaction. */
  async exportOf(trx: Transaction<Database>, personId: string, access: { actor: Actor; purpose: string }) {
    const pensioner = await repository.findPensioner(trx, personId);
    const proofs = await repository.listProofs(trx, personId);
    await this.deps.audit.record(trx, { actor: access.actor, action: 'pension.export', subject: `person:${personId}`, purpose: access.purpose, details: { proofs: proofs.length } });
    return {
      pensioner: pensioner
        ? { ooadCode: pensioner.ooad_code, step: pensioner.step, biometricStatus: pensioner.biometric_status, registeredAt: pensioner.registered_at.toISOString(), nextDueDate: pensioner.next_due_date, status: pensioner.status }
        : null,
      proofsOfLife: proofs.map((p) => ({ date: p.created_at.toISOString(), channel: p.channel, outcome: p.outcome, reason: p.reason, folio: p.folio, stationId: p.station_id, nextDueDate: p.next_due_date })),
    };
  }

  // ── proof of life ──────────────────────────────────────────────────────────────────────

  async proofChallenge(accountId: string) {
    const pensioner = await this.pensionerOf(accountId);
    await this.assertRemoteAllowed(pensioner.person_id);
    return this.deps.verification.issueChallengeFor(pensioner.person_id, 'supervivencia', `account:${accountId}`);
  }

  /**
   * A remote proof: 1:1 face against the enrolled face, with the challenge and the passive PAD
   * (the verification module refuses without them). A failure is recorded with its reason.
   */
  async remoteProof(accountId: string, input: { challengeId: string; frames: string[]; face: string }) {
    const pensioner = await this.pensionerOf(accountId);
    await this.assertRemoteAllowed(pensioner.person_id);
    const portal = await this.portalStation();
    const actor: Actor = `account:${accountId}`;
    const curp = await this.curpOf(pensioner.person_id);
    try {
      const result = await this.deps.verification.verify(curp, { purpose: 'supervivencia', faceReaderId: portal.faceReaderId, face: { frame: input.face } as CaptureRequest, liveness: { challengeId: input.challengeId, frames: input.frames } }, actor);
      if (result.decision !== 'coincide') return this.recordFailure(pensioner.person_id, actor, 'rostro_no_coincide', { score: result.score, face: result.face });
      return this.recordPass(pensioner.person_id, actor, 'remoto', null, { face: result.face, liveness: result.liveness ?? null });
    } catch (error) {
      if (error instanceof AppError && error.httpStatus < 500) return this.recordFailure(pensioner.person_id, actor, error.code, { message: error.message, details: error.details ?? null });
      throw error;
    }
  }

  /** A proof at a clinic: the operator captures a finger of the pensioner at their station. */
  async clinicProof(operator: Operator, input: { curp: string; stationId: string; fingerReaderId: string; fingers: Array<CaptureRequest & { position: number }> }) {
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, input.curp.trim().toUpperCase());
    const pensioner = personId ? await repository.findPensioner(this.deps.db, personId) : undefined;
    if (!pensioner) throw new AppError('PENSIONER_NOT_FOUND', 'La CURP no corresponde a un pensionado registrado.', 404);
    if (!(await this.deps.readers.stationExists(input.stationId))) throw new AppError('STATION_NOT_FOUND', 'La estación de captura no existe.', 404);
    const result = await this.deps.verification.verify(input.curp, { purpose: 'supervivencia', fingerReaderId: input.fingerReaderId, fingers: input.fingers }, operator.actor);
    if (result.decision !== 'coincide') {
      await this.recordFailure(pensioner.person_id, operator.actor, 'huella_no_coincide', { score: result.score }, 'clinica', input.stationId);
      throw new AppError('PROOF_NOT_MATCHED', 'La huella no coincide con el registro de la persona.', 422, { score: result.score });
    }
    return this.recordPass(pensioner.person_id, operator.actor, 'clinica', input.stationId, { finger: result.finger });
  }

  private async assertRemoteAllowed(personId: string): Promise<void> {
    if (await this.clinicRequired(personId)) {
      throw new AppError('CLINIC_VISIT_REQUIRED', 'Hoy no se pudo comprobar su supervivencia en 3 intentos. Acuda a su Unidad de Medicina Familiar con una identificación; su pago no se suspende.', 429);
    }
  }

  private async clinicRequired(personId: string): Promise<boolean> {
    const since = startOfMexicoDay(this.deps.clock());
    return (await repository.countFailuresSince(this.deps.db, personId, since)) >= MAX_REMOTE_FAILURES_PER_DAY;
  }

  private async recordFailure(personId: string, actor: Actor, reason: string, evidence: Record<string, unknown>, channel: 'remoto' | 'clinica' = 'remoto', stationId: string | null = null) {
    const now = this.deps.clock();
    await this.deps.db.transaction().execute(async (trx) => {
      await repository.insertProof(trx, { person_id: personId, folio: null, channel, outcome: 'fallida', reason, evidence: JSON.stringify(evidence), recorded_by: actor, station_id: stationId, next_due_date: null, created_at: now });
      await this.deps.audit.record(trx, { actor, action: 'pension.proof.failed', subject: `person:${personId}`, purpose: 'supervivencia', details: { channel, reason } });
    });
    const clinicRequired = channel === 'remoto' && (await this.clinicRequired(personId));
    return { outcome: 'fallida' as const, reason, folio: null, clinicRequired };
  }

  private async recordPass(personId: string, actor: Actor, channel: 'remoto' | 'clinica', stationId: string | null, evidence: Record<string, unknown>) {
    const now = this.deps.clock();
    const today = this.today();
    const next = addMonths(today, this.deps.config.pension.proofPeriodMonths);
    const folio = `SUP-${today.replaceAll('-', '')}-${randomBytes(5).toString('hex').toUpperCase()}`;
    await this.deps.db.transaction().execute(async (trx) => {
      await repository.insertProof(trx, { person_id: personId, folio, channel, outcome: 'aprobada', reason: null, evidence: JSON.stringify(evidence), recorded_by: actor, station_id: stationId, next_due_date: next, created_at: now });
      await repository.updatePensioner(trx, personId, { next_due_date: next, status: statusOn(next, today), status_changed_at: now });
      await this.deps.audit.record(trx, { actor, action: 'pension.proof.passed', subject: `person:${personId}`, purpose: 'supervivencia', details: { channel, folio, nextDueDate: next } });
    });
    return { outcome: 'aprobada' as const, reason: null, folio, nextDueDate: next, clinicRequired: false };
  }

  // ── constancia and its public check ────────────────────────────────────────────────────

  async constancia(accountId: string, folio: string, origin: string): Promise<Buffer> {
    const pensioner = await this.pensionerOf(accountId);
    const proof = await repository.findProofByFolio(this.deps.db, folio);
    if (!proof || proof.person_id !== pensioner.person_id) throw new AppError('CONSTANCIA_NOT_FOUND', 'No existe esa constancia.', 404);
    return this.renderConstancia(proof, origin);
  }

  /** The same constancia, printed at the clinic by the operator who recorded the proof (audited). */
  async constanciaForStaff(actor: Actor, folio: string, origin: string): Promise<Buffer> {
    const proof = await repository.findProofByFolio(this.deps.db, folio);
    if (!proof) throw new AppError('CONSTANCIA_NOT_FOUND', 'No existe esa constancia.', 404);
    await this.deps.db.transaction().execute((trx) =>
      this.deps.audit.record(trx, { actor, action: 'pension.constancia.printed', subject: `person:${proof.person_id}`, purpose: 'supervivencia', details: { folio } }),
    );
    return this.renderConstancia(proof, origin);
  }

  private renderConstancia(proof: NonNullable<Awaited<ReturnType<typeof repository.findProofByFolio>>>, origin: string): Promise<Buffer> {
    const folio = proof.folio!;
    return constanciaPdf({
      folio,
      name: [proof.given_names, proof.first_surname, proof.second_surname].filter(Boolean).join(' '),
      curp: proof.curp,
      date: mexicoDay(new Date(proof.created_at)),
      channel: proof.channel,
      nextDueDate: proof.next_due_date,
      verifyUrl: `${origin}/constancia/${encodeURIComponent(folio)}`,
    });
  }

  /** What anyone holding the QR may learn: the folio is valid, its date, a masked name. */
  async publicCheck(folio: string): Promise<{ valid: boolean; folio: string; date: string | null; maskedName: string | null }> {
    const proof = /^SUP-\d{8}-[0-9A-F]{10}$/.test(folio) ? await repository.findProofByFolio(this.deps.db, folio) : undefined;
    if (!proof) return { valid: false, folio, date: null, maskedName: null };
    return { valid: true, folio, date: mexicoDay(new Date(proof.created_at)), maskedName: maskName(proof.given_names, proof.first_surname, proof.second_surname) };
  }

  // ── status, reminders, staff list ──────────────────────────────────────────────────────

  /**
   * The daily job: every pensioner's status from their due date, and the reminder e-mails due
   * (30, 7, 0 days), each sent through its own job keyed by person, due date and day.
   */
  async sweep(today: string): Promise<{ changed: number; reminders: number }> {
    const { db, jobs } = this.deps;
    let changed = 0;
    let reminders = 0;
    for (const p of await repository.listPensioners(db)) {
      const status = statusOn(p.next_due_date, today);
      if (status !== p.status) {
        await db.transaction().execute(async (trx) => {
          await repository.updatePensioner(trx, p.person_id, { status, status_changed_at: this.deps.clock() });
          await this.deps.audit.record(trx, { actor: 'system', action: 'pension.status.changed', subject: `person:${p.person_id}`, purpose: 'supervivencia', details: { from: p.status, to: status, dueDate: p.next_due_date } });
        });
        changed++;
      }
      for (const days of remindersDue(p.next_due_date, today)) {
        const key = `${REMINDER_JOB}:${p.person_id}:${p.next_due_date}:${days}`;
        if (await jobs.send(REMINDER_JOB, { personId: p.person_id, dueDate: p.next_due_date, days }, { key })) reminders++;
      }
    }
    return { changed, reminders };
  }

  private async sendReminder(data: { personId: string; dueDate: string; days: number }, jobName: string): Promise<void> {
    const { db, identity, mail, jobs } = this.deps;
    await db.transaction().execute(async (trx) => {
      const pensioner = await repository.findPensioner(trx, data.personId);
      // Proved since: that due date is gone, so is its reminder.
      if (!pensioner || pensioner.next_due_date !== data.dueDate) return;
      if (!(await jobs.claimOnce(trx, `${REMINDER_JOB}:${data.personId}:${data.dueDate}:${data.days}`, jobName))) return;
      const contact = await identity.contactOf(trx, data.personId);
      if (!contact?.email) return;
      const when = data.days === 0 ? 'vence hoy' : `vence en ${data.days} días (${data.dueDate})`;
      await mail.enqueue(trx, {
        kind: `pension.reminder-${data.days}`,
        to: contact.email,
        subject: data.days === 0 ? 'Hoy vence su comprobación de supervivencia' : `Su comprobación de supervivencia vence en ${data.days} días`,
        text: `Hola, ${contact.givenNames}:\n\nSu comprobación de supervivencia ${when}. Puede hacerla desde su teléfono en el portal de pensionados, o en su Unidad de Medicina Familiar.\n\nSu pago no se suspende por esto.`,
      });
    });
  }

  async staffList(filter: { statuses: ProofStatus[]; ooadCode: string | null }, actor: Actor): Promise<StaffPensionerRow[]> {
    const rows = await repository.listByStatus(this.deps.db, filter.statuses, filter.ooadCode);
    await this.deps.db.transaction().execute((trx) =>
      this.deps.audit.record(trx, { actor, action: 'pension.list.read', subject: 'pensioners', purpose: 'seguimiento de supervivencia', details: { ...filter, count: rows.length } }),
    );
    const today = this.today();
    return rows.map((r) => ({
      curp: r.curp,
      name: [r.given_names, r.first_surname, r.second_surname].filter(Boolean).join(' '),
      ooadCode: r.ooad_code,
      status: r.status,
      nextDueDate: r.next_due_date,
      daysLeft: Math.round((Date.parse(`${r.next_due_date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000),
      biometricStatus: r.biometric_status,
    }));
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────

  private async pensionerOf(accountId: string) {
    const pensioner = await repository.findPensionerByAccount(this.deps.db, accountId);
    if (!pensioner) throw new AppError('PENSIONER_NOT_FOUND', 'Esta cuenta no tiene un registro de pensionado.', 404);
    return pensioner;
  }

  private async curpOf(personId: string): Promise<string> {
    const person = await this.deps.identity.getById(personId, { actor: 'system', purpose: 'supervivencia' });
    return person.curp;
  }

  private async view(p: repository.PensionerRow): Promise<PensionerView> {
    const person = await this.deps.identity.getById(p.person_id, { actor: `account:${p.account_id}`, purpose: 'consulta de su propio registro' });
    const proofs = await repository.listProofs(this.deps.db, p.person_id);
    const today = this.today();
    return {
      curp: person.curp,
      name: [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' '),
      step: p.step,
      biometricStatus: p.biometric_status,
      status: p.status,
      nextDueDate: p.next_due_date,
      daysLeft: Math.round((Date.parse(`${p.next_due_date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000),
      clinicRequired: await this.clinicRequired(p.person_id),
      proofs: proofs.map((r) => ({ folio: r.folio, channel: r.channel, outcome: r.outcome, reason: r.reason, at: new Date(r.created_at).toISOString() })),
    };
  }

  /** The virtual station of the pensioners' portal: phone cameras capture through it. */
  private portalStation(): Promise<{ stationId: string; faceReaderId: string }> {
    this.portal ??= (async () => {
      const { readers } = this.deps;
      let station = (await readers.listStations()).find((s) => s.code === PORTAL_STATION);
      station ??= { ...(await readers.createStation({ code: PORTAL_STATION, name: 'Portal de pensionados (teléfono)' }, 'system')), readers: [] };
      const reader = station.readers.find((r) => r.modality === 'rostro') ?? (await readers.addReader(station.id, { name: 'Cámara del teléfono', driver: 'camara_web', modality: 'rostro' }, 'system'));
      return { stationId: station.id, faceReaderId: reader.id };
    })();
    this.portal.catch(() => {
      this.portal = null;
    });
    return this.portal;
  }
}

/** Midnight in Mexico City (UTC−6, no DST since 2022) as an instant. */
function startOfMexicoDay(at: Date): Date {
  return new Date(`${mexicoDay(at)}T06:00:00Z`);
}
