import { validateCurp, validateNss, validateRfc } from '@siap/mx-identity';
import { computeMonth, ContributionInputError, ParametersUnavailableError, parametersFor, type MonthResult, type WorkerMonth } from '@siap/contributions';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { EnrollmentService } from '../enrollment/service.ts';
import type { IdentityService, Person } from '../identity/service.ts';
import type { ReadersService } from '../readers/service.ts';
import { businessDaysAfter, LEGAL_TERM_BUSINESS_DAYS } from './business-days.ts';
import { validateRegistroPatronal } from './registro-patronal.ts';
import { createHash, randomBytes } from 'node:crypto';
import { renderConstancia, signPdf } from './constancia-pdf.ts';
import * as repository from './repository.ts';
import type { EmployerKind, MovementKind } from './tables.ts';
import { employmentPeriods, vigenciaOn, type Vigencia, type VigenciaMovement } from './vigencia.ts';

export const WORKER_TYPES = ['permanente', 'eventual_urbano', 'eventual_construccion'] as const;
export const SALARY_TYPES = ['fijo', 'variable', 'mixto'] as const;
export const JORNADAS = ['completa', 'reducida'] as const;
/** IDSE's causes of baja (clave 1–9, A). */
export const BAJA_CAUSES = {
  termino_contrato: 'Término de contrato',
  separacion_voluntaria: 'Separación voluntaria',
  abandono_empleo: 'Abandono de empleo',
  defuncion: 'Defunción',
  clausura: 'Clausura',
  otras: 'Otras',
  ausentismo: 'Ausentismo',
  rescision_contrato: 'Rescisión de contrato',
  jubilacion: 'Jubilación',
  pension: 'Pensión',
} as const;
export type BajaCause = keyof typeof BAJA_CAUSES;

export interface NewRegistro {
  registro: string;
  ooadCode: string;
  subdelegacion: string;
  activityClass: number;
  riskPremium: string;
  wageZone: 'general' | 'frontera';
}

export interface NewEmployer {
  rfc: string;
  name: string;
  ownerCurp: string;
  registros: NewRegistro[];
}

export interface MovementInput {
  kind: 'alta' | 'baja' | 'modificacion';
  curp: string;
  /** Effective date, YYYY-MM-DD. */
  date: string;
  nss?: string;
  dailySalary?: string;
  integrationFactor?: string;
  workerType?: (typeof WORKER_TYPES)[number];
  salaryType?: (typeof SALARY_TYPES)[number];
  jornada?: (typeof JORNADAS)[number];
  reducedDays?: number;
  bajaCause?: BajaCause;
  umf?: string;
}

export interface MovementView {
  id: string;
  kind: MovementKind;
  date: string;
  nss: string;
  sbc: string | null;
  dailySalary: string | null;
  integrationFactor: string | null;
  workerType: string | null;
  salaryType: string | null;
  jornada: string | null;
  reducedDays: number | null;
  bajaCause: string | null;
  umf: string | null;
  late: boolean;
  businessDaysLate: number;
  recordedAt: string;
}

export interface WorkerRow {
  curp: string;
  nss: string;
  name: string;
  biometricStatus: 'sin_registro' | 'pendiente' | 'registrado' | 'rechazado';
  employed: boolean;
  since: string;
  sbc: string | null;
  lastMovement: MovementKind;
}

/** Who acts: a patrón (checked against the employer's owner) or IMSS staff. */
export interface EmployerActor {
  actor: Actor;
  personId: string;
  role: string;
}

export interface EmployerDeps {
  db: Db;
  audit: AuditService;
  identity: IdentityService;
  enrollment: EnrollmentService;
  readers: ReadersService;
  clock: Clock;
  /** Check the registro patronal's check digit (see registro-patronal.ts). */
  registroCheckDigit?: boolean;
  /** The institution's signing PKCS#12 and its password (CONSTANCIA_SIGNING_P12). */
  signing: () => Promise<{ p12: Buffer; password: string }>;
}

const STAFF = new Set(['operador', 'supervisor', 'admin']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class EmployerService {
  constructor(private readonly deps: EmployerDeps) {}

  private today(): string {
    return civilToday(this.deps.clock());
  }

  // ── employers ────────────────────────────────────────────────────────────────────────────

  async createEmployer(input: NewEmployer, actor: Actor) {
    const { db, identity, audit } = this.deps;
    const rfc = validateRfc(input.rfc);
    if (!rfc.ok) throw new AppError(rfc.code, rfc.reason, 400);
    const kind: EmployerKind = rfc.value.kind;
    const registros = input.registros.map((r) => this.checkRegistro(r));
    if (registros.length === 0) throw new AppError('REGISTRO_REQUIRED', 'El patrón necesita al menos un registro patronal.', 400);
    const ownerId = await identity.resolvePersonId(db, input.ownerCurp.trim().toUpperCase());
    if (!ownerId) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con la CURP del representante.', 404);
    return db.transaction().execute(async (trx) => {
      if (await repository.findEmployerByRfc(trx, rfc.value.rfc)) throw new AppError('EMPLOYER_EXISTS', 'Ya existe un patrón con ese RFC.', 409);
      for (const r of registros) {
        if (await repository.registroExists(trx, r.registro)) throw new AppError('REGISTRO_EXISTS', `El registro patronal ${r.registro} ya está dado de alta.`, 409);
      }
      const employer = await repository.insertEmployer(trx, { rfc: rfc.value.rfc, name: input.name.trim(), kind, owner_person_id: ownerId });
      for (const r of registros) {
        await repository.insertRegistro(trx, {
          employer_id: employer.id,
          registro: r.registro,
          ooad_code: r.ooadCode,
          subdelegacion: r.subdelegacion,
          activity_class: r.activityClass,
          risk_premium: r.riskPremium,
          wage_zone: r.wageZone,
        });
      }
      await audit.record(trx, { actor, action: 'employer.created', subject: `employer:${employer.id}`, purpose: 'alta de patrón', details: { rfc: employer.rfc, registros: registros.map((r) => r.registro) } });
      return employer;
    });
  }

  private checkRegistro(r: NewRegistro): NewRegistro {
    const check = validateRegistroPatronal(r.registro, { checkDigit: this.deps.registroCheckDigit });
    if (!check.ok) throw new AppError('REGISTRO_PATRONAL_INVALID', check.reason, 400);
    if (!Number.isInteger(r.activityClass) || r.activityClass < 1 || r.activityClass > 5) {
      throw new AppError('ACTIVITY_CLASS_INVALID', 'La clase de riesgo debe ser I a V (1 a 5).', 400);
    }
    const premium = Number(r.riskPremium);
    // LSS art. 74: the premium moves between 0.5 % and 15 %.
    if (!/^\d+(\.\d{1,5})?$/.test(r.riskPremium) || premium < 0.5 || premium > 15) {
      throw new AppError('RISK_PREMIUM_INVALID', 'La prima de riesgo de trabajo debe estar entre 0.50000 % y 15.00000 % (LSS art. 74).', 400);
    }
    return { ...r, registro: check.registro };
  }

  /** The employer a patrón acts for (its own), with its registros. */
  async employerOf(personId: string) {
    const employer = await repository.findEmployerByOwner(this.deps.db, personId);
    if (!employer) throw new AppError('EMPLOYER_NOT_FOUND', 'Su cuenta no está vinculada a ningún patrón.', 404);
    const registros = await repository.listRegistros(this.deps.db, employer.id);
    return {
      id: employer.id,
      rfc: employer.rfc,
      name: employer.name,
      kind: employer.kind,
      registros: registros.map((r) => ({
        registro: r.registro,
        ooadCode: r.ooad_code,
        subdelegacion: r.subdelegacion,
        activityClass: r.activity_class,
        riskPremium: Number(r.risk_premium).toFixed(5),
        wageZone: r.wage_zone,
      })),
    };
  }

  /** The employer whose e.firma RFC this is, and the person whose account logs in for it. */
  async employerByRfc(rfc: string) {
    return repository.findEmployerByRfc(this.deps.db, rfc);
  }

  /** A registro the caller may act on: its own employer's, or any for IMSS staff. */
  private async registroFor(who: EmployerActor, registroInput: string) {
    const registro = await repository.findRegistro(this.deps.db, registroInput.trim().toUpperCase());
    if (!registro) throw new AppError('REGISTRO_NOT_FOUND', 'No existe ese registro patronal.', 404);
    if (!STAFF.has(who.role)) {
      const employer = await repository.findEmployerById(this.deps.db, registro.employer_id);
      if (employer?.owner_person_id !== who.personId) throw new AppError('FORBIDDEN', 'El registro patronal no pertenece a su empresa.', 403);
    }
    return registro;
  }

  // ── movements ────────────────────────────────────────────────────────────────────────────

  async registerMovement(who: EmployerActor, registroInput: string, input: MovementInput): Promise<MovementView> {
    const { db, audit, identity } = this.deps;
    const registro = await this.registroFor(who, registroInput);
    const curp = validateCurp(input.curp);
    if (!curp.ok) throw new AppError(curp.code, curp.reason, 400);
    if (!DATE.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) {
      throw new AppError('DATE_INVALID', 'La fecha del movimiento debe ser AAAA-MM-DD.', 400);
    }
    const today = this.today();
    if (input.date > today) throw new AppError('DATE_IN_FUTURE', 'La fecha del movimiento no puede ser posterior a hoy.', 422);
    const access = { actor: who.actor, purpose: 'movimiento afiliatorio del patrón' };
    const person = await identity.getByCurp(curp.value.curp, access);
    const nss = this.nssFor(person, input.nss);

    let salary: { daily: string; factor: string; sbc: string } | null = null;
    if (input.kind !== 'baja') {
      salary = this.salary(input, registro.wage_zone);
      this.requireEnum(input.workerType, WORKER_TYPES, 'WORKER_TYPE_INVALID', 'El tipo de trabajador debe ser permanente, eventual urbano o eventual de la construcción.');
      this.requireEnum(input.salaryType, SALARY_TYPES, 'SALARY_TYPE_INVALID', 'El tipo de salario debe ser fijo, variable o mixto.');
      this.requireEnum(input.jornada, JORNADAS, 'JORNADA_INVALID', 'La jornada debe ser completa o reducida.');
      if (input.jornada === 'reducida' && !(Number.isInteger(input.reducedDays) && input.reducedDays! >= 1 && input.reducedDays! <= 5)) {
        throw new AppError('REDUCED_DAYS_INVALID', 'La jornada reducida indica de 1 a 5 días laborados por semana.', 400);
      }
    } else if (!input.bajaCause || !(input.bajaCause in BAJA_CAUSES)) {
      throw new AppError('BAJA_CAUSE_INVALID', 'Indique la causa de la baja.', 400);
    }
    if (input.kind === 'alta') await this.requireBiometrics(curp.value.curp, who.actor, registro.ooad_code);

    const businessDaysLate = Math.max(0, businessDaysAfter(input.date, today) - LEGAL_TERM_BUSINESS_DAYS);
    const row = await db.transaction().execute(async (trx) => {
      await repository.lockPersonMovements(trx, registro.id);
      const history = (await repository.movementsOfPerson(trx, person.id)).filter((m) => m.registro_id === registro.id);
      const state = employmentState(history);
      let kind: MovementKind = input.kind;
      if (input.kind === 'alta') {
        if (state.employed) throw new AppError('DUPLICATE_ALTA', 'La persona ya está dada de alta en este registro patronal.', 409);
        if (state.lastBaja) {
          if (input.date <= state.lastBaja) throw new AppError('ALTA_BEFORE_BAJA', `El reingreso debe ser posterior a la baja del ${state.lastBaja}.`, 422);
          kind = 'reingreso';
        }
      } else {
        if (!state.employed) throw new AppError('NOT_EMPLOYED', 'La persona no está dada de alta en este registro patronal.', 409);
        if (input.date < state.lastDate!) {
          const what = input.kind === 'baja' ? 'La baja' : 'La modificación de salario';
          throw new AppError('MOVEMENT_BEFORE_ALTA', `${what} no puede ser anterior al último movimiento (${state.lastDate}).`, 422);
        }
      }
      const inserted = await repository.insertMovement(trx, {
        registro_id: registro.id,
        person_id: person.id,
        kind,
        effective_date: input.date,
        nss,
        daily_salary: salary?.daily ?? null,
        integration_factor: salary?.factor ?? null,
        sbc: salary?.sbc ?? null,
        worker_type: input.kind === 'baja' ? null : input.workerType!,
        salary_type: input.kind === 'baja' ? null : input.salaryType!,
        jornada: input.kind === 'baja' ? null : input.jornada!,
        reduced_days: input.jornada === 'reducida' ? input.reducedDays! : null,
        baja_cause: input.kind === 'baja' ? input.bajaCause! : null,
        umf: kind === 'alta' || kind === 'reingreso' ? (input.umf?.trim() || 'UMF 1') : null,
        business_days_late: businessDaysLate,
        late: businessDaysLate > 0,
        recorded_by: who.actor,
      });
      await audit.record(trx, {
        actor: who.actor,
        action: `employer.movement.${kind}`,
        subject: `person:${person.id}`,
        purpose: 'movimiento afiliatorio del patrón',
        details: { registro: registro.registro, date: input.date, sbc: salary?.sbc ?? null, bajaCause: input.bajaCause ?? null, late: businessDaysLate > 0 },
      });
      return inserted;
    });
    return toMovementView(row);
  }

  private nssFor(person: Person, given: string | undefined): string {
    if (given) {
      const nss = validateNss(given);
      if (!nss.ok) throw new AppError(nss.code, nss.reason, 400);
      if (person.nss && person.nss !== nss.value.nss) throw new AppError('NSS_MISMATCH', 'El NSS no corresponde a la CURP registrada.', 422);
      return nss.value.nss;
    }
    if (!person.nss) throw new AppError('NSS_REQUIRED', 'La persona no tiene NSS registrado: indíquelo en el movimiento.', 400);
    return person.nss;
  }

  private requireEnum<T extends string>(value: string | undefined, allowed: readonly T[], code: string, message: string): void {
    if (!value || !allowed.includes(value as T)) throw new AppError(code, message, 400);
  }

  /** SBC = salario diario × factor de integración, in [minimum wage of the zone, 25 UMA] (LSS art. 28). */
  private salary(input: MovementInput, zone: 'general' | 'frontera') {
    const daily = input.dailySalary?.trim() ?? '';
    const factor = input.integrationFactor?.trim() ?? '';
    if (!/^\d+(\.\d{1,2})?$/.test(daily) || Number(daily) <= 0) throw new AppError('SALARY_INVALID', 'El salario diario debe ser un importe en pesos con hasta dos decimales.', 400);
    if (!/^\d+(\.\d{1,4})?$/.test(factor) || Number(factor) < 1) throw new AppError('INTEGRATION_FACTOR_INVALID', 'El factor de integración debe ser un número mayor o igual a 1 con hasta cuatro decimales.', 400);
    // Cents arithmetic on integers: 2 decimals × 4 decimals fits a double exactly.
    const product = Math.round(Number(daily) * 100) * Math.round(Number(factor) * 10_000);
    const sbcCents = Math.floor((product + 5_000) / 10_000);
    const sbc = (sbcCents / 100).toFixed(2);
    let parameters;
    try {
      parameters = parametersFor(input.date.slice(0, 7));
    } catch (error) {
      if (error instanceof ParametersUnavailableError) throw new AppError('PARAMETERS_UNAVAILABLE', error.message, 422);
      throw error;
    }
    const minimum = Number(parameters.minimumWage[zone]);
    const cap = Math.round(Number(parameters.uma) * Number(parameters.fixed.sbcCapUma) * 100) / 100;
    if (sbcCents < Math.round(minimum * 100) || sbcCents > Math.round(cap * 100)) {
      throw new AppError('SBC_OUT_OF_BOUNDS', `El salario base de cotización (${sbc}) debe estar entre el salario mínimo (${minimum.toFixed(2)}) y 25 UMA (${cap.toFixed(2)}) (LSS art. 28).`, 422, {
        sbc,
        min: minimum.toFixed(2),
        max: cap.toFixed(2),
      });
    }
    return { daily: Number(daily).toFixed(2), factor: Number(factor).toFixed(4), sbc };
  }

  /** Since 2025 a new hire cannot be registered without biometrics: ask the enrollment module. */
  private async requireBiometrics(curp: string, actor: Actor, ooadCode: string): Promise<void> {
    let status: string;
    try {
      status = (await this.deps.enrollment.statusOf(curp, { actor, purpose: 'alta de trabajador: verificación del registro biométrico' })).status;
    } catch (error) {
      if (error instanceof AppError && error.code === 'PERSON_NOT_FOUND') status = 'sin_registro';
      else throw error;
    }
    if (status === 'registrado') return;
    const stations = (await this.deps.readers.listStations()).sort((a, b) => Number(b.ooadCode === ooadCode) - Number(a.ooadCode === ooadCode));
    const where = stations[0] ? ` El módulo más cercano es «${stations[0].name}».` : '';
    const label = status === 'pendiente' ? 'su registro biométrico está pendiente de revisión' : status === 'rechazado' ? 'su registro biométrico fue rechazado' : 'no tiene registro biométrico';
    throw new AppError(
      'BIOMETRICS_REQUIRED',
      `No se puede dar de alta: la persona ${label}. Desde 2025 toda alta requiere el registro biométrico (huellas y rostro). Debe acudir con su CURP e identificación a un módulo de registro biométrico del IMSS, con cita como en el trámite de supervivencia de pensionados.${where}`,
      422,
      { biometricStatus: status, stations: stations.slice(0, 3).map((s) => ({ code: s.code, name: s.name, ooadCode: s.ooadCode })) },
    );
  }

  // ── queries ──────────────────────────────────────────────────────────────────────────────

  async listWorkers(who: EmployerActor, registroInput: string): Promise<WorkerRow[]> {
    const registro = await this.registroFor(who, registroInput);
    const movements = await repository.movementsOfRegistro(this.deps.db, registro.id);
    const byPerson = new Map<string, repository.MovementRow[]>();
    for (const m of movements) byPerson.set(m.person_id, [...(byPerson.get(m.person_id) ?? []), m]);
    const rows: WorkerRow[] = [];
    const access = { actor: who.actor, purpose: 'relación de trabajadores del registro patronal' };
    for (const [personId, history] of byPerson) {
      const person = await this.deps.identity.getById(personId, access);
      const state = employmentState(history);
      const status = await this.deps.enrollment.statusOf(person.curp, access).then((s) => s.status, () => 'sin_registro' as const);
      const lastSbc = [...history].reverse().find((m) => m.sbc !== null)?.sbc ?? null;
      rows.push({
        curp: person.curp,
        nss: history[history.length - 1]!.nss,
        name: [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' '),
        biometricStatus: status,
        employed: state.employed,
        since: state.since ?? history[0]!.effective_date,
        sbc: state.employed && lastSbc ? Number(lastSbc).toFixed(2) : null,
        lastMovement: history[history.length - 1]!.kind,
      });
    }
    return rows.sort((a, b) => a.name.localeCompare(b.name, 'es'));
  }

  async workerHistory(who: EmployerActor, registroInput: string, curpInput: string): Promise<MovementView[]> {
    const registro = await this.registroFor(who, registroInput);
    const person = await this.deps.identity.getByCurp(curpInput.trim().toUpperCase(), { actor: who.actor, purpose: 'historial de movimientos del trabajador' });
    const history = (await repository.movementsOfPerson(this.deps.db, person.id)).filter((m) => m.registro_id === registro.id);
    if (history.length === 0) throw new AppError('WORKER_NOT_FOUND', 'La persona no tiene movimientos en este registro patronal.', 404);
    return history.map(toMovementView);
  }

  /**
   * The month's cuotas for a registro from its movements: days employed in the month, the SBC in
   * force at the month's end (or at the baja), the registro's risk premium and wage zone. Absences
   * and incapacities are not reported through this system yet, so both are zero here; the CLI
   * takes them from its CSV.
   */
  async contributions(who: EmployerActor, registroInput: string, month: string): Promise<MonthResult & { names: Record<string, string> }> {
    const registro = await this.registroFor(who, registroInput);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('MONTH_INVALID', 'El mes debe ser AAAA-MM.', 400);
    const movements = await repository.movementsOfRegistro(this.deps.db, registro.id);
    let daysInMonth: number;
    try {
      daysInMonth = parametersFor(month).daysInMonth;
    } catch (error) {
      if (error instanceof ParametersUnavailableError) throw new AppError('PARAMETERS_UNAVAILABLE', error.message, 422);
      throw error;
    }
    const first = `${month}-01`;
    const monthEnd = `${month}-${String(daysInMonth).padStart(2, '0')}`;
    const byPerson = new Map<string, repository.MovementRow[]>();
    for (const m of movements) byPerson.set(m.person_id, [...(byPerson.get(m.person_id) ?? []), m]);
    const workers: WorkerMonth[] = [];
    const names: Record<string, string> = {};
    for (const [personId, history] of byPerson) {
      const periods = employmentPeriods(history.map(toVigenciaMovement));
      let days = 0;
      for (const p of periods) {
        const from = p.from > first ? p.from : first;
        const to = p.to === null || p.to > monthEnd ? monthEnd : p.to;
        if (to >= from) days += Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
      }
      if (days === 0) continue;
      const salaryRow = [...history].reverse().find((m) => m.sbc !== null && m.effective_date <= monthEnd);
      if (!salaryRow) continue;
      const person = await this.deps.identity.getById(personId, { actor: who.actor, purpose: 'determinación de cuotas obrero-patronales' });
      names[salaryRow.nss] = [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ');
      workers.push({
        nss: salaryRow.nss,
        sbc: Number(salaryRow.sbc).toFixed(2),
        days,
        absences: 0,
        incapacityDays: 0,
        workerType: (salaryRow.worker_type ?? 'permanente') as WorkerMonth['workerType'],
        riskPremium: Number(registro.risk_premium).toFixed(5),
        zone: registro.wage_zone,
      });
    }
    try {
      return { ...computeMonth(month, workers), names };
    } catch (error) {
      if (error instanceof ContributionInputError) {
        throw new AppError('CONTRIBUTIONS_UNAVAILABLE', error.message, 422);
      }
      throw error;
    }
  }

  // ── vigencia de derechos ─────────────────────────────────────────────────────────────────

  /**
   * Whether the person is entitled to medical services on `date` (default today), with the
   * employer, registro, UMF and period. Exported for the asegurado portal (self-service) and used
   * by the constancia. `who` null = the insured person themself (their own personId is checked by
   * the caller).
   */
  async vigencia(curpInput: string, access: { actor: Actor; purpose: string }, date = this.today()) {
    const person = await this.deps.identity.getByCurp(curpInput.trim().toUpperCase(), access);
    const movements = await repository.movementsOfPerson(this.deps.db, person.id);
    const result: Vigencia = vigenciaOn(movements.map(toVigenciaMovement), date);
    let employer: { name: string; rfc: string; registro: string } | null = null;
    let umf: string | null = null;
    if (result.registroId) {
      const registro = await repository.findRegistroById(this.deps.db, result.registroId);
      const owner = registro ? await repository.findEmployerById(this.deps.db, registro.employer_id) : undefined;
      if (registro && owner) employer = { name: owner.name, rfc: owner.rfc, registro: registro.registro };
      umf = [...movements].reverse().find((m) => m.registro_id === result.registroId && m.umf)?.umf ?? null;
    }
    const nss = movements[movements.length - 1]?.nss ?? person.nss;
    return { person, nss, date, ...result, employer, umf };
  }

  /**
   * Issues a signed Constancia de Vigencia de Derechos: computes the vigencia, renders the PDF with
   * a folio and a QR to the public verification page, signs it with the institution's key, and
   * stores the folio with the PDF's SHA-256 and an audit entry in one transaction.
   */
  async issueConstancia(curp: string, access: { actor: Actor; purpose: string }, baseUrl: string): Promise<{ folio: string; pdf: Buffer }> {
    const v = await this.vigencia(curp, access);
    const now = this.deps.clock();
    const folio = `CVD-${v.date.slice(0, 4)}-${randomBytes(5).toString('hex').toUpperCase()}`;
    const name = [v.person.givenNames, v.person.firstSurname, v.person.secondSurname].filter(Boolean).join(' ');
    const unsigned = await renderConstancia({
      folio,
      issuedAt: now.toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
      date: v.date,
      name,
      curp: v.person.curp,
      nss: v.nss,
      vigente: v.vigente,
      reason: v.reason,
      from: v.from,
      to: v.to,
      employer: v.employer,
      umf: v.umf,
      verifyUrl: `${baseUrl}/api/constancias/${folio}/verificacion`,
    });
    const { p12, password } = await this.deps.signing();
    const pdf = await signPdf(unsigned, p12, password);
    await this.deps.db.transaction().execute(async (trx) => {
      await repository.insertConstancia(trx, {
        folio,
        person_id: v.person.id,
        vigente: v.vigente,
        summary: JSON.stringify({ date: v.date, from: v.from, to: v.to, registro: v.employer?.registro ?? null, umf: v.umf, initials: initials(name) }),
        pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
        issued_by: access.actor,
      });
      await this.deps.audit.record(trx, { actor: access.actor, action: 'employer.constancia.issued', subject: `person:${v.person.id}`, purpose: access.purpose, details: { folio, vigente: v.vigente } });
    });
    return { folio, pdf };
  }

  /** What the public verification page shows: no personal data beyond initials. */
  async verifyConstancia(folio: string) {
    if (!/^CVD-\d{4}-[0-9A-F]{10}$/.test(folio)) return null;
    const row = await repository.findConstancia(this.deps.db, folio);
    if (!row) return null;
    const summary = row.summary as { date: string; from: string | null; to: string | null; registro: string | null; umf: string | null; initials: string };
    return { folio: row.folio, vigente: row.vigente, issuedAt: row.issued_at.toISOString(), sha256: row.pdf_sha256, ...summary };
  }

  /** The CURP of the logged-in person (self-service constancia). */
  async ownCurp(personId: string, actor: Actor): Promise<string> {
    return (await this.deps.identity.getById(personId, { actor, purpose: 'constancia de vigencia de derechos (autoservicio)' })).curp;
  }

  /** May this patrón see this person's vigencia? Only for people who have worked in its registros. */
  async assertWorkerOf(who: EmployerActor, curp: string): Promise<void> {
    if (STAFF.has(who.role)) return;
    const employer = await repository.findEmployerByOwner(this.deps.db, who.personId);
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp.trim().toUpperCase());
    if (!employer || !personId) throw new AppError('FORBIDDEN', 'La persona no es trabajadora de su empresa.', 403);
    const registros = new Set((await repository.listRegistros(this.deps.db, employer.id)).map((r) => r.id));
    const movements = await repository.movementsOfPerson(this.deps.db, personId);
    if (!movements.some((m) => registros.has(m.registro_id))) throw new AppError('FORBIDDEN', 'La persona no es trabajadora de su empresa.', 403);
  }

  /**
   * A person's contribution history for benefits (modules/incapacity: subsidios): employment
   * periods and SBC changes in every registro, and the employer of the current (or last)
   * employment on `date`. The caller audits the read (it holds the transaction of its purpose).
   */
  async contributionHistory(personId: string, date: string) {
    const movements = await repository.movementsOfPerson(this.deps.db, personId);
    const periods = employmentPeriods(movements.map(toVigenciaMovement)).map((p) => ({ from: p.from, to: p.to, registroId: p.registroId }));
    const salaries = movements.filter((m) => m.sbc !== null).map((m) => ({ from: m.effective_date, sbc: Number(m.sbc).toFixed(2) }));
    const current = [...periods].reverse().find((p) => p.from <= date) ?? null;
    let employer: { id: string; name: string; rfc: string; registro: string } | null = null;
    if (current) {
      const registro = await repository.findRegistroById(this.deps.db, current.registroId);
      const owner = registro ? await repository.findEmployerById(this.deps.db, registro.employer_id) : undefined;
      if (registro && owner) employer = { id: owner.id, name: owner.name, rfc: owner.rfc, registro: registro.registro };
    }
    return { periods: periods.map(({ from, to }) => ({ from, to })), salaries, employer, hasMovements: movements.length > 0 };
  }
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).map((w) => `${w[0]}.`).join(' ');
}

export function employmentState(history: readonly repository.MovementRow[]) {
  let employed = false;
  let since: string | null = null;
  let lastBaja: string | null = null;
  let lastDate: string | null = null;
  for (const m of history) {
    lastDate = m.effective_date;
    if (m.kind === 'alta' || m.kind === 'reingreso') {
      employed = true;
      since = m.effective_date;
    } else if (m.kind === 'baja') {
      employed = false;
      lastBaja = m.effective_date;
    }
  }
  return { employed, since, lastBaja, lastDate };
}

function toVigenciaMovement(m: repository.MovementRow): VigenciaMovement {
  return { registroId: m.registro_id, kind: m.kind, effectiveDate: m.effective_date, seq: Number(m.seq) };
}

function toMovementView(m: repository.MovementRow): MovementView {
  return {
    id: m.id,
    kind: m.kind,
    date: m.effective_date,
    nss: m.nss,
    sbc: m.sbc === null ? null : Number(m.sbc).toFixed(2),
    dailySalary: m.daily_salary === null ? null : Number(m.daily_salary).toFixed(2),
    integrationFactor: m.integration_factor === null ? null : Number(m.integration_factor).toFixed(4),
    workerType: m.worker_type,
    salaryType: m.salary_type,
    jornada: m.jornada,
    reducedDays: m.reduced_days,
    bajaCause: m.baja_cause,
    umf: m.umf,
    late: m.late,
    businessDaysLate: m.business_days_late,
    recordedAt: m.recorded_at.toISOString(),
  };
}

/** Today's civil date in Mexico City (the institution's calendar). */
export function civilToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
