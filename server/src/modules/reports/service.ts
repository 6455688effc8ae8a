import { formatQuincena, previousQuincena, quincenaLabel, quincenaOf, quincenaRange, type Quincena } from '@siap/mx-identity';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { AuditService } from '../audit/service.ts';
import type { DataAccess } from '../identity/service.ts';
import * as repository from './repository.ts';

export type GhostReason = 'sin_asistencia' | 'sin_biometria' | 'biometria_coincide';
export type BiometricStatus = 'sin_registro' | 'pendiente' | 'registrado' | 'rechazado';

export interface GhostEmployee {
  personId: string;
  curp: string;
  name: string;
  role: string;
  matricula: string | null;
  ooadCode: string | null;
  reasons: GhostReason[];
  /** Last kiosk reading ever, ISO 8601; null when the person never checked in. */
  lastCheckIn: string | null;
  biometricStatus: BiometricStatus;
  /** The supervisor's decision on the current enrollment, if it was adjudicated. */
  adjudication: 'misma_persona' | 'fraude' | 'personas_distintas' | null;
  /** The CURPs the current enrollment matched at deduplication. */
  matchedCurps: string[];
}

export interface GhostReport {
  generatedAt: string;
  quincenas: number;
  window: { from: string; to: string; label: string; start: string; end: string };
  employees: GhostEmployee[];
  counts: Record<GhostReason, number>;
  staffReviewed: number;
}

export interface StaffMember {
  personId: string;
  name: string;
  role: string;
  matricula: string | null;
  ooadCode: string | null;
}

export const MAX_QUINCENAS = 24;
const DEFAULT_TIME_ZONE = 'America/Mexico_City';

/**
 * Signs of "aviadores" (ghost employees) on the staff list: nobody checked in for them for N
 * quincenas, they have no valid biometrics, or their biometrics matched someone else's identity.
 * Each is a reason to look, not a verdict, so the report lists the reasons side by side.
 */
export class ReportsService {
  private readonly clock: Clock;
  private readonly timeZone: string;

  constructor(private readonly deps: { db: Db; audit: AuditService; clock?: Clock; timeZone?: string }) {
    this.clock = deps.clock ?? systemClock;
    this.timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** `ooadScope`: the reader's OOAD (supervisors and admins see their own staff only); null for all. */
  async ghostEmployees(quincenas: number, access: DataAccess, format: 'json' | 'csv' = 'json', ooadScope: string | null = null): Promise<GhostReport> {
    if (!Number.isInteger(quincenas) || quincenas < 1 || quincenas > MAX_QUINCENAS) {
      throw new AppError('REPORT_QUINCENAS_INVALID', `El número de quincenas debe estar entre 1 y ${MAX_QUINCENAS}.`, 400);
    }
    const now = this.clock();
    const current = quincenaOf(now, this.timeZone);
    let first: Quincena = current;
    for (let i = 1; i < quincenas; i += 1) first = previousQuincena(first);
    const start = quincenaRange(first).start;
    const end = quincenaRange(current).end;
    const from = new Date(`${start}T00:00:00${utcOffset(this.timeZone, start)}`);

    return this.deps.db.transaction().execute(async (trx) => {
      const staff = inOoad(await repository.listStaff(trx), ooadScope);
      const ids = staff.map((s) => s.person_id);
      const readings = await repository.readingsSince(trx, ids, from, now);
      const biometrics = await repository.biometricStatuses(trx, ids);
      const matched = await repository.matchedCurps(
        trx,
        biometrics.filter((b) => b.status === 'pendiente' || b.decision !== null).map((b) => b.current_enrollment_id).filter((id): id is string => id !== null),
      );
      const employees: GhostEmployee[] = [];
      for (const s of staff) {
        const reading = readings.get(s.person_id);
        const bio = biometrics.find((b) => b.person_id === s.person_id);
        const status: BiometricStatus = bio?.status ?? 'sin_registro';
        const reasons: GhostReason[] = [];
        if (!reading || reading.inWindow === 0) reasons.push('sin_asistencia');
        if (status === 'sin_registro' || status === 'rechazado') reasons.push('sin_biometria');
        if (status === 'pendiente' || bio?.decision === 'fraude' || bio?.decision === 'misma_persona') reasons.push('biometria_coincide');
        if (reasons.length === 0) continue;
        employees.push({
          personId: s.person_id,
          curp: s.curp,
          name: [s.given_names, s.first_surname, s.second_surname].filter(Boolean).join(' '),
          role: s.role,
          matricula: s.matricula,
          ooadCode: s.ooad_code,
          reasons,
          lastCheckIn: reading?.last?.toISOString() ?? null,
          biometricStatus: status,
          adjudication: bio?.decision ?? null,
          matchedCurps: (bio?.current_enrollment_id && reasons.includes('biometria_coincide') ? matched.get(bio.current_enrollment_id) : undefined) ?? [],
        });
      }
      const counts = { sin_asistencia: 0, sin_biometria: 0, biometria_coincide: 0 };
      for (const e of employees) for (const r of e.reasons) counts[r] += 1;
      await this.deps.audit.record(trx, {
        actor: access.actor,
        action: format === 'json' ? 'reports.ghost_employees.read' : 'reports.ghost_employees.exported',
        subject: 'report:ghost-employees',
        purpose: access.purpose,
        details: { quincenas, from: formatQuincena(first), to: formatQuincena(current), listed: employees.length, ooadScope, ...(format === 'json' ? {} : { format }) },
      });
      return {
        generatedAt: now.toISOString(),
        quincenas,
        window: {
          from: formatQuincena(first),
          to: formatQuincena(current),
          label: quincenas === 1 ? quincenaLabel(current) : `de la ${quincenaLabel(first)} a la ${quincenaLabel(current)}`,
          start,
          end,
        },
        employees,
        counts,
        staffReviewed: staff.length,
      };
    });
  }

  /** Names of the staff, so pages that hold only person ids (justifications) can say who. */
  async staffDirectory(access: DataAccess, ooadScope: string | null = null): Promise<StaffMember[]> {
    return this.deps.db.transaction().execute(async (trx) => {
      const staff = inOoad(await repository.listStaff(trx), ooadScope);
      await this.deps.audit.record(trx, { actor: access.actor, action: 'reports.staff.listed', subject: 'report:staff', purpose: access.purpose, details: { count: staff.length, ooadScope } });
      return staff.map((s) => ({
        personId: s.person_id,
        name: [s.given_names, s.first_surname, s.second_surname].filter(Boolean).join(' '),
        role: s.role,
        matricula: s.matricula,
        ooadCode: s.ooad_code,
      }));
    });
  }
}

/** '+HH:MM' / '-HH:MM' of the zone on `date` (Mexico has no DST since 2022, but the zone decides). */
function utcOffset(timeZone: string, date: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = name ? /GMT([+-]\d{2}:\d{2})/.exec(name) : null;
  return match ? match[1] : 'Z';
}

/** The staff of one OOAD (issue 19 item 17), or everyone when the reader is not scoped. */
function inOoad<T extends { ooad_code: string | null }>(staff: T[], ooadScope: string | null): T[] {
  return ooadScope === null ? staff : staff.filter((s) => s.ooad_code === ooadScope);
}
