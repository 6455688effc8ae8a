import type { Db } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { EmployerService } from '../employer/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { InsuredService } from '../insured/service.ts';
import type { ProbeInput } from '../verification/service.ts';
import type { VerificationService } from '../verification/service.ts';
import * as repository from './repository.ts';
import { toPatientRow, type HealthService } from './service.ts';

export interface ClinicKioskDeps {
  db: Db;
  audit: AuditService;
  identity: IdentityService;
  insured: InsuredService;
  verification: VerificationService;
  employer: EmployerService;
  health: HealthService;
}

export interface KioskProbe {
  stationId: string;
  /** Typed at the kiosk: then 1:1 against that person instead of 1:N. */
  nss?: string | null;
  fingerReaderId?: string | null;
  fingers?: ProbeInput['fingers'];
  faceReaderId?: string | null;
  face?: ProbeInput['face'];
  liveness?: ProbeInput['liveness'];
}

export interface KioskOutcome {
  found: boolean;
  /** What the kiosk shows, in es-MX (never a denial of care). */
  message: string;
  /** First name and initial only: the kiosk screen is public. */
  greeting: string | null;
  turn: number | null;
  appointment: { startsAt: string | null; consultorio: string | null } | null;
}

const PURPOSE = 'identificación en quiosco de clínica para registrar la llegada a consulta';
const NOT_FOUND = 'No le encontramos con su huella o rostro. Pase a la ventanilla con su NSS: ahí le registran y le atienden.';

/**
 * The clinic kiosk (issue 15, item 4): finger or face → who (1:N among the people whose UMF is
 * this clinic, or 1:1 after typing the NSS), at the verification module's thresholds (below them
 * = not found, never a guess) → check-in for today's appointment with the turn. Reception reads
 * the summary of the latest patient, no paper folder. Every identification is audited with its
 * purpose and outcome.
 */
export class ClinicKiosk {
  constructor(private readonly deps: ClinicKioskDeps) {}

  async identifyAndCheckIn(probe: KioskProbe, actor: Actor): Promise<KioskOutcome> {
    const { health, insured, verification, identity } = this.deps;
    const clinicId = await health.clinicOfStation(probe.stationId);
    if (!clinicId) throw new AppError('STATION_NOT_IN_CLINIC', 'Esta estación no está ubicada en una unidad médica.', 409);
    const input: ProbeInput = { purpose: 'kiosco', stationId: probe.stationId, fingerReaderId: probe.fingerReaderId ?? null, fingers: probe.fingers, faceReaderId: probe.faceReaderId ?? null, face: probe.face ?? null, liveness: probe.liveness ?? null };
    let personId: string | null = null;
    let mode: '1:1' | '1:N';
    if (probe.nss) {
      mode = '1:1';
      const candidate = await insured.personByNss(probe.nss);
      if (candidate) {
        const person = await identity.getById(candidate, { actor, purpose: PURPOSE });
        const result = await verification.verify(person.curp, input, actor);
        if (result.decision === 'coincide') personId = candidate;
      }
    } else {
      mode = '1:N';
      const result = await verification.identify(input, actor);
      // The clinic's population: only people whose UMF is this clinic count; exactly one must remain.
      const local = [];
      for (const c of result.candidates) if ((await insured.insuredOfPerson(c.personId))?.clinicId === clinicId) local.push(c);
      if (local.length === 1) personId = local[0]!.personId;
    }
    const checkIn = personId ? await health.checkIn(personId, clinicId, actor) : null;
    await this.deps.db.transaction().execute((trx) =>
      this.deps.audit.record(trx, {
        actor,
        action: 'health.kiosk.identification',
        subject: personId ? `person:${personId}` : `clinic:${clinicId}`,
        purpose: PURPOSE,
        details: { stationId: probe.stationId, mode, found: personId !== null, turn: checkIn?.turn ?? null },
      }),
    );
    if (!personId) return { found: false, message: NOT_FOUND, greeting: null, turn: null, appointment: null };
    const person = await identity.getById(personId, { actor, purpose: PURPOSE });
    const greeting = `${person.givenNames.split(' ')[0]} ${person.firstSurname[0]}.`;
    if (!checkIn?.appointment) {
      return { found: true, greeting, turn: null, appointment: null, message: 'No tiene cita hoy en esta unidad. Pase a la ventanilla; si es una urgencia, acuda directamente a Urgencias.' };
    }
    return {
      found: true,
      greeting,
      turn: checkIn.turn,
      appointment: { startsAt: checkIn.appointment.startsAt, consultorio: checkIn.appointment.consultorio },
      message: `Llegada registrada. Su turno es el ${checkIn.turn}${checkIn.appointment.consultorio ? `, consultorio ${checkIn.appointment.consultorio}` : ''}. Espere a que le llamen.`,
    };
  }

  /**
   * Reception: the clinic's patients of today and the summary of the latest one checked in (or
   * of `personId`) — name, NSS, age, rights, restriction, today's appointment. Audited.
   */
  async reception(clinicId: string, actor: Actor, personId: string | null = null) {
    const { db, health, identity, employer, insured } = this.deps;
    const clinic = await health.clinic(clinicId);
    if (!clinic) throw new AppError('CLINIC_NOT_FOUND', 'La unidad no existe.', 404);
    const day = health.today();
    const rows = await repository.dayList(db, clinicId, day, null);
    const latest = personId ?? [...rows].filter((r) => r.checked_in_at).sort((a, b) => b.checked_in_at!.getTime() - a.checked_in_at!.getTime())[0]?.person_id ?? null;
    let summary = null;
    if (latest) {
      const access = { actor, purpose: 'recepción de la clínica: resumen del paciente (sin expediente en papel)' };
      const person = await identity.getById(latest, access);
      const rights = await employer.vigencia(person.curp, access).catch(() => null);
      const state = await insured.insuredOfPerson(latest);
      const today = rows.find((r) => r.person_id === latest);
      summary = {
        personId: latest,
        name: [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' '),
        curp: person.curp,
        nss: state?.nss ?? person.nss,
        birthDate: person.birthDate,
        sex: person.sex,
        vigente: rights?.vigente ?? null,
        rightsReason: rights?.reason ?? null,
        restriction: state?.state ?? null,
        appointment: today ? toPatientRow(today) : null,
      };
    }
    await db.transaction().execute((trx) => this.deps.audit.record(trx, { actor, action: 'health.reception.read', subject: latest ? `person:${latest}` : `clinic:${clinicId}`, purpose: 'recepción de la clínica', details: { clinicId, patients: rows.length } }));
    return { clinic, day, summary, patients: rows.map(toPatientRow) };
  }
}
