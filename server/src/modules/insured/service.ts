import { findOoad } from '@siap/mx-identity';
import type { Transaction } from 'kysely';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { EmployerService } from '../employer/service.ts';
import type { EnrollmentService } from '../enrollment/service.ts';
import type { IdentityService, NewIdentity } from '../identity/service.ts';
import type { JobQueue } from '../jobs/service.ts';
import type { MailService } from '../mail/service.ts';
import { mexicoDay } from '../pension/status.ts';
import { SelfRegistration, type ProgramWording } from '../registration/service.ts';
import { consultationGate, type ConsultationKind, type GateDecision } from './gate.ts';
import * as repository from './repository.ts';
import { addDays, COMPLIANCE_DAYS, daysUntil, nextTransition, reminderDue, rolloutStart, type Transition, type Wave } from './restriction.ts';
import type { RestrictionState, RolloutSegment } from './tables.ts';

export interface InsuredDeps {
  db: Db;
  config: Config;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  accounts: AccountsService;
  mail: MailService;
  jobs: JobQueue;
  enrollment: EnrollmentService;
  employer: EmployerService;
}

export const SWEEP_JOB = 'insured.sweep';
export const EVALUATE_JOB = 'insured.evaluate';
const PURPOSE = 'restricción por falta de biometría';
const INSURED_WORDING: ProgramWording = { program: 'asegurado', mailKind: 'insured.registration-code', startedAction: 'insured.registration.started', purpose: 'registro de asegurado' };

export interface RestrictionView {
  state: RestrictionState;
  restrictedOn: string | null;
  deadline: string | null;
  /** Days left to the deadline (negative once past); null without a deadline. */
  daysLeft: number | null;
  /** What the person should do, in es-MX. */
  whatToDo: string;
  history: Array<{ from: RestrictionState; to: RestrictionState; reason: string; on: string; at: string }>;
}

export interface InsuredView {
  curp: string;
  nss: string;
  name: string;
  ooadCode: string | null;
  clinicId: string | null;
  rights: { vigente: boolean; reason: string; employer: string | null; umf: string | null };
  biometricStatus: 'sin_registro' | 'pendiente' | 'registrado' | 'rechazado';
  restriction: RestrictionView;
}

export interface WaveInput {
  segment: RolloutSegment;
  startsOn: string;
  ooadCode?: string | null;
  birthFrom?: string | null;
  birthTo?: string | null;
  note?: string | null;
}

/**
 * Insured workers (issue 15): self-registration (CURP + NSS + e-mail, the shared flow of
 * modules/registration), and the per-person restriction for lack of biometrics —
 * sin_biometria → restringido (30 days, notified) → nss_suspendido → al_corriente at once on
 * registrado (enrollment calls `restore` inside its transaction). Who is restricted is the
 * admin's rollout policy (waves). Transitions run as idempotent jobs on the job queue; each
 * e-mail is written with `claimOnce` in the transaction that makes its transition.
 */
export class InsuredService {
  private readonly registration: SelfRegistration;
  /** Resolves a UMF code to a clinic (set by services.ts once modules/health is built). */
  clinicByCode: ((code: string) => Promise<string | null>) | null = null;

  constructor(private readonly deps: InsuredDeps) {
    this.registration = new SelfRegistration({ db: deps.db, sessionSecret: deps.config.sessionSecret, clock: deps.clock, audit: deps.audit, identity: deps.identity, accounts: deps.accounts, mail: deps.mail });
    deps.jobs.define<{ today?: string }>(SWEEP_JOB, (data) => this.sweep(data.today ?? this.today()).then(() => undefined), { retryLimit: 3, retryDelaySeconds: 60 });
    deps.jobs.define<{ personId: string; today: string }>(EVALUATE_JOB, (data, job) => this.evaluate(data.personId, data.today, job.name).then(() => undefined), { retryLimit: 5, retryDelaySeconds: 30 });
  }

  /** Daily at 06:05 Mexico City, plus one sweep right away so a restart catches up on missed days. */
  async scheduleDaily(): Promise<void> {
    await this.deps.jobs.schedule(SWEEP_JOB, '5 6 * * *');
    const today = this.today();
    await this.deps.jobs.send(SWEEP_JOB, { today }, { key: `${SWEEP_JOB}:start:${today}` });
  }

  today(): string {
    return mexicoDay(this.deps.clock());
  }

  // ── self-registration ──────────────────────────────────────────────────────────────────

  async startRegistration(input: NewIdentity & { email: string; nss: string; ooadCode?: string | null }): Promise<{ email: string }> {
    return this.registration.start(input, INSURED_WORDING);
  }

  async confirmCode(curp: string, code: string): Promise<{ token: string }> {
    return this.registration.confirm(curp, code, 'asegurado');
  }

  /**
   * Step 3: one transaction — the person (if new), the `asegurado` account, the insured row
   * (UMF and hire date from the employer movements when there are some), and the first
   * evaluation of the rollout policy (a new hire is restricted at once, with its e-mail).
   */
  async setPassword(curpInput: string, token: string, password: string): Promise<{ curp: string }> {
    const { db, identity, accounts, audit, employer } = this.deps;
    const proven = await this.registration.prove(curpInput, token, 'asegurado');
    if (!proven.nss) throw new AppError('NSS_REQUIRED', 'Indique su NSS para registrarse como asegurado.', 400);
    const nss = proven.nss;
    const existingId = await identity.resolvePersonId(db, proven.curp);
    const rights = existingId ? await employer.vigencia(proven.curp, { actor: 'anonymous', purpose: 'registro de asegurado: vigencia y UMF' }).catch(() => null) : null;
    if (rights?.nss && rights.nss !== nss) throw new AppError('NSS_MISMATCH', 'El NSS no corresponde a la CURP según los movimientos afiliatorios.', 422);
    const today = this.today();
    // Resolved before the transaction: on PGlite a query outside it would wait for it.
    const clinicId = rights?.umf && this.clinicByCode ? await this.clinicByCode(rights.umf) : null;
    await db.transaction().execute(async (trx) => {
      const access = { actor: 'anonymous' as Actor, purpose: 'registro de asegurado' };
      const personId = existingId ?? (await identity.insertVerified(trx, proven.verified, access)).id;
      if (await repository.findInsuredByNss(trx, nss)) throw new AppError('NSS_IN_USE', 'El NSS ya está registrado por otra persona.', 409);
      const account = await accounts.createAccount(trx, { personId, role: 'asegurado', password }, 'anonymous');
      await this.enroll(trx, { personId, accountId: account.id, nss, ooadCode: proven.ooadCode, hiredOn: rights?.vigente ? rights.from : null, clinicId }, `account:${account.id}`, today);
      await this.registration.finish(trx, proven.curp);
      await audit.record(trx, { actor: `account:${account.id}`, action: 'insured.registration.account', subject: `person:${personId}`, purpose: 'registro de asegurado', details: { ooadCode: proven.ooadCode } });
    });
    return { curp: proven.curp };
  }

  /**
   * Adds an insured person (registration, demo data, tests) and evaluates the policy at once, in
   * the caller's transaction.
   */
  async enroll(
    trx: Transaction<Database>,
    input: { personId: string; accountId: string | null; nss: string; ooadCode: string | null; hiredOn: string | null; clinicId?: string | null; pensioner?: boolean },
    actor: Actor,
    today = this.today(),
  ): Promise<void> {
    const clinicId = input.clinicId ?? null;
    const ooadCode = input.ooadCode ? (findOoad(input.ooadCode)?.code ?? input.ooadCode) : null;
    await repository.insertInsured(trx, {
      person_id: input.personId,
      account_id: input.accountId,
      nss: input.nss,
      ooad_code: ooadCode,
      clinic_id: clinicId,
      hired_on: input.hiredOn,
      pensioner: input.pensioner ?? false,
      state: 'sin_biometria',
      restricted_on: null,
      deadline: null,
      state_changed_at: this.deps.clock(),
    });
    await this.deps.audit.record(trx, { actor, action: 'insured.created', subject: `person:${input.personId}`, purpose: PURPOSE, details: { ooadCode, hiredOn: input.hiredOn, pensioner: input.pensioner ?? false } });
    await this.evaluateIn(trx, input.personId, today, actor, 'insured.registration');
  }

  // ── the state machine ─────────────────────────────────────────────────────────────────

  /** The daily sweep: one evaluation job per open person (keyed by person and day). */
  async sweep(today: string): Promise<{ queued: number }> {
    let queued = 0;
    for (const { person_id } of await repository.listOpen(this.deps.db)) {
      if (await this.deps.jobs.send(EVALUATE_JOB, { personId: person_id, today }, { key: `${EVALUATE_JOB}:${person_id}:${today}` })) queued++;
    }
    return { queued };
  }

  /** One person's evaluation on `today`, in its own transaction (the job handler). */
  async evaluate(personId: string, today: string, jobName = EVALUATE_JOB): Promise<RestrictionState | null> {
    return this.deps.db.transaction().execute((trx) => this.evaluateIn(trx, personId, today, 'system', jobName));
  }

  /**
   * Locks the row, applies the transition due today (at most one: each is level-based), and
   * writes the e-mails due with `claimOnce`, all in `trx`: a crash leaves all or nothing, and a
   * re-run neither repeats a transition nor an e-mail.
   */
  private async evaluateIn(trx: Transaction<Database>, personId: string, today: string, actor: Actor, jobName: string): Promise<RestrictionState | null> {
    const row = await repository.findInsured(trx, personId, true);
    if (!row) return null;
    const status = await this.deps.enrollment.biometricStatus(trx, personId, { actor, purpose: PURPOSE });
    const rollout = rolloutStart({ pensioner: row.pensioner, hiredOn: row.hired_on, ooadCode: row.ooad_code, birthDate: await this.birthDate(trx, personId) }, await this.waves(trx));
    let current = { state: row.state, deadline: row.deadline };
    const step = nextTransition(current, { registrado: status === 'registrado', rollout, today });
    if (step) {
      await this.apply(trx, row, step, today, actor);
      current = { state: step.to, deadline: step.deadline === undefined ? row.deadline : step.deadline };
      if (step.to === 'restringido' && row.state === 'sin_biometria') await this.mailOnce(trx, personId, 'restriccion', current.deadline!, jobName);
      if (step.to === 'nss_suspendido') await this.mailOnce(trx, personId, 'suspension', current.deadline!, jobName);
    }
    // The 7-day reminder: not on the day of the restriction itself (that e-mail already says the deadline).
    if (reminderDue(current, today) && !(step?.to === 'restringido' && row.state === 'sin_biometria')) await this.mailOnce(trx, personId, 'recordatorio', current.deadline!, jobName);
    return current.state;
  }

  /** Enrollment tells us, inside its transaction, that the person became registrado. */
  async restore(trx: Transaction<Database>, personId: string, actor: Actor): Promise<void> {
    const row = await repository.findInsured(trx, personId, true);
    if (!row || row.state === 'al_corriente') return;
    await this.apply(trx, row, { to: 'al_corriente', reason: 'Registro biométrico concluido (registrado).', deadline: null }, this.today(), actor);
  }

  private async apply(trx: Transaction<Database>, row: repository.InsuredRow, step: Transition, today: string, actor: Actor): Promise<void> {
    const deadline = step.deadline === undefined ? row.deadline : step.deadline;
    await repository.updateInsured(trx, row.person_id, {
      state: step.to,
      deadline,
      ...(step.restrictedOn ? { restricted_on: step.restrictedOn } : {}),
      ...(step.to === 'al_corriente' || step.to === 'sin_biometria' ? { restricted_on: null } : {}),
      state_changed_at: this.deps.clock(),
    });
    await repository.insertTransition(trx, { person_id: row.person_id, from_state: row.state, to_state: step.to, reason: step.reason, actor, effective_on: today, deadline, at: this.deps.clock() });
    await this.deps.audit.record(trx, { actor, action: 'insured.restriction.transition', subject: `person:${row.person_id}`, purpose: PURPOSE, details: { from: row.state, to: step.to, reason: step.reason, on: today, deadline } });
  }

  private async mailOnce(trx: Transaction<Database>, personId: string, kind: 'restriccion' | 'recordatorio' | 'suspension', deadline: string, jobName: string): Promise<void> {
    if (!(await this.deps.jobs.claimOnce(trx, `insured.mail:${kind}:${personId}:${deadline}`, jobName))) return;
    const contact = await this.deps.identity.contactOf(trx, personId);
    if (!contact?.email) return;
    const hello = `Hola, ${contact.givenNames}:\n\n`;
    const where = 'Acuda a su Unidad de Medicina Familiar o a un módulo de enrolamiento con su identificación para registrar sus huellas y rostro.';
    const mail = {
      restriccion: {
        subject: 'Trámite restringido por falta de biometría',
        text: `${hello}Su trámite está restringido por falta de biometría. Tiene hasta el ${deadline} (${COMPLIANCE_DAYS} días) para registrar sus datos biométricos; después su NSS será suspendido para consultas ordinarias.\n\n${where}\n\nLa atención de urgencias nunca se le niega.`,
      },
      recordatorio: {
        subject: 'Faltan 7 días para que su NSS sea suspendido',
        text: `${hello}Su plazo para registrar sus datos biométricos vence el ${deadline}. Si no lo hace, su NSS será suspendido para consultas ordinarias.\n\n${where}`,
      },
      suspension: {
        subject: 'Su NSS fue suspendido por falta de biometría',
        text: `${hello}Venció su plazo (${deadline}) y su NSS quedó suspendido para consultas ordinarias. En cuanto registre sus huellas y rostro queda al corriente de inmediato.\n\n${where}\n\nLa atención de urgencias nunca se le niega.`,
      },
    }[kind];
    await this.deps.mail.enqueue(trx, { kind: `insured.${kind}`, to: contact.email, ...mail });
  }

  // ── policy and extensions ─────────────────────────────────────────────────────────────

  async createWave(input: WaveInput, actor: Actor) {
    if (!isDate(input.startsOn)) throw new AppError('WAVE_INVALID', 'Indique la fecha de inicio (AAAA-MM-DD).', 400);
    if (input.segment === 'nuevo_ingreso' && (input.ooadCode || input.birthFrom || input.birthTo)) {
      throw new AppError('WAVE_INVALID', 'El nuevo ingreso se restringe de inmediato en todo el país: no lleva OOAD ni rango de nacimiento.', 400);
    }
    if (input.ooadCode && !findOoad(input.ooadCode)) throw new AppError('OOAD_UNKNOWN', 'La OOAD indicada no existe.', 400);
    for (const d of [input.birthFrom, input.birthTo]) if (d && !isDate(d)) throw new AppError('WAVE_INVALID', 'Las fechas de nacimiento van como AAAA-MM-DD.', 400);
    if (input.birthFrom && input.birthTo && input.birthFrom > input.birthTo) throw new AppError('WAVE_INVALID', 'El rango de nacimiento está invertido.', 400);
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await repository.insertWave(trx, {
        segment: input.segment,
        starts_on: input.startsOn,
        ooad_code: input.ooadCode ? findOoad(input.ooadCode)!.code : null,
        birth_from: input.birthFrom ?? null,
        birth_to: input.birthTo ?? null,
        note: input.note ?? null,
        created_by: actor,
        created_at: this.deps.clock(),
      });
      await this.deps.audit.record(trx, { actor, action: 'insured.rollout.wave_created', subject: `wave:${row.id}`, purpose: 'política de implementación de la restricción', details: { ...input } });
      return toWaveView(row);
    });
  }

  async listWaves() {
    return (await repository.listWaves(this.deps.db)).map(toWaveView);
  }

  async withdrawWave(id: string, actor: Actor): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repository.withdrawWave(trx, id, this.deps.clock()))) throw new AppError('WAVE_NOT_FOUND', 'La ola no existe o ya fue retirada.', 404);
      await this.deps.audit.record(trx, { actor, action: 'insured.rollout.wave_withdrawn', subject: `wave:${id}`, purpose: 'política de implementación de la restricción' });
    });
  }

  /**
   * A supervisor extends the deadline with a reason (audited); a suspended NSS goes back to
   * restringido until the new deadline.
   */
  async extend(curp: string, input: { days: number; reason: string }, actor: Actor): Promise<RestrictionView> {
    const reason = input.reason.trim();
    if (reason.length < 5) throw new AppError('REASON_REQUIRED', 'Escriba el motivo de la prórroga.', 400);
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > 90) throw new AppError('EXTENSION_INVALID', 'La prórroga va de 1 a 90 días.', 400);
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp.trim().toUpperCase());
    if (!personId) throw new AppError('INSURED_NOT_FOUND', 'No hay un asegurado con esta CURP.', 404);
    const today = this.today();
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await repository.findInsured(trx, personId, true);
      if (!row) throw new AppError('INSURED_NOT_FOUND', 'No hay un asegurado con esta CURP.', 404);
      if ((row.state !== 'restringido' && row.state !== 'nss_suspendido') || !row.deadline) {
        throw new AppError('EXTENSION_NOT_APPLICABLE', 'Solo se prorroga el plazo de una persona restringida o suspendida.', 409);
      }
      // From the later of the old deadline and today: an extension always gives the days it says.
      const base = row.deadline > today ? row.deadline : today;
      const newDeadline = addDays(base, input.days);
      await repository.insertExtension(trx, { person_id: personId, previous_deadline: row.deadline, new_deadline: newDeadline, reason, granted_by: actor, granted_at: this.deps.clock() });
      await this.deps.audit.record(trx, { actor, action: 'insured.restriction.extended', subject: `person:${personId}`, purpose: PURPOSE, details: { from: row.deadline, to: newDeadline, reason } });
      if (row.state === 'nss_suspendido') {
        await this.apply(trx, row, { to: 'restringido', reason: `Prórroga hasta el ${newDeadline}: ${reason}`, deadline: newDeadline }, today, actor);
      } else {
        await repository.updateInsured(trx, personId, { deadline: newDeadline });
      }
    });
    return this.restrictionOf(personId, actor);
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────

  /** THE booking gate (gate.ts) for a person: the appointment module asks this. */
  async gate(personId: string, kind: ConsultationKind): Promise<GateDecision & { state: RestrictionState | null }> {
    const row = await repository.findInsured(this.deps.db, personId);
    if (!row) return { ...consultationGate('al_corriente', kind, null), state: null };
    return { ...consultationGate(row.state, kind, row.deadline), state: row.state };
  }

  /** The insured row (clinic, NSS) of an account, or of a person. */
  async insuredOfAccount(accountId: string) {
    const row = await repository.findInsuredByAccount(this.deps.db, accountId);
    if (!row) throw new AppError('INSURED_NOT_FOUND', 'Esta cuenta no tiene un registro de asegurado.', 404);
    return { personId: row.person_id, nss: row.nss, clinicId: row.clinic_id, ooadCode: row.ooad_code, state: row.state };
  }

  async insuredOfPerson(personId: string) {
    const row = await repository.findInsured(this.deps.db, personId);
    return row ? { personId: row.person_id, nss: row.nss, clinicId: row.clinic_id, ooadCode: row.ooad_code, state: row.state, deadline: row.deadline } : null;
  }

  async personByNss(nss: string): Promise<string | null> {
    return (await repository.findInsuredByNss(this.deps.db, nss.trim()))?.person_id ?? null;
  }

  async setClinic(personId: string, clinicId: string, actor: Actor): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await repository.updateInsured(trx, personId, { clinic_id: clinicId });
      await this.deps.audit.record(trx, { actor, action: 'insured.clinic.assigned', subject: `person:${personId}`, purpose: 'adscripción a UMF', details: { clinicId } });
    });
  }

  async me(accountId: string): Promise<InsuredView> {
    const row = await repository.findInsuredByAccount(this.deps.db, accountId);
    if (!row) throw new AppError('INSURED_NOT_FOUND', 'Esta cuenta no tiene un registro de asegurado.', 404);
    const actor: Actor = `account:${accountId}`;
    const person = await this.deps.identity.getById(row.person_id, { actor, purpose: 'consulta de su propio registro' });
    const rights = await this.deps.employer.vigencia(person.curp, { actor, purpose: 'consulta de su propia vigencia de derechos' });
    const biometricStatus = await this.deps.db.transaction().execute((trx) => this.deps.enrollment.biometricStatus(trx, row.person_id, { actor, purpose: 'consulta de su propio estado biométrico' }));
    return {
      curp: person.curp,
      nss: row.nss,
      name: [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' '),
      ooadCode: row.ooad_code,
      clinicId: row.clinic_id,
      rights: { vigente: rights.vigente, reason: rights.reason, employer: rights.employer?.name ?? null, umf: rights.umf },
      biometricStatus,
      restriction: await this.restrictionOf(row.person_id, actor),
    };
  }

  async restrictionOf(personId: string, actor: Actor): Promise<RestrictionView> {
    const { db, audit } = this.deps;
    return db.transaction().execute(async (trx) => {
      const row = await repository.findInsured(trx, personId);
      if (!row) throw new AppError('INSURED_NOT_FOUND', 'No hay un registro de asegurado para esta persona.', 404);
      const history = await repository.listTransitions(trx, personId);
      await audit.record(trx, { actor, action: 'insured.restriction.read', subject: `person:${personId}`, purpose: PURPOSE });
      const today = this.today();
      return {
        state: row.state,
        restrictedOn: row.restricted_on,
        deadline: row.deadline,
        daysLeft: row.deadline ? daysUntil(row.deadline, today) : null,
        whatToDo: whatToDo(row.state, row.deadline),
        history: history.map((h) => ({ from: h.from_state, to: h.to_state, reason: h.reason, on: h.effective_on, at: h.at.toISOString() })),
      };
    });
  }

  async staffList(filter: { states: RestrictionState[]; ooadCode: string | null }, actor: Actor) {
    const rows = await repository.listByState(this.deps.db, filter.states, filter.ooadCode);
    await this.deps.db.transaction().execute((trx) => this.deps.audit.record(trx, { actor, action: 'insured.list.read', subject: 'insured', purpose: PURPOSE, details: { ...filter, count: rows.length } }));
    return rows.map((r) => ({ curp: r.curp, nss: r.nss, name: [r.given_names, r.first_surname, r.second_surname].filter(Boolean).join(' '), ooadCode: r.ooad_code, state: r.state, deadline: r.deadline }));
  }

  private async waves(trx: Transaction<Database>): Promise<Wave[]> {
    return (await repository.listWaves(trx)).map((w) => ({ id: w.id, segment: w.segment, startsOn: w.starts_on, ooadCode: w.ooad_code, birthFrom: w.birth_from, birthTo: w.birth_to }));
  }

  private async birthDate(trx: Transaction<Database>, personId: string): Promise<string> {
    return (await trx.selectFrom('people').select('birth_date').where('id', '=', personId).executeTakeFirstOrThrow()).birth_date;
  }
}

function whatToDo(state: RestrictionState, deadline: string | null): string {
  switch (state) {
    case 'al_corriente':
      return 'Sus datos biométricos están registrados: no tiene restricciones.';
    case 'sin_biometria':
      return 'Aún no se le exige el registro biométrico; puede registrarse en su UMF o en un módulo de enrolamiento cuando guste.';
    case 'restringido':
      return `Acuda a su UMF o a un módulo de enrolamiento con una identificación oficial para registrar sus huellas y rostro antes del ${deadline ?? 'plazo'}. Puede seguir agendando citas mientras tanto.`;
    case 'nss_suspendido':
      return 'Su NSS está suspendido para consultas ordinarias. Acuda a un módulo de enrolamiento para registrar sus huellas y rostro: quedará al corriente de inmediato. Urgencias siempre le atiende.';
  }
}

function toWaveView(w: repository.WaveRow) {
  return { id: w.id, segment: w.segment, startsOn: w.starts_on, ooadCode: w.ooad_code, birthFrom: w.birth_from, birthTo: w.birth_to, note: w.note, createdBy: w.created_by, createdAt: w.created_at.toISOString() };
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
