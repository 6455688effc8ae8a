import type { Db } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { InsuredService } from '../insured/service.ts';
import { mexicoDay } from '../pension/status.ts';
import * as repository from './repository.ts';
import type { AppointmentKind, Shift } from './tables.ts';

export interface HealthDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  insured: InsuredService;
}

export interface ClinicView {
  id: string;
  code: string;
  name: string;
  ooadCode: string;
  address: string;
  enrollmentPoint: boolean;
}

export interface AppointmentView {
  id: string;
  kind: AppointmentKind;
  status: string;
  day: string;
  startsAt: string | null;
  consultorio: string | null;
  shift: string | null;
  warning: string | null;
  turn: number | null;
}

/** Mexico City keeps UTC−6 all year since 2022: a slot's local time is an instant at −06:00. */
const MEXICO_OFFSET = '-06:00';
const PURPOSE = 'citas médicas';

/**
 * Clinics (UMF), consultorios, shifts, slots and appointments (issue 15, item 3). Booking asks
 * the insured module's gate (the one place the restriction rule lives); the database refuses a
 * second live appointment on a slot, or a second ordinary one for a person on one day.
 */
export class HealthService {
  constructor(private readonly deps: HealthDeps) {}

  today(): string {
    return mexicoDay(this.deps.clock());
  }

  // ── clinics (admin) ────────────────────────────────────────────────────────────────────

  async createClinic(input: { code: string; name: string; ooadCode: string; address: string; latitude?: number | null; longitude?: number | null; enrollmentPoint?: boolean }, actor: Actor): Promise<ClinicView> {
    return this.deps.db.transaction().execute(async (trx) => {
      if (await repository.findClinicByCode(trx, input.code)) throw new AppError('CLINIC_EXISTS', 'Ya existe una unidad con esa clave.', 409);
      const row = await repository.insertClinic(trx, {
        code: input.code,
        name: input.name,
        ooad_code: input.ooadCode,
        address: input.address,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        enrollment_point: input.enrollmentPoint ?? false,
      });
      await this.deps.audit.record(trx, { actor, action: 'health.clinic.created', subject: `clinic:${row.id}`, purpose: 'catálogo de unidades médicas', details: { code: input.code } });
      return toClinic(row);
    });
  }

  async listClinics(): Promise<ClinicView[]> {
    return (await repository.listClinics(this.deps.db)).map(toClinic);
  }

  async clinicIdByCode(code: string): Promise<string | null> {
    return (await repository.findClinicByCode(this.deps.db, code))?.id ?? null;
  }

  async addConsultorio(clinicId: string, input: { number: string; shift: Shift; physicianAccountId?: string | null }, actor: Actor) {
    return this.deps.db.transaction().execute(async (trx) => {
      if (!(await repository.findClinic(trx, clinicId))) throw new AppError('CLINIC_NOT_FOUND', 'La unidad no existe.', 404);
      const row = await repository.insertConsultorio(trx, { clinic_id: clinicId, number: input.number, shift: input.shift, physician_account_id: input.physicianAccountId ?? null });
      await this.deps.audit.record(trx, { actor, action: 'health.consultorio.created', subject: `clinic:${clinicId}`, purpose: 'catálogo de unidades médicas', details: { number: input.number, shift: input.shift } });
      return { id: row.id, clinicId, number: row.number, shift: row.shift, physicianAccountId: row.physician_account_id };
    });
  }

  /** Slots of `minutes` from `from` to `to` (local HH:MM) on `day`; existing ones are kept. */
  async openSlots(consultorioId: string, input: { day: string; from: string; to: string; minutes: number }, actor: Actor): Promise<{ created: number }> {
    const consultorio = await repository.findConsultorio(this.deps.db, consultorioId);
    if (!consultorio) throw new AppError('CONSULTORIO_NOT_FOUND', 'El consultorio no existe.', 404);
    const start = localInstant(input.day, input.from);
    const end = localInstant(input.day, input.to);
    if (!(end > start)) throw new AppError('SLOTS_INVALID', 'La hora final debe ser posterior a la inicial.', 400);
    const rows: Array<{ consultorio_id: string; starts_at: Date; minutes: number }> = [];
    for (let t = start.getTime(); t + input.minutes * 60_000 <= end.getTime(); t += input.minutes * 60_000) rows.push({ consultorio_id: consultorioId, starts_at: new Date(t), minutes: input.minutes });
    return this.deps.db.transaction().execute(async (trx) => {
      const created = await repository.insertSlots(trx, rows);
      await this.deps.audit.record(trx, { actor, action: 'health.slots.opened', subject: `consultorio:${consultorioId}`, purpose: 'agenda de consultorios', details: { ...input, created } });
      return { created };
    });
  }

  async assignStation(stationId: string, clinicId: string, actor: Actor): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repository.findClinic(trx, clinicId))) throw new AppError('CLINIC_NOT_FOUND', 'La unidad no existe.', 404);
      await repository.assignStation(trx, stationId, clinicId);
      await this.deps.audit.record(trx, { actor, action: 'health.station.assigned', subject: `station:${stationId}`, purpose: 'quiosco de clínica', details: { clinicId } });
    });
  }

  // ── the asegurado's side ───────────────────────────────────────────────────────────────

  /** The person's UMF, where urgencias are, and the nearest enrollment point. */
  async myClinic(personId: string) {
    const insured = await this.insuredOrThrow(personId);
    const clinic = insured.clinicId ? await repository.findClinic(this.deps.db, insured.clinicId) : undefined;
    return {
      clinic: clinic ? toClinic(clinic) : null,
      urgencias: urgenciasRoute(clinic),
      nearestEnrollmentPoint: await this.nearestEnrollmentPoint(clinic ?? null, insured.ooadCode),
    };
  }

  /** Free slots at the person's UMF for a day (from now on when it is today). */
  async freeSlots(personId: string, day: string) {
    const insured = await this.insuredOrThrow(personId);
    if (!insured.clinicId) throw new AppError('UMF_NOT_ASSIGNED', 'No tiene Unidad de Medicina Familiar asignada. Acuda a su UMF para su adscripción.', 409);
    const from = new Date(Math.max(localInstant(day, '00:00').getTime(), this.deps.clock().getTime()));
    const rows = await repository.freeSlots(this.deps.db, insured.clinicId, from, localInstant(day, '23:59'));
    const gate = await this.deps.insured.gate(personId, 'ordinaria');
    return { gate: { allowed: gate.allowed, warning: gate.warning, message: gate.message }, slots: rows.map((s) => ({ id: s.id, startsAt: s.starts_at.toISOString(), minutes: s.minutes, consultorio: s.number, shift: s.shift })) };
  }

  /**
   * Books an ordinary consultation on a slot of the person's UMF. The gate decides first; the
   * unique indexes settle two bookings at once (one wins, the other gets 409).
   */
  async book(personId: string, slotId: string, actor: Actor, rescheduleOf: string | null = null): Promise<AppointmentView> {
    const insured = await this.insuredOrThrow(personId);
    await this.assertGate(personId, insured.clinicId, insured.ooadCode);
    const slot = await repository.findSlot(this.deps.db, slotId);
    if (!slot) throw new AppError('SLOT_NOT_FOUND', 'El horario no existe.', 404);
    if (slot.clinic_id !== insured.clinicId) throw new AppError('SLOT_OTHER_CLINIC', 'Solo puede agendar en su Unidad de Medicina Familiar.', 403);
    if (slot.starts_at.getTime() <= this.deps.clock().getTime()) throw new AppError('APPOINTMENT_IN_PAST', 'Ese horario ya pasó; elija otro.', 422);
    const gate = await this.deps.insured.gate(personId, 'ordinaria');
    try {
      const row = await this.deps.db.transaction().execute(async (trx) => {
        if (rescheduleOf) {
          const old = await repository.findAppointment(trx, rescheduleOf, true);
          if (!old || old.person_id !== personId || old.status !== 'agendada') throw new AppError('APPOINTMENT_NOT_FOUND', 'La cita no existe o ya no puede cambiarse.', 404);
          await repository.updateAppointment(trx, old.id, { status: 'cancelada', cancelled_at: this.deps.clock() });
        }
        const created = await repository.insertAppointment(trx, {
          person_id: personId,
          clinic_id: slot.clinic_id,
          slot_id: slot.id,
          kind: 'ordinaria',
          status: 'agendada',
          day: mexicoDay(slot.starts_at),
          warning: gate.warning,
          rescheduled_from: rescheduleOf,
          created_by: actor,
          created_at: this.deps.clock(),
        });
        await this.deps.audit.record(trx, { actor, action: rescheduleOf ? 'health.appointment.rescheduled' : 'health.appointment.booked', subject: `person:${personId}`, purpose: PURPOSE, details: { appointmentId: created.id, slotId, from: rescheduleOf, warning: gate.warning !== null } });
        return created;
      });
      return { id: row.id, kind: row.kind, status: row.status, day: row.day, startsAt: slot.starts_at.toISOString(), consultorio: slot.number, shift: slot.shift, warning: row.warning, turn: null };
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'appointments_slot_live_uq') throw new AppError('SLOT_TAKEN', 'Ese horario acaba de ser ocupado por otra persona; elija otro.', 409);
      if (constraint === 'appointments_person_day_uq') throw new AppError('APPOINTMENT_SAME_DAY', 'Ya tiene una consulta agendada ese día; cancélela o cámbiela de horario.', 409);
      throw error;
    }
  }

  async cancel(personId: string, appointmentId: string, actor: Actor): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await repository.findAppointment(trx, appointmentId, true);
      if (!row || row.person_id !== personId) throw new AppError('APPOINTMENT_NOT_FOUND', 'La cita no existe.', 404);
      if (row.status !== 'agendada') throw new AppError('APPOINTMENT_NOT_CANCELLABLE', 'Solo se cancela una cita agendada que no ha comenzado.', 409);
      await repository.updateAppointment(trx, row.id, { status: 'cancelada', cancelled_at: this.deps.clock() });
      await this.deps.audit.record(trx, { actor, action: 'health.appointment.cancelled', subject: `person:${personId}`, purpose: PURPOSE, details: { appointmentId } });
    });
  }

  async reschedule(personId: string, appointmentId: string, slotId: string, actor: Actor): Promise<AppointmentView> {
    return this.book(personId, slotId, actor, appointmentId);
  }

  async appointmentsOf(personId: string, actor: Actor): Promise<AppointmentView[]> {
    return this.deps.db.transaction().execute(async (trx) => {
      const rows = await repository.listOfPerson(trx, personId);
      await this.deps.audit.record(trx, { actor, action: 'health.appointments.read', subject: `person:${personId}`, purpose: PURPOSE });
      return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, day: r.day, startsAt: r.starts_at?.toISOString() ?? null, consultorio: r.number, shift: r.shift, warning: r.warning, turn: r.turn }));
    });
  }

  /**
   * Urgencias: registered on arrival at the clinic, never gated (whatever the restriction), with
   * the next turn of the day.
   */
  async registerEmergency(personId: string, clinicId: string, actor: Actor): Promise<AppointmentView> {
    const gate = await this.deps.insured.gate(personId, 'urgencias');
    if (!gate.allowed) throw new Error('the gate never refuses urgencias');
    const day = this.today();
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await this.deps.db.transaction().execute(async (trx) => {
          const turn = await repository.nextTurn(trx, clinicId, day);
          const created = await repository.insertAppointment(trx, { person_id: personId, clinic_id: clinicId, slot_id: null, kind: 'urgencias', status: 'en_espera', day, warning: null, turn, checked_in_at: this.deps.clock(), checked_in_by: actor, created_by: actor, created_at: this.deps.clock() });
          await this.deps.audit.record(trx, { actor, action: 'health.urgencias.registered', subject: `person:${personId}`, purpose: 'atención de urgencias', details: { appointmentId: created.id, turn } });
          return created;
        });
        return { id: row.id, kind: row.kind, status: row.status, day: row.day, startsAt: null, consultorio: null, shift: null, warning: null, turn: row.turn };
      } catch (error) {
        if (uniqueViolation(error) !== 'appointments_turn_uq' || attempt >= 5) throw error;
      }
    }
  }

  // ── clinic: check-in, reception, physician ────────────────────────────────────────────

  /** Checks in today's appointment at the clinic and gives the turn (idempotent: a second check-in returns the same turn). */
  async checkIn(personId: string, clinicId: string, actor: Actor): Promise<{ appointment: AppointmentView | null; turn: number | null }> {
    const day = this.today();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.deps.db.transaction().execute(async (trx) => {
          const found = await repository.todaysAppointment(trx, personId, clinicId, day);
          if (!found) return { appointment: null, turn: null };
          const row = (await repository.findAppointment(trx, found.id, true))!;
          let turn = row.turn;
          if (row.status === 'agendada') {
            turn = await repository.nextTurn(trx, clinicId, day);
            await repository.updateAppointment(trx, row.id, { status: 'en_espera', turn, checked_in_at: this.deps.clock(), checked_in_by: actor });
            await this.deps.audit.record(trx, { actor, action: 'health.appointment.checked_in', subject: `person:${personId}`, purpose: 'registro de llegada a consulta', details: { appointmentId: row.id, turn } });
          }
          const view = (await repository.listOfPerson(trx, personId)).find((a) => a.id === row.id)!;
          return { appointment: { id: view.id, kind: view.kind, status: 'en_espera', day: view.day, startsAt: view.starts_at?.toISOString() ?? null, consultorio: view.number, shift: view.shift, warning: view.warning, turn }, turn };
        });
      } catch (error) {
        if (uniqueViolation(error) !== 'appointments_turn_uq' || attempt >= 5) throw error;
      }
    }
  }

  /** The physician's patients of the day (their consultorios), checked-in first. Audited. */
  async physicianDay(accountId: string) {
    const clinicId = await repository.clinicOfPhysician(this.deps.db, accountId);
    if (!clinicId) return { clinic: null, day: this.today(), patients: [] };
    const clinic = (await repository.findClinic(this.deps.db, clinicId))!;
    const day = this.today();
    return this.deps.db.transaction().execute(async (trx) => {
      const rows = await repository.dayList(trx, clinicId, day, accountId);
      await this.deps.audit.record(trx, { actor: `account:${accountId}`, action: 'health.day.read', subject: `clinic:${clinicId}`, purpose: 'pacientes del día del consultorio', details: { count: rows.length } });
      return { clinic: toClinic(clinic), day, patients: rows.map(toPatientRow) };
    });
  }

  async clinicOfStation(stationId: string): Promise<string | null> {
    return repository.clinicOfStation(this.deps.db, stationId);
  }

  async clinic(clinicId: string): Promise<ClinicView | null> {
    const row = await repository.findClinic(this.deps.db, clinicId);
    return row ? toClinic(row) : null;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────

  private async insuredOrThrow(personId: string) {
    const insured = await this.deps.insured.insuredOfPerson(personId);
    if (!insured) throw new AppError('INSURED_NOT_FOUND', 'No hay un registro de asegurado para esta persona.', 404);
    return insured;
  }

  private async assertGate(personId: string, clinicId: string | null, ooadCode: string | null): Promise<void> {
    const gate = await this.deps.insured.gate(personId, 'ordinaria');
    if (gate.allowed) return;
    const clinic = clinicId ? await repository.findClinic(this.deps.db, clinicId) : undefined;
    const nearest = await this.nearestEnrollmentPoint(clinic ?? null, ooadCode);
    throw new AppError(gate.code ?? 'APPOINTMENT_GATED', gate.message ?? 'No puede agendar consulta ordinaria.', 403, { nearestEnrollmentPoint: nearest, urgencias: urgenciasRoute(clinic) });
  }

  private async nearestEnrollmentPoint(from: repository.ClinicRow | null, ooadCode: string | null): Promise<ClinicView | null> {
    const points = (await repository.listClinics(this.deps.db)).filter((c) => c.enrollment_point);
    if (points.length === 0) return null;
    const score = (c: repository.ClinicRow) => {
      if (from && c.id === from.id) return -1;
      if (from?.latitude != null && from.longitude != null && c.latitude != null && c.longitude != null) return haversineKm(from.latitude, from.longitude, c.latitude, c.longitude);
      return c.ooad_code === (from?.ooad_code ?? ooadCode) ? 1_000 : 10_000;
    };
    return toClinic([...points].sort((x, y) => score(x) - score(y))[0]!);
  }
}

function urgenciasRoute(clinic: repository.ClinicRow | undefined | null) {
  return {
    message: 'Urgencias le atiende siempre, sin cita y sin importar su registro biométrico: acuda directamente al servicio de urgencias.',
    where: clinic ? `${clinic.name}, ${clinic.address}` : 'El servicio de urgencias de cualquier unidad del IMSS.',
  };
}

function toClinic(row: repository.ClinicRow): ClinicView {
  return { id: row.id, code: row.code, name: row.name, ooadCode: row.ooad_code, address: row.address, enrollmentPoint: row.enrollment_point };
}

export function toPatientRow(r: Awaited<ReturnType<typeof repository.dayList>>[number]) {
  return {
    appointmentId: r.id,
    personId: r.person_id,
    name: [r.given_names, r.first_surname, r.second_surname].filter(Boolean).join(' '),
    nss: r.nss,
    kind: r.kind,
    status: r.status,
    turn: r.turn,
    startsAt: r.starts_at?.toISOString() ?? null,
    consultorio: r.number,
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
  };
}

function localInstant(day: string, hhmm: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(hhmm)) throw new AppError('DATE_INVALID', 'Fecha u hora no válida (AAAA-MM-DD, HH:MM).', 400);
  const at = new Date(`${day}T${hhmm}:00${MEXICO_OFFSET}`);
  if (Number.isNaN(at.getTime())) throw new AppError('DATE_INVALID', 'Fecha u hora no válida (AAAA-MM-DD, HH:MM).', 400);
  return at;
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(a));
}

/** The name of the unique index a statement broke (PostgreSQL and PGlite both report SQLSTATE 23505). */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== '23505') return null;
  return e.constraint ?? /unique constraint "([^"]+)"/.exec(e.message ?? '')?.[1] ?? null;
}
