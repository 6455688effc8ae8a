import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { findOoad, formatQuincena, parseQuincena, quincenaLabel, quincenaRange } from '@siap/mx-identity';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { DataAccess, IdentityService } from '../identity/service.ts';
import type { BiometricStore } from '../biometric-store/service.ts';
import type { ReadersService } from '../readers/service.ts';
import { checkAttachment, type AttachmentInput } from './attachments.ts';
import type { StaffDirectory, VerificationService } from '../verification/service.ts';
import { VERIFICATION_GRANT_TTL_MS } from '../verification/service.ts';
import { parseKioskPublicKey, verifyOfflineCaptureSignature, verifyReadingSignature, type OfflineCapture, type SignedReading } from './kiosk-signature.ts';
import * as repository from './repository.ts';
import {
  computeAttendance,
  readingSpan,
  type AttendanceTotals,
  type DayAttendance,
  type IncidentType,
  type JustificationEffect,
  type JustificationStatus,
} from './rules/attendance-day.ts';
import { addDays, dayNumber } from './rules/civil-days.ts';
import { DEFAULT_TIME_ZONE, MAX_CLOCK_AHEAD_MS, MAX_OFFLINE_AGE_MS } from './rules/parameters.ts';
import { officialRestDays, type InstitutionCalendarEntry } from './rules/rest-days.ts';
import { defineShift, describeShift, type Shift, type ShiftInput } from './rules/shift.ts';

export interface AttendanceDeps {
  db: Db;
  audit: AuditService;
  identity: IdentityService;
  readers: ReadersService;
  /** The encrypted store: justification attachments are sealed like biometric data. */
  store?: BiometricStore;
  /** Issues and consumes the grants a check-in must carry, and matches offline captures. */
  verification: Pick<VerificationService, 'consumeGrant' | 'verify' | 'verifyByMatricula'>;
  /** The accounts module: who is staff (attendance is for staff only) and the matrícula lookup. */
  staff: StaffDirectory & { isStaffPerson(db: Db | Transaction<Database>, personId: string): Promise<boolean> };
  clock?: Clock;
  /** The workplace's IANA time zone; readings are judged on its wall clock. */
  timeZone?: string;
}

export interface QuincenaAttendance {
  quincena: { id: string; label: string; start: string; end: string };
  person: { id: string; givenNames: string; fullName: string; curp: string; matricula: string | null; ooad: { code: string; name: string } | null };
  timeZone: string;
  generatedAt: string;
  /** Identifies this issued report (exports): printed on it and written to the audit entry. */
  folio: string;
  days: DayAttendance[];
  totals: AttendanceTotals;
  justifications: JustificationView[];
}

export interface JustificationView {
  id: string;
  personId: string;
  date: string;
  incident: IncidentType;
  effect: JustificationEffect;
  reason: string;
  status: JustificationStatus;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  history: Array<{ event: 'solicitada' | 'aprobada' | 'rechazada'; actor: string; comment: string | null; at: string }>;
  /** The proof the employee attached (PDF or JPEG, stored encrypted), if any. */
  attachments: Array<{ id: string; fileName: string; mediaType: string; sizeBytes: number }>;
}

export interface RecordView {
  id: string;
  idempotencyKey: string;
  personId: string;
  stationId: string;
  method: 'huella' | 'rostro';
  verificationScore: number;
  capturedAt: string;
  receivedAt: string;
  /** The server matched a capture an offline kiosk kept, after the fact. */
  offline: boolean;
}

export interface AssignmentView {
  id: string;
  personId: string;
  shift: ReturnType<typeof describeShift>;
  validFrom: string;
  validTo: string | null;
}

export interface CalendarDayView {
  date: string;
  kind: 'descanso_obligatorio' | 'inhabil_institucional';
  name: string;
  source: 'ley' | 'institucion';
}

/** Who decides: a supervisor's account and the person behind it (nobody decides their own). */
export interface Decider {
  accountId: string;
  personId: string;
}

/** ISO 8601 with an explicit offset: a kiosk's local time without one would be ambiguous. */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const PENDING_LIST_LIMIT = 200;
/** Wide enough for any UTC offset (−12 … +14 h) around the civil dates asked for. */
const ZONE_MARGIN_MS = 14 * 60 * 60_000;

export class AttendanceService {
  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly identity: IdentityService;
  private readonly readers: ReadersService;
  private readonly store: BiometricStore | null;
  private readonly verification: AttendanceDeps['verification'];
  private readonly staff: AttendanceDeps['staff'];
  private readonly clock: Clock;
  readonly timeZone: string;

  constructor(deps: AttendanceDeps) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.identity = deps.identity;
    this.readers = deps.readers;
    this.store = deps.store ?? null;
    this.verification = deps.verification;
    this.staff = deps.staff;
    this.clock = deps.clock ?? systemClock;
    this.timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
  }

  // ── the quincena ─────────────────────────────────────────────────────────────────────────

  /**
   * A person's attendance for one quincena, derived from readings, shifts, calendars and
   * justifications at the moment of reading (nothing is cached, so nothing goes stale). The read
   * is audited in the same transaction with who and why.
   */
  async quincena(personId: string, quincenaId: string, access: DataAccess, format: 'json' | 'csv' | 'pdf' = 'json'): Promise<QuincenaAttendance> {
    const q = parseQuincena(quincenaId);
    if (!q.ok) throw new AppError(q.code, q.reason, 400);
    const { start, end } = quincenaRange(q.value);
    const id = formatQuincena(q.value);
    return this.db.transaction().execute(async (trx) => {
      const contact = await this.identity.contactOf(trx, personId);
      if (!contact) throw personNotFound();
      const { days, totals } = await this.compute(trx, personId, start, end);
      const justifications = await this.justificationViews(trx, await repository.listJustifications(trx, personId, start, end));
      const staff = await repository.staffIdOf(trx, personId);
      const generatedAt = this.clock().toISOString();
      const folio = reportFolio(id, personId, generatedAt);
      await this.audit.record(trx, {
        actor: access.actor,
        action: format === 'json' ? 'attendance.quincena.read' : 'attendance.quincena.exported',
        subject: `person:${personId}`,
        purpose: access.purpose,
        details: { quincena: id, ...(format === 'json' ? {} : { format, folio }) },
      });
      return {
        quincena: { id, label: quincenaLabel(q.value), start, end },
        person: {
          id: personId,
          givenNames: contact.givenNames,
          fullName: [contact.givenNames, contact.firstSurname, contact.secondSurname].filter(Boolean).join(' '),
          curp: contact.curp,
          matricula: staff?.matricula ?? null,
          ooad: staff ? { code: staff.ooad_code, name: findOoad(staff.ooad_code)?.name ?? staff.ooad_code } : null,
        },
        timeZone: this.timeZone,
        generatedAt,
        folio,
        days,
        totals,
        justifications,
      };
    });
  }

  private async compute(trx: Transaction<Database>, personId: string, start: string, end: string) {
    const span = readingSpan(start, end);
    // One after the other: a transaction is one connection, and pg refuses overlapping queries on it.
    const assignments = await repository.listAssignments(trx, personId, span.from, span.to);
    const from = new Date(Date.parse(`${span.from}T00:00:00Z`) - ZONE_MARGIN_MS);
    const to = new Date(Date.parse(`${span.to}T00:00:00Z`) + ZONE_MARGIN_MS);
    const records = await repository.listRecords(trx, personId, from, to);
    const calendar = await repository.listCalendar(trx, span.from, span.to);
    const justifications = await repository.listJustifications(trx, personId, start, end);
    return computeAttendance({
      start,
      end,
      now: this.clock(),
      timeZone: this.timeZone,
      assignments: assignments.map((a) => ({ shift: toShift(a.shift), validFrom: a.valid_from, validTo: a.valid_to })),
      punches: records.map((r) => ({ id: r.id, at: r.captured_at, method: r.method, stationId: r.station_id })),
      calendar: calendar.map((c): InstitutionCalendarEntry => ({ date: c.date, kind: c.kind, description: c.description })),
      justifications: justifications.map((j) => ({ id: j.id, date: j.work_date, incident: j.incident, effect: j.effect, status: j.status })),
    });
  }

  // ── kiosk readings ───────────────────────────────────────────────────────────────────────

  /**
   * Records a reading a kiosk made right after the server matched the person at that station
   * (issue 19, item 3). The reading carries the verification grant the match produced: single use,
   * valid for two minutes, for this station, the `asistencia` purpose and the account that asked;
   * the person, method and score are the grant's, never the kiosk's. The kiosk signs the reading
   * and names it with its own idempotency key: a resend gets the original record back.
   */
  async recordCheck(input: SignedReading & { signature: string }, actor: Actor): Promise<{ record: RecordView; replayed: boolean }> {
    const capturedAt = parseCapturedAt(input.capturedAt);
    return this.db.transaction().execute(async (trx) => {
      await this.assertKioskSigned(trx, input.stationId, (key) => verifyReadingSignature(key, input, input.signature));
      const original = await repository.findRecordByKey(trx, input.idempotencyKey);
      if (original) return { record: replayOf(original, input, capturedAt), replayed: true };

      const grant = await this.verification.consumeGrant(trx, input.verificationId, { stationId: input.stationId, purpose: 'asistencia', actor });
      if (grant.personId !== input.personId || grant.method !== input.method) {
        throw new AppError('VERIFICATION_MISMATCH', 'La verificación corresponde a otra persona o a otro método de captura.', 403);
      }
      // The reading is the moment of the match, not a capture from another time.
      if (Math.abs(capturedAt.getTime() - grant.issuedAt.getTime()) > VERIFICATION_GRANT_TTL_MS) {
        throw new AppError('CAPTURED_AT_STALE', 'La hora de la lectura no corresponde a la de la verificación biométrica; registre de nuevo.', 422);
      }
      this.assertNotAhead(capturedAt);
      return this.insertReading(trx, { ...input, capturedAt, score: grant.score, verificationId: grant.id, offline: false, signature: input.signature }, actor);
    });
  }

  /**
   * A capture an offline kiosk kept (signed by it at capture time) is matched now, by the server,
   * against the claimed person's enrolled templates; a match is recorded at the capture's time,
   * marked `offline`. What this proves and what it cannot: README.md "Offline kiosks".
   */
  async recordOfflineCheck(input: { capture: OfflineCapture; signature: string }, actor: Actor): Promise<{ record: RecordView; replayed: boolean }> {
    const { capture, signature } = input;
    const capturedAt = parseCapturedAt(capture.capturedAt);
    const early = await this.db.transaction().execute(async (trx) => {
      await this.assertKioskSigned(trx, capture.stationId, (key) => verifyOfflineCaptureSignature(key, capture, signature));
      const original = await repository.findRecordByKey(trx, capture.idempotencyKey);
      return original ? replayOf(original, { personId: original.person_id, stationId: capture.stationId, method: 'huella' }, capturedAt) : null;
    });
    if (early) return { record: early, replayed: true };
    this.assertNotAhead(capturedAt);
    if (capturedAt.getTime() < this.clock().getTime() - MAX_OFFLINE_AGE_MS) {
      throw new AppError('CAPTURED_AT_TOO_OLD', 'El registro es demasiado antiguo para aceptarse; solicite una justificación.', 422);
    }
    const probe = { purpose: 'asistencia' as const, fingerReaderId: capture.fingerReaderId, fingers: [{ position: capture.position, ...capture.sample }], stationId: capture.stationId };
    let match: { decision: string; verificationId: string | null };
    if (capture.matricula) match = await this.verification.verifyByMatricula({ matricula: capture.matricula, ooadCode: capture.ooadCode ?? null, stationId: capture.stationId }, probe, actor, this.staff);
    else if (capture.curp) match = await this.verification.verify(capture.curp, probe, actor);
    else throw new AppError('OFFLINE_CLAIM_MISSING', 'La captura sin conexión no indica la matrícula de la persona.', 400);
    if (match.decision !== 'coincide' || !match.verificationId) {
      throw new AppError('BIOMETRIC_NO_MATCH', 'La huella guardada sin conexión no coincide con la persona indicada; el registro no se acepta.', 422);
    }
    const verificationId = match.verificationId;
    return this.db.transaction().execute(async (trx) => {
      const grant = await this.verification.consumeGrant(trx, verificationId, { stationId: capture.stationId, purpose: 'asistencia', actor });
      const reading = { idempotencyKey: capture.idempotencyKey, personId: grant.personId, stationId: capture.stationId, method: 'huella' as const };
      // A resend that raced this one past the first lookup.
      const original = await repository.findRecordByKey(trx, capture.idempotencyKey);
      if (original) return { record: replayOf(original, reading, capturedAt), replayed: true };
      return this.insertReading(trx, { ...reading, capturedAt, score: grant.score, verificationId: grant.id, offline: true, signature }, actor);
    });
  }

  private async assertKioskSigned(trx: Transaction<Database>, stationId: string, verifies: (publicKey: string) => boolean): Promise<void> {
    const publicKey = await repository.findKioskKey(trx, stationId);
    if (!publicKey) throw new AppError('KIOSK_NOT_REGISTERED', 'El quiosco no tiene una llave registrada; no se aceptan sus registros.', 403);
    if (!verifies(publicKey)) throw new AppError('KIOSK_SIGNATURE_INVALID', 'La firma del registro no corresponde al quiosco.', 403);
  }

  private assertNotAhead(capturedAt: Date): void {
    if (capturedAt.getTime() > this.clock().getTime() + MAX_CLOCK_AHEAD_MS) {
      throw new AppError('CAPTURED_AT_IN_FUTURE', 'La hora de captura es posterior a la hora del servidor; revise el reloj del quiosco.', 422);
    }
  }

  /** The one insert of a reading: staff only, idempotent by key, audited. */
  private async insertReading(
    trx: Transaction<Database>,
    reading: { idempotencyKey: string; personId: string; stationId: string; method: 'huella' | 'rostro'; capturedAt: Date; score: number; verificationId: string; offline: boolean; signature: string },
    actor: Actor,
  ): Promise<{ record: RecordView; replayed: boolean }> {
    if (!(await this.identity.contactOf(trx, reading.personId))) throw personNotFound();
    if (!(await this.staff.isStaffPerson(trx, reading.personId))) {
      throw new AppError('NOT_STAFF', 'La persona verificada no es personal del Instituto; la asistencia es solo para el personal.', 403);
    }
    const now = this.clock();
    const inserted = await repository.insertRecordOnce(trx, {
      idempotency_key: reading.idempotencyKey,
      person_id: reading.personId,
      station_id: reading.stationId,
      method: reading.method,
      verification_score: reading.score,
      captured_at: reading.capturedAt,
      signature: reading.signature,
      received_at: now,
      recorded_by: actor,
      verification_id: reading.verificationId,
      offline: reading.offline,
    });
    if (!inserted) {
      // Another request with the same key committed between our lookup and our insert.
      const winner = await repository.findRecordByKey(trx, reading.idempotencyKey);
      if (!winner) throw new Error('idempotency key conflict without a row');
      return { record: replayOf(winner, reading, reading.capturedAt), replayed: true };
    }
    await this.audit.record(trx, {
      actor,
      action: 'attendance.check.recorded',
      subject: `person:${reading.personId}`,
      purpose: 'registro de asistencia',
      details: { recordId: inserted.id, stationId: reading.stationId, method: reading.method, verificationId: reading.verificationId, offline: reading.offline },
    });
    return { record: toRecordView(inserted), replayed: false };
  }

  /**
   * What a recorded reading is for its day under the rules (entrada, salida, or a repeat within
   * the double-tap window) and whose it is, so the kiosk can tell the person. Derived like everything else.
   */
  async readingOutcome(personId: string, recordId: string, capturedAt: string, actor: Actor): Promise<{ kind: 'entrada' | 'salida' | 'repetida'; name: string }> {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(capturedAt));
    // The reading may open the next day: a day's window starts PUNCH_WINDOW_LEAD_MINUTES before
    // its shift (before midnight for someone with no shift), so a reading after that belongs to it.
    const { days } = await this.db.transaction().execute((trx) => this.compute(trx, personId, addDays(date, -1), addDays(date, 1)));
    let kind: 'entrada' | 'salida' | 'repetida' = 'repetida';
    for (const day of days) {
      if (day.checkIn?.punchId === recordId) kind = 'entrada';
      else if (day.checkOut?.punchId === recordId) kind = 'salida';
    }
    // The kiosk greets whom it recorded (also after a 1:N match, where it knows no name); audited.
    const person = await this.identity.getById(personId, { actor, purpose: 'registro de asistencia en quiosco' });
    return { kind, name: [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ') };
  }

  async registerKioskKey(stationId: string, publicKey: string, actor: Actor): Promise<void> {
    parseKioskPublicKey(publicKey);
    if (!(await this.readers.stationExists(stationId))) throw new AppError('STATION_NOT_FOUND', 'La estación no existe.', 404);
    await this.db.transaction().execute(async (trx) => {
      await repository.upsertKioskKey(trx, stationId, publicKey, actor);
      await this.audit.record(trx, { actor, action: 'attendance.kiosk.key_registered', subject: `station:${stationId}`, purpose: 'configuración de quioscos de asistencia' });
    });
  }

  // ── justifications ───────────────────────────────────────────────────────────────────────

  /** The employee asks to justify an incident the rules found on one of their days. */
  async requestJustification(
    personId: string,
    input: { date: string; incident: IncidentType; effect: JustificationEffect; reason: string; attachment?: AttachmentInput },
    actor: Actor,
  ): Promise<JustificationView> {
    assertDate(input.date);
    const attachment = input.attachment ? await checkAttachment(input.attachment) : null;
    const store = this.store;
    if (attachment && !store) throw new AppError('ATTACHMENTS_UNAVAILABLE', 'Este servidor no guarda comprobantes.', 503);
    if (input.effect === 'convertir_retardo' && input.incident !== 'falta') {
      throw new AppError('JUSTIFICATION_EFFECT_INVALID', 'Solo una falta puede convertirse en retardo.', 400);
    }
    return this.db.transaction().execute(async (trx) => {
      const { days } = await this.compute(trx, personId, input.date, input.date);
      const incident = days[0].incidents.find((i) => i.original === input.incident && i.justificationId === null);
      if (!incident) {
        throw new AppError('INCIDENT_NOT_FOUND', `El ${input.date} no tiene una incidencia «${input.incident}» por justificar.`, 422);
      }
      if (await repository.findLiveJustification(trx, personId, input.date, input.incident)) {
        throw new AppError('JUSTIFICATION_EXISTS', 'Ya hay una justificación pendiente o aprobada para esta incidencia.', 409);
      }
      const now = this.clock();
      const row = await repository.insertJustification(trx, {
        person_id: personId,
        work_date: input.date,
        incident: input.incident,
        effect: input.effect,
        reason: input.reason.trim(),
        status: 'pendiente',
        requested_at: now,
        decided_by: null,
        decided_at: null,
        decision_comment: null,
      });
      await repository.insertJustificationEvent(trx, { justification_id: row.id, event: 'solicitada', actor, comment: null, occurred_at: now });
      if (attachment && store) {
        const blobId = await store.put(trx, 'justification_attachment', attachment.bytes);
        await repository.insertAttachment(trx, { justification_id: row.id, file_name: attachment.fileName, media_type: attachment.mediaType, size_bytes: attachment.bytes.length, blob_id: blobId });
      }
      await this.audit.record(trx, {
        actor,
        action: 'attendance.justification.requested',
        subject: `person:${personId}`,
        purpose: 'justificación de incidencia de asistencia',
        details: { justificationId: row.id, date: input.date, incident: input.incident, effect: input.effect, attachment: attachment ? { mediaType: attachment.mediaType, sizeBytes: attachment.bytes.length } : null },
      });
      return (await this.justificationViews(trx, [row]))[0];
    });
  }

  /** A supervisor approves or rejects; a rejection says why. The quincena reflects it at once. */
  /**
   * `assertScope` refuses a decider outside the person's OOAD (accounts module, issue 19 item 17),
   * checked once the justification's person is known.
   */
  async decideJustification(
    id: string,
    input: { decision: 'aprobada' | 'rechazada'; comment?: string | null },
    decider: Decider,
    assertScope: (trx: Transaction<Database>, personId: string) => Promise<void> = async () => undefined,
  ): Promise<JustificationView> {
    const comment = input.comment?.trim() || null;
    if (input.decision === 'rechazada' && !comment) {
      throw new AppError('DECISION_COMMENT_REQUIRED', 'Indique el motivo del rechazo.', 400);
    }
    const actor: Actor = `account:${decider.accountId}`;
    return this.db.transaction().execute(async (trx) => {
      const row = await repository.lockJustification(trx, id);
      if (!row) throw new AppError('JUSTIFICATION_NOT_FOUND', 'La justificación no existe.', 404);
      await assertScope(trx, row.person_id);
      if (row.person_id === decider.personId) {
        throw new AppError('JUSTIFICATION_SELF_DECISION', 'No puede resolver una justificación propia.', 403);
      }
      if (row.status !== 'pendiente') {
        throw new AppError('JUSTIFICATION_ALREADY_DECIDED', 'La justificación ya fue resuelta.', 409);
      }
      const now = this.clock();
      const decided = await repository.decideJustification(trx, id, { status: input.decision, decided_by: actor, decided_at: now, decision_comment: comment });
      await repository.insertJustificationEvent(trx, { justification_id: id, event: input.decision, actor, comment, occurred_at: now });
      await this.audit.record(trx, {
        actor,
        action: 'attendance.justification.decided',
        subject: `person:${row.person_id}`,
        purpose: 'resolución de justificación de asistencia',
        details: { justificationId: id, decision: input.decision, date: row.work_date, incident: row.incident },
      });
      return (await this.justificationViews(trx, [decided]))[0];
    });
  }

  /** `inScope` keeps the people the reader may see (their OOAD: accounts module, issue 19 item 17). */
  async pendingJustifications(access: DataAccess, inScope: (trx: Transaction<Database>, personIds: string[]) => Promise<Set<string>> = async (_trx, ids) => new Set(ids)): Promise<JustificationView[]> {
    return this.db.transaction().execute(async (trx) => {
      const all = await repository.listPendingJustifications(trx, PENDING_LIST_LIMIT);
      const visible = await inScope(trx, [...new Set(all.map((r) => r.person_id))]);
      const rows = all.filter((r) => visible.has(r.person_id));
      await this.audit.record(trx, {
        actor: access.actor,
        action: 'attendance.justifications.listed',
        subject: 'attendance_justifications',
        purpose: access.purpose,
        details: { count: rows.length },
      });
      return this.justificationViews(trx, rows);
    });
  }

  /**
   * The attached proof, decrypted for its owner or a supervisor/admin; the read is audited in the
   * same transaction (it is personal, often medical, data).
   */
  async attachment(
    justificationId: string,
    attachmentId: string,
    reader: { personId: string; role: string; actor: Actor },
    assertScope: (trx: Transaction<Database>, personId: string) => Promise<void> = async () => undefined,
  ): Promise<{ fileName: string; mediaType: string; bytes: Buffer }> {
    const store = this.store;
    if (!store) throw new AppError('ATTACHMENTS_UNAVAILABLE', 'Este servidor no guarda comprobantes.', 503);
    return this.db.transaction().execute(async (trx) => {
      const justification = await repository.findJustification(trx, justificationId);
      const found = justification ? (await repository.listAttachments(trx, [justificationId])).find((a) => a.id === attachmentId) : undefined;
      if (!justification || !found) throw new AppError('ATTACHMENT_NOT_FOUND', 'El comprobante no existe.', 404);
      if (justification.person_id !== reader.personId && !['supervisor', 'admin'].includes(reader.role)) {
        throw new AppError('FORBIDDEN', 'No tiene permiso para ver este comprobante.', 403);
      }
      if (justification.person_id !== reader.personId) await assertScope(trx, justification.person_id);
      const plain = await store.read(trx, [found.blob_id], {
        actor: reader.actor,
        subject: `person:${justification.person_id}`,
        purpose: justification.person_id === reader.personId ? 'consulta del propio comprobante de justificación' : 'revisión del comprobante de una justificación de asistencia',
      });
      const bytes = plain.get(found.blob_id);
      if (!bytes) throw new AppError('ATTACHMENT_NOT_FOUND', 'El comprobante no existe.', 404);
      return { fileName: found.file_name, mediaType: found.media_type, bytes };
    });
  }

  private async justificationViews(trx: Transaction<Database>, rows: repository.JustificationRow[]): Promise<JustificationView[]> {
    const events = await repository.listJustificationEvents(trx, rows.map((r) => r.id));
    const attachments = await repository.listAttachments(trx, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      date: r.work_date,
      incident: r.incident,
      effect: r.effect,
      reason: r.reason,
      status: r.status,
      requestedAt: r.requested_at.toISOString(),
      decidedBy: r.decided_by,
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionComment: r.decision_comment,
      history: events.filter((e) => e.justification_id === r.id).map((e) => ({ event: e.event, actor: e.actor, comment: e.comment, at: e.occurred_at.toISOString() })),
      attachments: attachments.filter((a) => a.justification_id === r.id).map((a) => ({ id: a.id, fileName: a.file_name, mediaType: a.media_type, sizeBytes: a.size_bytes })),
    }));
  }

  // ── shifts, assignments, calendar ────────────────────────────────────────────────────────

  async createShift(input: ShiftInput, actor: Actor): Promise<ReturnType<typeof describeShift>> {
    const shift = defineShift('', input);
    return this.db.transaction().execute(async (trx) => {
      if (await repository.findShiftByName(trx, shift.name)) throw new AppError('SHIFT_EXISTS', 'Ya existe una jornada con ese nombre.', 409);
      const row = await repository.insertShift(trx, {
        name: shift.name,
        start_minute: shift.startMinute,
        end_minute: shift.endMinute,
        weekdays: shift.weekdays,
        tolerance_minutes: shift.toleranceMinutes,
        falta_after_minutes: shift.faltaAfterMinutes,
      });
      await this.audit.record(trx, { actor, action: 'attendance.shift.created', subject: `shift:${row.id}`, purpose: 'configuración de jornadas', details: { name: row.name } });
      return describeShift(toShift(row));
    });
  }

  async listShifts(): Promise<Array<ReturnType<typeof describeShift>>> {
    return (await repository.listShifts(this.db)).map((row) => describeShift(toShift(row)));
  }

  /**
   * Puts a person on a shift from a date on. The assignment in force then ends the day before;
   * one that starts on or after that date is a conflict to resolve, not to overwrite silently.
   */
  async assignShift(input: { personId: string; shiftId: string; validFrom: string }, actor: Actor): Promise<AssignmentView> {
    assertDate(input.validFrom);
    return this.db.transaction().execute(async (trx) => {
      const shift = await repository.findShift(trx, input.shiftId);
      if (!shift) throw new AppError('SHIFT_NOT_FOUND', 'La jornada no existe.', 404);
      if (!(await this.identity.contactOf(trx, input.personId))) throw personNotFound();
      const current = await repository.lockAssignmentsFrom(trx, input.personId, input.validFrom);
      const later = current.find((a) => a.valid_from >= input.validFrom);
      if (later) {
        throw new AppError('ASSIGNMENT_CONFLICT', `La persona ya tiene una jornada asignada a partir del ${later.valid_from}.`, 409, { validFrom: later.valid_from });
      }
      for (const a of current) await repository.endAssignment(trx, a.id, addDays(input.validFrom, -1));
      const row = await repository.insertAssignment(trx, { person_id: input.personId, shift_id: shift.id, valid_from: input.validFrom, valid_to: null, created_by: actor });
      await this.audit.record(trx, {
        actor,
        action: 'attendance.assignment.created',
        subject: `person:${input.personId}`,
        purpose: 'asignación de jornada',
        details: { shiftId: shift.id, validFrom: input.validFrom },
      });
      return { id: row.id, personId: row.person_id, shift: describeShift(toShift(shift)), validFrom: row.valid_from, validTo: row.valid_to };
    });
  }

  /** Election days (LFT art. 74 fr. IX) and institution closures. */
  async setCalendarDay(input: { date: string; kind: 'descanso_obligatorio' | 'inhabil_institucional'; description: string }, actor: Actor): Promise<void> {
    assertDate(input.date);
    await this.db.transaction().execute(async (trx) => {
      await repository.upsertCalendarDay(trx, { date: input.date, kind: input.kind, description: input.description.trim(), created_by: actor });
      await this.audit.record(trx, { actor, action: 'attendance.calendar.day_set', subject: `calendar:${input.date}`, purpose: 'calendario institucional', details: { kind: input.kind } });
    });
  }

  /**
   * Every attendance reading of the person and their justifications, for the access right (privacy
   * module), read in the caller's transaction with an audit entry. No signatures or key material.
   */
  async exportOf(trx: Transaction<Database>, personId: string, access: DataAccess) {
    const records = await trx
      .selectFrom('attendance_records')
      .select(['id', 'station_id', 'method', 'verification_score', 'captured_at', 'received_at', 'offline'])
      .where('person_id', '=', personId)
      .orderBy('captured_at')
      .execute();
    const justifications = await trx
      .selectFrom('attendance_justifications')
      .select(['work_date', 'incident', 'effect', 'reason', 'status', 'requested_at', 'decided_at', 'decision_comment'])
      .where('person_id', '=', personId)
      .execute();
    await this.audit.record(trx, { actor: access.actor, action: 'attendance.export', subject: `person:${personId}`, purpose: access.purpose, details: { records: records.length } });
    return {
      records: records.map((r) => ({ id: r.id, stationId: r.station_id, method: r.method, score: r.verification_score, capturedAt: r.captured_at.toISOString(), receivedAt: r.received_at.toISOString(), offline: r.offline })),
      justifications: justifications.map((j) => ({ workDate: j.work_date, incident: j.incident, effect: j.effect, reason: j.reason, status: j.status, requestedAt: j.requested_at.toISOString(), decidedAt: j.decided_at?.toISOString() ?? null, comment: j.decision_comment })),
    };
  }

  async calendar(year: number): Promise<CalendarDayView[]> {
    const institution = await repository.listCalendar(this.db, `${year}-01-01`, `${year}-12-31`);
    const law: CalendarDayView[] = officialRestDays(year).map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: 'ley' }));
    const own: CalendarDayView[] = institution.map((c) => ({ date: c.date, kind: c.kind, name: c.description, source: 'institucion' }));
    return [...law, ...own].sort((a, b) => a.date.localeCompare(b.date) || a.source.localeCompare(b.source));
  }
}

function toShift(row: repository.ShiftRow): Shift {
  return {
    id: row.id,
    name: row.name,
    startMinute: row.start_minute,
    endMinute: row.end_minute,
    weekdays: row.weekdays.map(Number),
    toleranceMinutes: row.tolerance_minutes,
    faltaAfterMinutes: row.falta_after_minutes,
  };
}

function toRecordView(row: repository.RecordRow): RecordView {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    personId: row.person_id,
    stationId: row.station_id,
    method: row.method,
    verificationScore: row.verification_score,
    capturedAt: row.captured_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    offline: row.offline,
  };
}

/** A resend must be the same reading; the same key on a different reading is a kiosk bug. */
function replayOf(original: repository.RecordRow, input: Pick<SignedReading, 'personId' | 'stationId' | 'method'>, capturedAt: Date): RecordView {
  const same =
    original.person_id === input.personId &&
    original.station_id === input.stationId &&
    original.method === input.method &&
    original.captured_at.getTime() === capturedAt.getTime();
  if (!same) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'La clave de idempotencia ya se usó para un registro distinto.', 409);
  }
  return toRecordView(original);
}

function assertDate(date: string): void {
  try {
    dayNumber(date);
  } catch {
    throw new AppError('DATE_INVALID', `La fecha «${date}» no es válida (AAAA-MM-DD).`, 400);
  }
}

function parseCapturedAt(value: string): Date {
  if (!INSTANT_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
    throw new AppError('CAPTURED_AT_INVALID', 'La hora de captura debe estar en formato ISO 8601 con zona horaria (por ejemplo 2026-11-03T08:02:00-06:00).', 400);
  }
  return new Date(value);
}

const personNotFound = () => new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con ese identificador.', 404);

/** 'ASI-2026Q22-3F9A1C0B2E': the quincena and 10 hex digits of SHA-256 over who and when, unique per issued report. */
export function reportFolio(quincenaId: string, personId: string, generatedAt: string): string {
  const digest = createHash('sha256').update(`${quincenaId}\u0000${personId}\u0000${generatedAt}`).digest('hex').slice(0, 10).toUpperCase();
  return `ASI-${quincenaId.replace('-', '')}-${digest}`;
}
