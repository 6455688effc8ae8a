import type { Transaction } from 'kysely';
import type { Db, Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Actor, AuditEntry, AuditService } from '../audit/service.ts';
import { FINGERPRINT_EXTRACTOR_VERSION } from '@siap/biometrics/fingerprint';
import type { BiometricConfig, EnrollmentPolicy } from '../biometric-store/biometric-config.ts';
import type { BiometricAccess, BiometricStore } from '../biometric-store/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { CaptureRequest } from '../readers/drivers.ts';
import { parseFaceTemplate, type FaceProcessor, type FaceTemplate } from '../readers/face.ts';
import type { FingerprintProcessor } from '../readers/fingerprint-pool.ts';
import type { ReadersService } from '../readers/service.ts';
import { COHORT_RANK, operatingPoint, searchThreshold } from '@siap/biometrics/gallery';
import { Calibration, DEFAULT_MODEL, faceOperatingPoint, type ImpostorTail } from '@siap/biometrics/face';
import { fuse } from '../verification/fusion.ts';
import { collectEvidence, type AdjudicationEvidence } from './evidence.ts';
import type { BiometricGallery, GallerySubject } from './gallery.ts';
import * as repository from './repository.ts';
import type { AdjudicationDecision, BiometricStatus, UnavailableFinger } from './tables.ts';

export const UNAVAILABLE_REASONS = ['amputacion', 'lesion', 'vendaje', 'malformacion', 'otro'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

const ENROLLMENT_PURPOSE = 'enrolamiento biométrico';
/** extractor_version of a minutiae template a reader made on the device (no image to redo it from). */
export const DEVICE_TEMPLATE_VERSION = 'dispositivo';
const DEDUP_PURPOSE = 'deduplicación biométrica 1:N en el enrolamiento';
const ADJUDICATION_PURPOSE = 'adjudicación de posible duplicado biométrico';
/** Sessions erased per transaction by the expiry sweep. */
const EXPIRY_BATCH = 100;

export interface Operator {
  actor: Actor;
  accountId: string;
  /** The account's role: a supervisor may use another operator's session (audited), an operator only their own. */
  role?: string;
  /** The person behind the account: nobody adjudicates an enrollment of their own or of a candidate. */
  personId?: string;
}

/** Where an adjudication stands: the first decision waits for a second, different supervisor. */
export interface AdjudicationReview {
  stage: 'primera_decision' | 'confirmada';
  decision: AdjudicationDecision;
  samePersonId: string | null;
  firstBy: string;
  secondBy: string | null;
}

export interface AdjudicationResult extends EnrollmentResult {
  review: AdjudicationReview;
}

/** Told, inside the same transaction, that a person became `registrado`. */
export type RegisteredListener = (trx: Transaction<Database>, personId: string, actor: Actor) => Promise<void>;

export interface PendingEnrollment {
  enrollmentId: string;
  personId: string;
  curp: string;
  version: number;
  createdAt: string;
  candidates: DedupCandidate[];
  /** The first decision, when one supervisor already decided. */
  review: { decision: AdjudicationDecision; samePersonId: string | null; firstBy: string; firstAt: string; byYou: boolean } | null;
  /** False when the reader enrolled or captured in this enrollment (or already made its first decision). */
  mayDecide: boolean;
  /** Where the duplicate threshold stood when the enrollment was searched. */
  operatingPoint: DecisionPoint | null;
}

export interface SessionView {
  id: string;
  personId: string;
  curp: string;
  stationId: string;
  fingerReaderId: string | null;
  faceReaderId: string | null;
  status: 'abierta' | 'completada' | 'cancelada' | 'expirada';
  captures: CaptureView[];
}

export interface CaptureView {
  modality: 'huella' | 'rostro';
  position: number;
  status: 'capturada' | 'no_disponible';
  reason: string | null;
  quality: { score: number | null; problems: Array<{ code: string; message: string }> };
  attempts: number;
}

export interface DedupCandidate {
  personId: string;
  curp: string | null;
  status: BiometricStatus | 'sin_registro';
  /** Fused score, 1 = deduplication threshold. */
  score: number;
  fingerScore: number | null;
  faceScore: number | null;
}

/**
 * The operating point a 1:N decision was made at, returned with every decision so whoever reviews
 * it sees the threshold and why it is that high (@siap/biometrics/gallery operating-point.ts).
 */
export interface DecisionPoint {
  purpose: 'identificacion' | 'deduplicacion';
  /** Wanted chance that a search of someone not enrolled returns anybody. */
  targetFpir: number;
  /** People with fingers in the gallery when the search ran. */
  gallerySubjects: number;
  /** Fingers searched; the fused finger score already accounts for them. */
  probeFingers: number;
  /**
   * Fused fingerprint score (matcher scale, 10 × −log10 FMR per person) a candidate must reach in
   * this search: max(fingerFloor, k-th candidate's score + fingerCohortGap) when the search listed
   * fingerCohortRank candidates, else fingerGalleryThreshold (@siap/biometrics/gallery operating-point.ts).
   */
  fingerThreshold: number;
  /** The 1:1 threshold it never goes below. */
  fingerFloor: number;
  /** The gallery-size threshold max(floor, 10·log10(N/FPIR)), used when fewer candidates were listed. Absent in older decisions. */
  fingerGalleryThreshold?: number;
  /** The cohort rule's k and the lead over the k-th candidate whose chance is targetFpir. Absent in older decisions. */
  fingerCohortRank?: number;
  fingerCohortGap?: number;
  /** Per-person false-match rate that gives targetFpir over the gallery. */
  subjectFmr: number;
  /** Whether the search had a face; the face fields below are the face's operating point. */
  probeFace: boolean;
  /** Faces of the probe's model in the gallery when the search ran (0 without a face probe). */
  faceGallerySubjects: number;
  /**
   * Face cosine a candidate must reach: from the target FPIR, the face gallery's size and the
   * model's impostor tail (@siap/biometrics/face operating-point.ts), never below `faceFloor`.
   */
  faceThreshold: number;
  /** The face's 1:1 threshold (the purpose's), the least the 1:N threshold can be. */
  faceFloor: number;
  /** The impostor tail's false-match rate of one face comparison at faceThreshold. */
  faceFmr: number;
  /** The FPIR faceThreshold means over faceGallerySubjects faces (≤ targetFpir). */
  faceFpir: number;
}

export interface EnrollmentResult {
  enrollmentId: string;
  personId: string;
  version: number;
  status: BiometricStatus;
  candidates: DedupCandidate[];
  /** The deduplication's operating point (null for decisions recorded before it was kept). */
  operatingPoint: DecisionPoint | null;
}

export interface DecidedAdjudication {
  id: string;
  enrollmentId: string;
  version: number;
  curp: string;
  decision: AdjudicationDecision;
  sameAsCurp: string | null;
  notes: string | null;
  decidedAt: string;
  /** Who proposed the decision (the first of the four eyes). */
  supervisor: { name: string; matricula: string | null };
  /** Who confirmed it, and why (null on decisions made before four eyes were required). */
  confirmedBy: { name: string; matricula: string | null; notes: string | null } | null;
}

export interface StoredTemplates {
  personId: string;
  fingers: Array<{ position: number; template: Uint8Array }>;
  face: FaceTemplate | null;
}

/** What enrollment needs of the privacy module (its service implements it). */
export interface ConsentGate {
  /** Throws 403 CONSENT_REQUIRED unless the person's newest decision is a grant. */
  requireConsent(db: Db | Transaction<Database>, personId: string, scope: 'datos_biometricos'): Promise<unknown>;
  /** Whether biometric data of the person may be used now (consent stands, no cancellation under way). */
  mayUse(db: Db | Transaction<Database>, personId: string): Promise<boolean>;
}

export interface EnrollmentDeps {
  db: Db;
  audit: AuditService;
  store: BiometricStore;
  identity: IdentityService;
  readers: ReadersService;
  faces: FaceProcessor;
  /** Fingerprint extraction off the main thread (bounded queue, deadline). */
  fingers: FingerprintProcessor;
  gallery: BiometricGallery;
  config: BiometricConfig;
  /** The privacy module's consent check: no capture without the person's express biometric consent. */
  consent: ConsentGate;
  clock?: Clock;
  /** Test hook: the process SIGKILLs itself at this named point (crash-consistency test only). */
  crashPoint?: string | null;
}

/**
 * Capture sessions, enrollment with 1:N deduplication, adjudication, and the stored templates
 * verification compares against. Every write is one transaction with its audit entries; the
 * in-memory gallery is updated only after the transaction committed (and rebuilt from the
 * database at start), so a crash can never leave it ahead of the database.
 */
export class EnrollmentService {
  private readonly clock: Clock;
  /** Serialises search-then-commit, so two enrollments of the same fingers cannot miss each other. */
  private queue: Promise<unknown> = Promise.resolve();

  private readonly registeredListeners: RegisteredListener[] = [];

  /** The subject, its owner after a merge, the owner's templates and their bytes: one statement, compiled once. */
  private readonly readCurrentTemplates;

  constructor(private readonly deps: EnrollmentDeps) {
    this.clock = deps.clock ?? systemClock;
    this.readCurrentTemplates = deps.store.readerBeside(repository.currentTemplatesQuery);
  }

  /**
   * Called inside the transaction that makes a person `registrado` (a completed enrollment without
   * hits, or a confirmed adjudication): other modules react at once and atomically (issue 15: the
   * restriction ends), no polling. A listener that throws rolls the enrollment back.
   */
  onRegistered(listener: RegisteredListener): void {
    this.registeredListeners.push(listener);
  }

  private async notifyRegistered(trx: Transaction<Database>, personId: string, actor: Actor): Promise<void> {
    for (const listener of this.registeredListeners) await listener(trx, personId, actor);
  }

  /** The biometric status of a person inside the caller's transaction (no biometric data; audited there). */
  async biometricStatus(trx: Transaction<Database>, personId: string, access: { actor: Actor; purpose: string }): Promise<BiometricStatus | 'sin_registro'> {
    const subject = await repository.findSubject(trx, personId);
    await this.deps.audit.record(trx, { actor: access.actor, action: 'biometrics.status.read', subject: `person:${personId}`, purpose: access.purpose });
    return subject?.status ?? 'sin_registro';
  }

  async openSession(input: { curp: string; stationId: string }, operator: Operator): Promise<SessionView> {
    const { db, audit, identity } = this.deps;
    const curp = input.curp.trim().toUpperCase();
    if (!(await this.deps.readers.stationExists(input.stationId))) {
      throw new AppError('STATION_NOT_FOUND', 'La estación de captura no existe.', 404);
    }
    const found = await identity.resolvePersonId(db, curp);
    if (!found) {
      await identity.recordMiss({ actor: operator.actor, purpose: ENROLLMENT_PURPOSE }, curp);
      throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
    }
    // LGPDPPSO art. 7: biometric data only with the person's express consent, recorded before capture.
    await this.deps.consent.requireConsent(db, found, 'datos_biometricos');
    return db.transaction().execute(async (trx) => {
      const personId = found;
      const subject = await repository.findSubject(trx, personId);
      assertEnrollable(subject);
      const row = await repository.insertSession(trx, {
        person_id: personId,
        operator_account_id: operator.accountId,
        station_id: input.stationId,
        finger_reader_id: null,
        face_reader_id: null,
        status: 'abierta',
        closed_at: null,
      });
      await repository.touchSession(trx, row.id, operator.accountId, this.clock());
      await audit.record(trx, { actor: operator.actor, action: 'biometrics.session.opened', subject: `person:${personId}`, purpose: ENROLLMENT_PURPOSE, details: { sessionId: row.id, stationId: input.stationId } });
      return toSessionView(row, curp, []);
    });
  }

  /** Only the operator who opened the session, or a supervisor, reads it; every read is audited. */
  async getSession(sessionId: string, reader: Operator): Promise<SessionView> {
    const { db, audit } = this.deps;
    return db.transaction().execute(async (trx) => {
      const session = await repository.findSession(trx, sessionId);
      if (!session) throw sessionNotFound();
      assertMayUse(session, reader);
      const view = toSessionView(session, await this.curpOf(session.person_id, trx), await repository.listCaptures(trx, sessionId));
      await audit.record(trx, {
        actor: reader.actor,
        action: 'biometrics.session.read',
        subject: `person:${session.person_id}`,
        purpose: ENROLLMENT_PURPOSE,
        details: { sessionId, openedBy: session.operator_account_id, bySupervisor: session.operator_account_id !== reader.accountId },
      });
      return view;
    });
  }

  /** The session as its own write just left it (that write was audited; this is not another read). */
  private async sessionAfterWrite(sessionId: string): Promise<SessionView> {
    const { db } = this.deps;
    const session = await repository.findSession(db, sessionId);
    if (!session) throw sessionNotFound();
    return toSessionView(session, await this.curpOf(session.person_id), await repository.listCaptures(db, sessionId));
  }

  /**
   * Inside a write's transaction: refuses anyone but the opener or a supervisor, records the
   * account as a participant (it may then never adjudicate this enrollment), and audits a
   * supervisor's use of another operator's session.
   */
  private async recordUse(trx: Transaction<Database>, session: repository.SessionRow, who: Operator): Promise<void> {
    assertMayUse(session, who);
    await repository.touchSession(trx, session.id, who.accountId, this.clock());
    if (session.operator_account_id !== who.accountId) {
      await this.deps.audit.record(trx, {
        actor: who.actor,
        action: 'biometrics.session.supervisor_access',
        subject: `person:${session.person_id}`,
        purpose: ENROLLMENT_PURPOSE,
        details: { sessionId: session.id, openedBy: session.operator_account_id },
      });
    }
  }

  async selectReader(sessionId: string, readerId: string, operator: Operator): Promise<SessionView> {
    const { db, audit, readers } = this.deps;
    await db.transaction().execute(async (trx) => {
      const session = await openSessionOrThrow(trx, sessionId, true);
      assertMayUse(session, operator);
      const reader = await readers.selectable(trx, readerId, session.station_id);
      await repository.updateSession(trx, sessionId, reader.modality === 'huella' ? { finger_reader_id: reader.id } : { face_reader_id: reader.id });
      await this.recordUse(trx, session, operator);
      await audit.record(trx, { actor: operator.actor, action: 'biometrics.session.reader_selected', subject: `person:${session.person_id}`, purpose: ENROLLMENT_PURPOSE, details: { sessionId, readerId, modality: reader.modality } });
    });
    return this.sessionAfterWrite(sessionId);
  }

  /** Captures (or retakes) one finger. Nothing is stored unless the capture passes the quality check. */
  async captureFinger(sessionId: string, positionInput: string | number, request: CaptureRequest, operator: Operator): Promise<CaptureView> {
    const position = parseFingerPosition(positionInput);
    const session = await openSessionOrThrow(this.deps.db, sessionId);
    assertMayUse(session, operator);
    await this.deps.consent.requireConsent(this.deps.db, session.person_id, 'datos_biometricos');
    const { reader, sample } = await this.deps.readers.capture(session.finger_reader_id, request, {
      modality: 'huella',
      position,
      personKey: await this.curpOf(session.person_id),
    });
    const finger = await this.deps.fingers.process(sample, { requireQuality: true, keepImage: this.deps.store.keepsImages });
    return this.storeCapture(sessionId, operator, {
      modality: 'huella',
      position,
      template: { kind: 'fingerprint_template', bytes: finger.compact },
      image: finger.image ? { kind: 'fingerprint_image', bytes: finger.image } : null,
      quality: { score: finger.quality.score, problems: finger.quality.problems, source: finger.quality.source, minutiae: finger.quality.minutiae },
      readerId: reader.id,
    });
  }

  async captureFace(sessionId: string, request: CaptureRequest, operator: Operator): Promise<CaptureView> {
    const session = await openSessionOrThrow(this.deps.db, sessionId);
    assertMayUse(session, operator);
    await this.deps.consent.requireConsent(this.deps.db, session.person_id, 'datos_biometricos');
    const { reader, sample } = await this.deps.readers.capture(session.face_reader_id, request, {
      modality: 'rostro',
      position: 0,
      personKey: await this.curpOf(session.person_id),
    });
    const face = await this.deps.faces.process(sample, { requireQuality: true });
    return this.storeCapture(sessionId, operator, {
      modality: 'rostro',
      position: 0,
      template: { kind: 'face_template', bytes: face.bytes },
      image: { kind: 'face_image', bytes: face.image },
      quality: { score: face.quality.score, problems: face.quality.problems, source: 'encoded-image' },
      readerId: reader.id,
    });
  }

  /** Records an amputated or otherwise unavailable finger, with the reason, instead of a capture. */
  async markFingerUnavailable(sessionId: string, positionInput: string | number, reason: UnavailableReason, operator: Operator): Promise<CaptureView> {
    const position = parseFingerPosition(positionInput);
    return this.deps.db.transaction().execute(async (trx) => {
      const session = await openSessionOrThrow(trx, sessionId, true);
      await this.recordUse(trx, session, operator);
      const previous = await repository.findCapture(trx, sessionId, 'huella', position);
      if (previous) await this.dropCapture(trx, previous);
      const row = await repository.insertCapture(trx, {
        session_id: sessionId,
        modality: 'huella',
        position,
        status: 'no_disponible',
        unavailable_reason: reason,
        quality_score: null,
        quality: JSON.stringify({}),
        template_blob_id: null,
        image_blob_id: null,
        reader_id: null,
        attempts: (previous?.attempts ?? 0) + 1,
      });
      await this.deps.audit.record(trx, { actor: operator.actor, action: 'biometrics.capture.unavailable', subject: `person:${session.person_id}`, purpose: ENROLLMENT_PURPOSE, details: { sessionId, position, reason } });
      return toCaptureView(row);
    });
  }

  async cancelSession(sessionId: string, operator: Operator): Promise<SessionView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const session = await openSessionOrThrow(trx, sessionId, true);
      await this.recordUse(trx, session, operator);
      for (const capture of await repository.listCaptures(trx, sessionId)) await this.dropCapture(trx, capture);
      await repository.updateSession(trx, sessionId, { status: 'cancelada', closed_at: this.clock() });
      await this.deps.audit.record(trx, { actor: operator.actor, action: 'biometrics.session.cancelled', subject: `person:${session.person_id}`, purpose: ENROLLMENT_PURPOSE, details: { sessionId } });
    });
    return this.sessionAfterWrite(sessionId);
  }

  /**
   * Item 16: open sessions nobody touched for `captureSessionTtlMs` are abandoned. Their captures
   * and encrypted bytes are erased and the session is kept as `expirada` (who opened it, for whom,
   * when: no biometric data), each with an audit entry, in batches of one transaction each.
   * Returns how many expired. Run by the periodic sweep (sweep.ts); a job queue can call it as is.
   */
  async expireAbandonedCaptureSessions(now: Date): Promise<number> {
    const { db, audit, config } = this.deps;
    const before = new Date(now.getTime() - config.captureSessionTtlMs);
    let expired = 0;
    for (;;) {
      const batch = await db.transaction().execute(async (trx) => {
        const sessions = await repository.listAbandonedSessions(trx, before, EXPIRY_BATCH);
        for (const session of sessions) {
          const captures = await repository.listCaptures(trx, session.id);
          for (const capture of captures) await this.dropCapture(trx, capture);
          await repository.updateSession(trx, session.id, { status: 'expirada', closed_at: now });
          await audit.record(trx, {
            actor: 'system',
            action: 'biometrics.session.expired',
            subject: `person:${session.person_id}`,
            purpose: 'borrado de sesiones de captura abandonadas',
            details: { sessionId: session.id, openedBy: session.operator_account_id, lastActivityAt: session.last_activity_at.toISOString(), capturesErased: captures.length },
          });
        }
        return sessions.length;
      });
      expired += batch;
      if (batch < EXPIRY_BATCH) return expired;
    }
  }

  /**
   * Completes the session: 1:N deduplication against the whole gallery (every captured finger
   * and the face, fused), then in ONE transaction the versioned enrollment, its templates, the
   * candidates, the person's status and the audit entries. No hit → `registrado`; a hit →
   * `pendiente` until a supervisor adjudicates.
   */
  complete(sessionId: string, operator: Operator, policy?: EnrollmentPolicy): Promise<EnrollmentResult> {
    return this.serialised(() => this.completeNow(sessionId, operator, policy));
  }

  private async completeNow(sessionId: string, operator: Operator, policy?: EnrollmentPolicy): Promise<EnrollmentResult> {
    const { db, store, audit, gallery, config } = this.deps;
    const session = await openSessionOrThrow(db, sessionId);
    assertMayUse(session, operator);
    const captures = await repository.listCaptures(db, sessionId);
    const taken = captures.filter((c) => c.status === 'capturada');
    if (taken.length === 0) {
      throw new AppError('ENROLLMENT_INCOMPLETE', 'Capture al menos una huella o el rostro antes de concluir el enrolamiento.', 422);
    }
    assertPolicyMet(captures, policy ?? config.enrollmentPolicy);
    const personId = session.person_id;
    const probe = await db.transaction().execute(async (trx) => {
      const plain = await store.read(trx, taken.map((c) => c.template_blob_id!), { actor: operator.actor, subject: `person:${personId}`, purpose: DEDUP_PURPOSE });
      return toTemplates(personId, taken, plain);
    });
    const { candidates, operatingPoint: point } = await this.deduplicate(probe, { ...config.dedup, purpose: 'deduplicacion' });
    const settled = await repository.adjudicatedCounterparts(db, personId, candidates.map((c) => c.personId));
    const hits = candidates.filter((c) => c.score >= 1 && !settled.has(c.personId));
    const status: BiometricStatus = hits.length ? 'pendiente' : 'registrado';

    const result = await db.transaction().execute(async (trx) => {
      const locked = await openSessionOrThrow(trx, sessionId, true);
      await this.recordUse(trx, locked, operator);
      const subject = await repository.findSubject(trx, personId, true);
      assertEnrollable(subject);
      const version = await repository.nextEnrollmentVersion(trx, personId);
      const unavailable: UnavailableFinger[] = captures
        .filter((c) => c.status === 'no_disponible')
        .map((c) => ({ position: c.position, reason: c.unavailable_reason ?? 'otro' }));
      const enrollment = await repository.insertEnrollment(trx, {
        person_id: personId,
        version,
        session_id: locked.id,
        enrolled_by: operator.accountId,
        outcome: status,
        unavailable_fingers: JSON.stringify(unavailable),
        superseded_at: null,
      });
      this.crash('enrollment.inside-transaction');
      await repository.insertTemplates(
        trx,
        taken.map((c) => ({
          enrollment_id: enrollment.id,
          modality: c.modality,
          position: c.position,
          template_blob_id: c.template_blob_id!,
          quality_score: c.quality_score ?? 0,
          image_blob_id: c.image_blob_id,
          extractor_version: c.modality === 'rostro' ? (probe.face?.model ?? null) : fingerTemplateVersion(c),
          reextracted_at: null,
        })),
      );
      // The images of an enrollment live as long as its templates (evidence, re-extraction).
      await store.retain(trx, taken.map((c) => c.image_blob_id).filter((id): id is string => id !== null));
      await repository.insertCandidates(
        trx,
        hits.map((h) => ({
          enrollment_id: enrollment.id,
          candidate_person_id: h.personId,
          score: h.score,
          finger_score: h.fingerScore,
          face_score: h.faceScore,
          details: JSON.stringify({ statusAtDedup: h.status, operatingPoint: point }),
        })),
      );
      if (subject?.current_enrollment_id) await repository.supersedeEnrollment(trx, subject.current_enrollment_id, this.clock());
      await repository.upsertSubject(trx, { person_id: personId, status, current_enrollment_id: enrollment.id, merged_into_person_id: null });
      await repository.updateSession(trx, sessionId, { status: 'completada', closed_at: this.clock() });
      if (status === 'registrado') await this.notifyRegistered(trx, personId, operator.actor);
      await audit.record(trx, {
        actor: operator.actor,
        action: 'biometrics.enrollment.completed',
        subject: `person:${personId}`,
        purpose: ENROLLMENT_PURPOSE,
        details: {
          enrollmentId: enrollment.id,
          version,
          status,
          fingers: taken.filter((c) => c.modality === 'huella').map((c) => c.position),
          face: taken.some((c) => c.modality === 'rostro'),
          unavailable,
          candidates: hits.map((h) => ({ personId: h.personId, score: h.score })),
          operatingPoint: point,
        },
      });
      return { enrollmentId: enrollment.id, personId, version, status, candidates: hits, operatingPoint: point };
    });
    this.crash('enrollment.after-commit');
    // Committed: now the gallery. Pending subjects are searchable too, so a third enrollment of the
    // same fingers also finds them.
    await gallery.replace(probe);
    // Image retention is enforced here rather than by a timer: enrollments are when images are made.
    await store.purgeExpired(db);
    return result;
  }

  /**
   * A supervisor's decision on a pending enrollment (item 1). Nobody who enrolled or captured in
   * it, nor the person enrolled or a candidate, decides it; and a decision takes effect only when a
   * second, different supervisor makes the same one (four eyes). The first decision is kept as a
   * proposal; a different decision from someone else replaces it and waits for its own second.
   * The adjudication row records both supervisors.
   */
  adjudicate(enrollmentId: string, input: { decision: AdjudicationDecision; samePersonId?: string | null; notes?: string | null }, supervisor: Operator): Promise<AdjudicationResult> {
    return this.serialised(async () => {
      const { db, audit, gallery } = this.deps;
      const outcome = await db.transaction().execute(async (trx) => {
        const enrollment = await repository.findEnrollment(trx, enrollmentId);
        if (!enrollment) throw new AppError('ENROLLMENT_NOT_FOUND', 'El enrolamiento no existe.', 404);
        const subject = await repository.findSubject(trx, enrollment.person_id, true);
        const [existing] = await repository.listAdjudications(trx, [enrollmentId]);
        if (!subject || subject.status !== 'pendiente' || subject.current_enrollment_id !== enrollmentId || existing) {
          throw new AppError('ADJUDICATION_NOT_PENDING', 'Este enrolamiento no está pendiente de adjudicación.', 409);
        }
        const candidates = await repository.listCandidates(trx, [enrollmentId]);
        const participants = await repository.listParticipants(trx, enrollment.session_id);
        if (enrollment.enrolled_by === supervisor.accountId || participants.includes(supervisor.accountId)) {
          throw new AppError('ADJUDICATION_SELF', 'No puede adjudicar un enrolamiento que usted realizó o en el que capturó; debe decidirlo otro supervisor.', 403);
        }
        if (supervisor.personId && [enrollment.person_id, ...candidates.map((c) => c.candidate_person_id)].includes(supervisor.personId)) {
          throw new AppError('ADJUDICATION_SELF', 'No puede adjudicar un posible duplicado que le involucra a usted.', 403);
        }
        let sameAs: string | null = null;
        if (input.decision === 'misma_persona') {
          sameAs = input.samePersonId ?? candidates[0]?.candidate_person_id ?? null;
          if (!sameAs || !candidates.some((c) => c.candidate_person_id === sameAs)) {
            throw new AppError('ADJUDICATION_CANDIDATE_INVALID', 'Indique cuál de los candidatos es la misma persona.', 422);
          }
        }
        const proposal = await repository.findProposal(trx, enrollmentId, true);
        const agrees = proposal !== undefined && proposal.decision === input.decision && proposal.same_as_person_id === sameAs;
        if (agrees && proposal.proposed_by === supervisor.accountId) {
          throw new AppError('ADJUDICATION_SECOND_REVIEWER_REQUIRED', 'Usted ya registró esta decisión; debe confirmarla otro supervisor.', 409);
        }
        if (!agrees) {
          await repository.upsertProposal(trx, { enrollment_id: enrollmentId, decision: input.decision, same_as_person_id: sameAs, notes: input.notes ?? null, proposed_by: supervisor.accountId, proposed_at: this.clock() });
          await audit.record(trx, {
            actor: supervisor.actor,
            action: 'biometrics.enrollment.adjudication_proposed',
            subject: `person:${enrollment.person_id}`,
            purpose: ADJUDICATION_PURPOSE,
            details: { enrollmentId, decision: input.decision, sameAs, replaces: proposal ? { decision: proposal.decision, sameAs: proposal.same_as_person_id, by: proposal.proposed_by } : null },
          });
          const review: AdjudicationReview = { stage: 'primera_decision', decision: input.decision, samePersonId: sameAs, firstBy: supervisor.accountId, secondBy: null };
          return { enrollment, status: 'pendiente' as BiometricStatus, sameAs: null, candidates, review };
        }
        const status: BiometricStatus = input.decision === 'fraude' ? 'rechazado' : 'registrado';
        await repository.insertAdjudication(trx, {
          enrollment_id: enrollmentId,
          decision: input.decision,
          same_as_person_id: sameAs,
          supervisor_account_id: proposal.proposed_by,
          notes: proposal.notes,
          confirmed_by_account_id: supervisor.accountId,
          confirmation_notes: input.notes ?? null,
        });
        await repository.deleteProposal(trx, enrollmentId);
        await repository.upsertSubject(trx, { person_id: enrollment.person_id, status, current_enrollment_id: enrollmentId, merged_into_person_id: sameAs });
        if (status === 'registrado') await this.notifyRegistered(trx, enrollment.person_id, supervisor.actor);
        await audit.record(trx, {
          actor: supervisor.actor,
          action: 'biometrics.enrollment.adjudicated',
          subject: `person:${enrollment.person_id}`,
          purpose: ADJUDICATION_PURPOSE,
          details: { enrollmentId, decision: input.decision, sameAs, status, decidedBy: proposal.proposed_by, confirmedBy: supervisor.accountId },
        });
        const review: AdjudicationReview = { stage: 'confirmada', decision: input.decision, samePersonId: sameAs, firstBy: proposal.proposed_by, secondBy: supervisor.accountId };
        return { enrollment, status, sameAs, candidates, review };
      });
      // A record merged into another one leaves the gallery: that human is already in it once.
      if (outcome.sameAs) await gallery.remove(outcome.enrollment.person_id);
      return {
        enrollmentId,
        personId: outcome.enrollment.person_id,
        version: outcome.enrollment.version,
        status: outcome.status,
        candidates: await this.describeCandidates(outcome.candidates),
        review: outcome.review,
        operatingPoint: operatingPointOf(outcome.candidates),
      };
    });
  }

  /** The supervisors' work list, with each first decision and whether this reader may decide; the read is audited. */
  async listPending(reader: Operator, inScope: (personIds: string[]) => Promise<Set<string>> = async (ids) => new Set(ids)): Promise<PendingEnrollment[]> {
    const { db, audit } = this.deps;
    // The reader's OOAD scope (accounts module, issue 19 item 17) is applied to whoever enrolled.
    const all = await repository.listPending(db);
    const visible = await inScope([...new Set(all.map((p) => p.person_id))]);
    const pending = all.filter((p) => visible.has(p.person_id));
    const ids = pending.map((p) => p.id);
    const candidates = await repository.listCandidates(db, ids);
    const proposals = await repository.listProposals(db, ids);
    const list: PendingEnrollment[] = [];
    for (const p of pending) {
      const proposal = proposals.find((r) => r.enrollment_id === p.id);
      const own = candidates.filter((c) => c.enrollment_id === p.id);
      const participants = await repository.listParticipants(db, p.session_id);
      const involved = p.enrolled_by === reader.accountId || participants.includes(reader.accountId) ||
        (reader.personId !== undefined && [p.person_id, ...own.map((c) => c.candidate_person_id)].includes(reader.personId));
      list.push({
        enrollmentId: p.id,
        personId: p.person_id,
        curp: p.curp,
        version: p.version,
        createdAt: p.created_at.toISOString(),
        candidates: await this.describeCandidates(own),
        operatingPoint: operatingPointOf(own),
        review: proposal
          ? { decision: proposal.decision, samePersonId: proposal.same_as_person_id, firstBy: proposal.proposed_by, firstAt: proposal.proposed_at.toISOString(), byYou: proposal.proposed_by === reader.accountId }
          : null,
        mayDecide: !involved && proposal?.proposed_by !== reader.accountId,
      });
    }
    await db.transaction().execute((trx) =>
      audit.record(trx, {
        actor: reader.actor,
        action: 'biometrics.adjudications.listed',
        subject: 'biometric_adjudications',
        purpose: ADJUDICATION_PURPOSE,
        details: { enrollments: list.map((e) => ({ enrollmentId: e.enrollmentId, personId: e.personId })) },
      }),
    );
    return list;
  }

  /** Whose enrollment this is (null when there is none): the routes check the reader's OOAD scope on it. */
  async enrolledPersonId(enrollmentId: string): Promise<string | null> {
    return (await repository.findEnrollment(this.deps.db, enrollmentId))?.person_id ?? null;
  }

  /** Both faces and the matched fingers with their paired minutiae, for the supervisor (audited reads). */
  async evidence(enrollmentId: string, candidatePersonId: string, supervisor: Operator): Promise<AdjudicationEvidence> {
    return this.deps.db.transaction().execute((trx) => collectEvidence(trx, this.deps.store, { enrollmentId, candidatePersonId, actor: supervisor.actor }));
  }

  /** The decisions already taken, newest first: who decided, what, about whom and why. */
  async decided(limit = 50, inScope: (personIds: string[]) => Promise<Set<string>> = async (ids) => new Set(ids)): Promise<DecidedAdjudication[]> {
    // Read a wider page, then keep the reader's scope: a scope's own decisions still fill the list.
    const all = await repository.listDecided(this.deps.db, Math.min(limit * 4, 800));
    const visible = await inScope([...new Set(all.map((r) => r.person_id))]);
    const rows = all.filter((r) => visible.has(r.person_id)).slice(0, limit);
    return rows.map((r) => ({
      id: r.id,
      enrollmentId: r.enrollment_id,
      version: r.version,
      curp: r.curp,
      decision: r.decision,
      sameAsCurp: r.same_as_curp,
      notes: r.notes,
      decidedAt: r.decided_at.toISOString(),
      supervisor: {
        name: [r.supervisor_given_names, r.supervisor_first_surname, r.supervisor_second_surname].filter(Boolean).join(' '),
        matricula: r.supervisor_matricula,
      },
      confirmedBy: r.confirmer_given_names
        ? {
            name: [r.confirmer_given_names, r.confirmer_first_surname, r.confirmer_second_surname].filter(Boolean).join(' '),
            matricula: r.confirmer_matricula,
            notes: r.confirmation_notes,
          }
        : null,
    }));
  }

  /** Status and enrollment history of one person (no biometric data; the read is audited). */
  async statusOf(curpInput: string, access: { actor: Actor; purpose: string }) {
    const { db, audit, identity } = this.deps;
    const curp = curpInput.trim().toUpperCase();
    const found = await identity.resolvePersonId(db, curp);
    if (!found) {
      await identity.recordMiss(access, curp);
      throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
    }
    return db.transaction().execute(async (trx) => {
      const personId = found;
      const subject = await repository.findSubject(trx, personId);
      const enrollments = await repository.listEnrollments(trx, personId);
      const ids = enrollments.map((e) => e.id);
      const [templates, candidates, adjudications] = await Promise.all([
        repository.listTemplates(trx, ids),
        repository.listCandidates(trx, ids),
        repository.listAdjudications(trx, ids),
      ]);
      await audit.record(trx, { actor: access.actor, action: 'biometrics.status.read', subject: `person:${personId}`, purpose: access.purpose });
      return {
        personId,
        curp,
        status: (subject?.status ?? 'sin_registro') as BiometricStatus | 'sin_registro',
        mergedIntoPersonId: subject?.merged_into_person_id ?? null,
        enrollments: enrollments.map((e) => {
          const adjudication = adjudications.find((a) => a.enrollment_id === e.id);
          return {
            id: e.id,
            version: e.version,
            outcome: e.outcome,
            current: subject?.current_enrollment_id === e.id,
            createdAt: e.created_at.toISOString(),
            supersededAt: e.superseded_at?.toISOString() ?? null,
            fingers: templates.filter((t) => t.enrollment_id === e.id && t.modality === 'huella').map((t) => t.position),
            face: templates.some((t) => t.enrollment_id === e.id && t.modality === 'rostro'),
            unavailableFingers: e.unavailable_fingers as unknown as UnavailableFinger[],
            candidates: candidates.filter((c) => c.enrollment_id === e.id).map((c) => ({ personId: c.candidate_person_id, score: c.score })),
            adjudication: adjudication ? { decision: adjudication.decision, samePersonId: adjudication.same_as_person_id, decidedAt: adjudication.decided_at.toISOString() } : null,
          };
        }),
      };
    });
  }

  /**
   * Which modalities a person's current enrollment holds (no biometric data is read), so the
   * attendance kiosk offers "Usar rostro" only to someone whose face is enrolled. Audited.
   */
  async enrolledModalities(personId: string, access: { actor: Actor; purpose: string }): Promise<{ fingers: number; face: boolean }> {
    const { db, audit } = this.deps;
    return db.transaction().execute(async (trx) => {
      const subject = await repository.findSubject(trx, personId);
      const owner = subject?.merged_into_person_id ? await repository.findSubject(trx, subject.merged_into_person_id) : subject;
      const rows = owner?.status === 'registrado' && owner.current_enrollment_id ? await repository.listTemplates(trx, [owner.current_enrollment_id]) : [];
      await audit.record(trx, { actor: access.actor, action: 'biometrics.modalities.read', subject: `person:${personId}`, purpose: access.purpose });
      return { fingers: rows.filter((r) => r.modality === 'huella').length, face: rows.some((r) => r.modality === 'rostro') };
    });
  }

  /**
   * For 1:1 verification: the person's current templates (following a merge to the surviving
   * record), decrypted inside the caller's transaction with an audited read. Null when the
   * person is not `registrado`.
   */
  async storedTemplates(trx: Transaction<Database>, personId: string, access: Omit<BiometricAccess, 'subject'>): Promise<{ status: BiometricStatus | 'sin_registro'; templates: StoredTemplates | null }> {
    const { status, templates, accessEntry } = await this.storedTemplatesUnrecorded(trx, personId, access);
    if (accessEntry) await this.deps.audit.record(trx, accessEntry);
    return { status, templates };
  }

  /**
   * As storedTemplates, but the read's audit entry is handed back (BiometricStore.readUnrecorded)
   * for the caller to record with its result, on every path.
   */
  async storedTemplatesUnrecorded(
    db: Executor,
    personId: string,
    access: Omit<BiometricAccess, 'subject'>,
  ): Promise<{ status: BiometricStatus | 'sin_registro'; templates: StoredTemplates | null; accessEntry: AuditEntry | null }> {
    // One statement, compiled once: this runs on every 1:1 verification.
    const { rows, entry } = await this.readCurrentTemplates(db, { ...access, subject: `person:${personId}` }, personId);
    const subject = rows[0];
    if (!subject) return { status: 'sin_registro', templates: null, accessEntry: null };
    if (subject.status !== 'registrado') return { status: subject.status, templates: null, accessEntry: null };
    if (!subject.owner_person_id || !subject.owner_enrollment_id || subject.owner_status !== 'registrado') return { status: subject.status, templates: null, accessEntry: null };
    const templates = rows
      .flatMap((r) => (r.blob_id && r.modality && r.position !== null ? [{ modality: r.modality, position: r.position, template_blob_id: r.blob_id }] : []))
      .sort((a, b) => a.position - b.position);
    const data = new Map(rows.flatMap((r) => (r.blob_id && r.data ? [[r.blob_id, r.data] as const] : [])));
    return { status: 'registrado', templates: toTemplates(subject.owner_person_id, templates, data), accessEntry: entry };
  }

  /**
   * 1:N search for identification and deduplication; candidates are fused and sorted, best first.
   * The fingerprint threshold comes from the target FPIR and the gallery's size (never below the
   * 1:1 floor `finger`); the gallery's fused score already counts every finger compared. The face
   * threshold likewise comes from the same target FPIR and the number of faces of the probe's model
   * (never below the 1:1 floor `face`). A candidate's `score` is the fused, normalized score: 1 is
   * that operating point.
   */
  async deduplicate(
    probe: StoredTemplates,
    options: { finger: number; face: number; maxCandidates: number; targetFpir: number; purpose: DecisionPoint['purpose']; fingerFilter?: boolean },
  ): Promise<{ candidates: DedupCandidate[]; operatingPoint: DecisionPoint }> {
    const { gallery } = this.deps;
    // At least COHORT_RANK candidates besides the person enrolling (who may be listed first), so
    // the cohort rule can set this search's threshold.
    const fingerCandidates = await gallery.searchFingers(
      probe.fingers.map((f) => ({ finger: f.position as never, template: f.template })),
      { maxCandidates: Math.max(options.maxCandidates * 2, COHORT_RANK + 1), fingerFilter: options.fingerFilter },
    );
    const point = operatingPoint(options.targetFpir, probe.fingers.length ? await gallery.fingerSubjects() : 0, options.finger);
    // This search's fingerprint threshold (operating-point.ts): max(floor, k-th candidate + gap)
    // with k candidates other than the probe's own person, else the gallery-size threshold.
    const fingerThreshold = searchThreshold(fingerCandidates.filter((c) => c.subjectId !== probe.personId), point);
    // The face's own point: the same target FPIR over the faces the probe is compared with.
    const face = faceOperatingPoint(options.targetFpir, probe.face ? await gallery.faceSubjects(probe.face.model) : 0, faceImpostorTail(probe.face?.model), options.face);
    const decisionPoint: DecisionPoint = {
      purpose: options.purpose,
      targetFpir: point.targetFpir,
      gallerySubjects: point.gallerySubjects,
      probeFingers: probe.fingers.length,
      fingerThreshold,
      fingerFloor: point.floor,
      fingerGalleryThreshold: point.threshold,
      fingerCohortRank: point.cohortRank,
      fingerCohortGap: point.cohortGap,
      subjectFmr: point.subjectFmr,
      probeFace: probe.face !== null,
      faceGallerySubjects: face.gallerySubjects,
      faceThreshold: face.threshold,
      faceFloor: face.floor,
      faceFmr: face.fmr,
      faceFpir: face.fpir,
    };
    const faceCandidates = probe.face ? await gallery.searchFaces(probe.face, options.maxCandidates * 2, 0) : [];
    const ids = new Set([...fingerCandidates.map((c) => c.subjectId), ...faceCandidates.map((c) => c.personId)]);
    ids.delete(probe.personId);
    const fused = [...ids].map((personId) => {
      const fc = fingerCandidates.find((c) => c.subjectId === personId);
      const fcFace = faceCandidates.find((c) => c.personId === personId);
      const fingerScore = probe.fingers.length ? round(fc?.score ?? 0) : null;
      const decision = fuse(
        fingerScore === null ? null : { score: fingerScore, threshold: fingerThreshold },
        fcFace ? { score: fcFace.score, threshold: face.threshold } : null,
      );
      return { personId, score: decision.score, fingerScore, faceScore: fcFace ? round(fcFace.score) : null };
    });
    fused.sort((a, b) => b.score - a.score);
    const top = fused.slice(0, options.maxCandidates);
    const statuses = await repository.subjectStatuses(this.deps.db, top.map((c) => c.personId));
    const candidates = await Promise.all(
      top.map(async (c) => ({
        ...c,
        curp: await this.curpOrNull(c.personId),
        status: statuses.find((s) => s.person_id === c.personId)?.status ?? ('sin_registro' as const),
      })),
    );
    return { candidates, operatingPoint: decisionPoint };
  }

  /**
   * Erasure (privacy module): destroys the data keys of every template and image ever captured of
   * the person (crypto-shredding) and removes their biometric record, in the caller's transaction;
   * the enrollment history (dates, operators, outcomes) stays, its templates unreadable. Call
   * `dropFromGallery` after the commit. Returns the rows shredded.
   */
  async eraseBiometrics(trx: Transaction<Database>, personId: string): Promise<number> {
    const blobIds = await repository.blobIdsOfPerson(trx, personId);
    const shredded = await this.deps.store.shred(trx, blobIds);
    await repository.deleteSubject(trx, personId);
    return shredded;
  }

  /**
   * The people who have a biometric record, with when it was last enrolled: what the retention
   * sweep (privacy module) counts from when the record was never used since. Ids and dates only.
   */
  async biometricRecords(): Promise<Array<{ personId: string; enrolledAt: Date | null }>> {
    return (await repository.listRecordsWithEnrollment(this.deps.db)).map((r) => ({ personId: r.person_id, enrolledAt: r.enrolled_at ? new Date(r.enrolled_at) : null }));
  }

  /** Whether the person has a biometric record (any status); no personal data leaves, so no audit entry. */
  async hasBiometricRecord(personId: string): Promise<boolean> {
    return (await repository.findSubject(this.deps.db, personId)) !== undefined;
  }

  /** Takes the person out of the 1:N galleries at once (consent withdrawn, data erased). */
  async dropFromGallery(personId: string): Promise<void> {
    await this.deps.gallery.remove(personId);
  }

  /** Consent given again: the person's current templates go back into the 1:N galleries (audited read). */
  async returnToGallery(personId: string): Promise<void> {
    const { db, store, gallery } = this.deps;
    const subject = await db.transaction().execute(async (trx) => {
      const row = await repository.findSubject(trx, personId);
      if (!row?.current_enrollment_id || row.merged_into_person_id) return null;
      const rows = await repository.listTemplates(trx, [row.current_enrollment_id]);
      const plain = await store.read(trx, rows.map((r) => r.template_blob_id), { actor: 'system', subject: `person:${personId}`, purpose: 'consentimiento otorgado de nuevo: vuelve a la galería 1:N' });
      return toTemplates(personId, rows, plain);
    });
    if (subject) await gallery.replace(subject);
  }

  /** The gallery's loader: every current template, decrypted in one audited bulk read. */
  async loadGallerySubjects(): Promise<GallerySubject[]> {
    const { db, store } = this.deps;
    return db.transaction().execute(async (trx) => {
      const rows = await repository.galleryTemplates(trx);
      const plain = await store.read(trx, rows.map((r) => r.template_blob_id), {
        actor: 'system',
        subject: 'biometric_gallery',
        purpose: 'carga de la galería 1:N al iniciar el servicio',
      });
      const byPerson = new Map<string, typeof rows>();
      for (const row of rows) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
      return [...byPerson].map(([personId, own]) => toTemplates(personId, own, plain));
    });
  }

  private async storeCapture(
    sessionId: string,
    operator: Operator,
    capture: {
      modality: 'huella' | 'rostro';
      position: number;
      template: { kind: 'fingerprint_template' | 'face_template'; bytes: Uint8Array };
      image: { kind: 'fingerprint_image' | 'face_image'; bytes: Uint8Array } | null;
      quality: { score: number; problems: Array<{ code: string; message: string }>; source: string; minutiae?: number };
      readerId: string;
    },
  ): Promise<CaptureView> {
    const { db, store, audit } = this.deps;
    return db.transaction().execute(async (trx) => {
      const session = await openSessionOrThrow(trx, sessionId, true);
      await this.recordUse(trx, session, operator);
      const previous = await repository.findCapture(trx, sessionId, capture.modality, capture.position);
      if (previous) await this.dropCapture(trx, previous);
      const templateId = await store.put(trx, capture.template.kind, capture.template.bytes);
      const imageId = capture.image && store.keepsImages ? await store.put(trx, capture.image.kind, capture.image.bytes) : null;
      const row = await repository.insertCapture(trx, {
        session_id: sessionId,
        modality: capture.modality,
        position: capture.position,
        status: 'capturada',
        unavailable_reason: null,
        quality_score: capture.quality.score,
        quality: JSON.stringify(capture.quality),
        template_blob_id: templateId,
        image_blob_id: imageId,
        reader_id: capture.readerId,
        attempts: (previous?.attempts ?? 0) + 1,
      });
      await audit.record(trx, {
        actor: operator.actor,
        action: previous ? 'biometrics.capture.retaken' : 'biometrics.capture.taken',
        subject: `person:${session.person_id}`,
        purpose: ENROLLMENT_PURPOSE,
        details: { sessionId, modality: capture.modality, position: capture.position, quality: capture.quality.score, imageKept: imageId !== null },
      });
      return toCaptureView(row);
    });
  }

  /** A replaced capture takes its encrypted bytes with it (they were never part of an enrollment). */
  private async dropCapture(trx: Transaction<Database>, capture: repository.CaptureRow): Promise<void> {
    await repository.deleteCapture(trx, capture.id);
    await this.deps.store.remove(trx, [capture.template_blob_id, capture.image_blob_id].filter((id): id is string => id !== null));
  }

  private async describeCandidates(rows: repository.CandidateRow[]): Promise<DedupCandidate[]> {
    const statuses = await repository.subjectStatuses(this.deps.db, rows.map((r) => r.candidate_person_id));
    return Promise.all(
      rows.map(async (r) => ({
        personId: r.candidate_person_id,
        curp: await this.curpOrNull(r.candidate_person_id),
        status: statuses.find((s) => s.person_id === r.candidate_person_id)?.status ?? ('sin_registro' as const),
        score: r.score,
        fingerScore: r.finger_score,
        faceScore: r.face_score,
      })),
    );
  }

  private async curpOf(personId: string, executor: Db | Transaction<Database> = this.deps.db): Promise<string> {
    const curp = await this.curpOrNull(personId, executor);
    if (!curp) throw new AppError('PERSON_NOT_FOUND', 'La persona de la sesión ya no existe.', 404);
    return curp;
  }

  private async curpOrNull(personId: string, executor: Db | Transaction<Database> = this.deps.db): Promise<string | null> {
    const row = await executor.selectFrom('people').select('curp').where('id', '=', personId).executeTakeFirst();
    return row?.curp ?? null;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private crash(point: string): void {
    if (this.deps.crashPoint === point) process.kill(process.pid, 'SIGKILL');
  }
}

/** ISO/IEC 19794-2 finger position codes: 1 right thumb … 5 right little, 6 left thumb … 10 left little. */
export function parseFingerPosition(input: string | number): number {
  const value = typeof input === 'number' ? input : /^\d{1,2}$/.test(input) ? Number(input) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 10) {
    throw new AppError(
      'FINGER_POSITION_INVALID',
      'La posición del dedo no es válida: use los códigos ISO 1 (pulgar derecho) a 10 (meñique izquierdo).',
      400,
      { position: String(input) },
    );
  }
  return value;
}

/** Templates from a reader that extracts on the device are not ours to version or redo. */
function fingerTemplateVersion(capture: repository.CaptureRow): string {
  const quality = capture.quality as { source?: string };
  return quality.source === 'template' ? DEVICE_TEMPLATE_VERSION : FINGERPRINT_EXTRACTOR_VERSION;
}

/**
 * A pensioner's self-registration from a phone (issue 12): the face alone, deduplicated 1:N, and
 * the fingers later at a clinic station under the full policy ("registro parcial (rostro)").
 */
export const FACE_FIRST_POLICY: EnrollmentPolicy = { minFingers: 0, requireFace: true };

/** The policy's minimum: fingers captured or documented as unavailable, and the face. */
function assertPolicyMet(captures: repository.CaptureRow[], policy: EnrollmentPolicy): void {
  const fingers = captures.filter((c) => c.modality === 'huella').length;
  const face = captures.some((c) => c.modality === 'rostro' && c.status === 'capturada');
  const missingFingers = Math.max(0, policy.minFingers - fingers);
  const missingFace = policy.requireFace && !face;
  if (missingFingers === 0 && !missingFace) return;
  const missing = [
    missingFingers > 0 ? `${missingFingers} ${missingFingers === 1 ? 'dedo' : 'dedos'}` : null,
    missingFace ? 'la fotografía del rostro' : null,
  ].filter(Boolean);
  throw new AppError(
    'ENROLLMENT_POLICY_UNMET',
    `El enrolamiento requiere al menos ${policy.minFingers} dedos capturados o registrados como no disponibles (con su motivo)${policy.requireFace ? ' y la fotografía del rostro' : ''}. Falta: ${missing.join(' y ')}.`,
    422,
    { fingers, minFingers: policy.minFingers, face, faceRequired: policy.requireFace },
  );
}

/** Item 11: a session is the opening operator's; a supervisor may step in (the caller audits it). */
function assertMayUse(session: repository.SessionRow, who: Operator): void {
  if (session.operator_account_id === who.accountId || who.role === 'supervisor') return;
  throw new AppError('SESSION_NOT_OWNED', 'Solo quien abrió la sesión de captura, o un supervisor, puede consultarla o modificarla.', 403);
}

function assertEnrollable(subject: repository.SubjectRow | undefined): void {
  if (subject?.status === 'pendiente') {
    throw new AppError('ENROLLMENT_PENDING_ADJUDICATION', 'La persona tiene un enrolamiento pendiente de adjudicación por un supervisor.', 409);
  }
  if (subject?.status === 'rechazado') {
    throw new AppError('BIOMETRIC_REJECTED', 'El registro biométrico de esta persona fue rechazado; requiere revisión de un supervisor.', 409);
  }
}

async function openSessionOrThrow(db: Db | Transaction<Database>, sessionId: string, lock = false): Promise<repository.SessionRow> {
  const session = await repository.findSession(db, sessionId, lock);
  if (!session) throw sessionNotFound();
  if (session.status !== 'abierta') throw new AppError('SESSION_CLOSED', 'La sesión de captura ya fue concluida o cancelada.', 409);
  return session;
}

function sessionNotFound(): AppError {
  return new AppError('SESSION_NOT_FOUND', 'La sesión de captura no existe.', 404);
}

function toTemplates(personId: string, rows: Array<{ modality: 'huella' | 'rostro'; position: number; template_blob_id: string | null }>, plain: Map<string, Buffer>): StoredTemplates {
  const fingers: StoredTemplates['fingers'] = [];
  let face: FaceTemplate | null = null;
  for (const row of rows) {
    const bytes = row.template_blob_id ? plain.get(row.template_blob_id) : undefined;
    if (!bytes) continue;
    if (row.modality === 'rostro') face = parseFaceTemplate(bytes);
    else fingers.push({ position: row.position, template: new Uint8Array(bytes) });
  }
  return { personId, fingers, face };
}

function toSessionView(row: repository.SessionRow, curp: string, captures: repository.CaptureRow[]): SessionView {
  return {
    id: row.id,
    personId: row.person_id,
    curp,
    stationId: row.station_id,
    fingerReaderId: row.finger_reader_id,
    faceReaderId: row.face_reader_id,
    status: row.status,
    captures: captures.map(toCaptureView),
  };
}

function toCaptureView(row: repository.CaptureRow): CaptureView {
  const quality = row.quality as { problems?: Array<{ code: string; message: string }> };
  return {
    modality: row.modality,
    position: row.position,
    status: row.status,
    reason: row.unavailable_reason,
    quality: { score: row.quality_score, problems: quality.problems ?? [] },
    attempts: row.attempts,
  };
}

/** The operating point a deduplication stored with its candidates (absent on older rows). */
/**
 * The impostor tail of the probe's model (calibration.ts). A template of the former model
 * ('faceapi-resnet': the same network, another crop; 1:1 threshold 0.928 against 0.9289) has no
 * tail fitted and borrows the current model's.
 */
function faceImpostorTail(model: string | undefined): ImpostorTail {
  const tail = (model === undefined ? undefined : Calibration[model]?.impostorTail) ?? Calibration[DEFAULT_MODEL].impostorTail;
  if (!tail) throw new Error(`no impostor tail fitted for the face model ${DEFAULT_MODEL}`);
  return tail;
}

function operatingPointOf(rows: repository.CandidateRow[]): DecisionPoint | null {
  const details = rows[0]?.details as { operatingPoint?: DecisionPoint } | undefined;
  return details?.operatingPoint ?? null;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
