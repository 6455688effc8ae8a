import { findOoad } from '@siap/mx-identity';
import { BiometricError, checkChallenge, cosine, evaluateChallenge, issueChallenge, type ChallengeStep, type FrameObservation } from '@siap/biometrics/face';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { BiometricConfig, Thresholds, VerificationPurpose } from '../biometric-store/biometric-config.ts';
import type { ConsentGate, DecisionPoint, EnrollmentService, StoredTemplates } from '../enrollment/service.ts';
import { parseFingerPosition } from '../enrollment/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { CaptureRequest } from '../readers/drivers.ts';
import type { FaceProcessor, FaceTemplate } from '../readers/face.ts';
import type { FingerprintProcessor } from '../readers/fingerprint-pool.ts';
import type { ReadersService } from '../readers/service.ts';
import { fingerEvidence, fuse, type FusedDecision } from './fusion.ts';
import { assertsPresence, type LivenessEvidence, type LivenessInput } from './liveness.ts';
import { consumeChallenge, findChallenge, insertChallenge, saveChallengeResult, type ChallengeRow } from './repository.ts';
import * as repository from './repository.ts';

/**
 * How long a verification grant may be used after the match: a kiosk posts its check-in right
 * after the server answered, so two minutes covers a slow network and nothing more.
 */
export const VERIFICATION_GRANT_TTL_MS = 2 * 60_000;

/** What a grant proves: the server matched `personId` at `stationId` for `purpose`. */
export interface VerificationGrant {
  id: string;
  personId: string;
  stationId: string;
  purpose: string;
  method: 'huella' | 'rostro';
  score: number;
  issuedAt: Date;
}

export interface ProbeInput {
  purpose: VerificationPurpose;
  fingerReaderId?: string | null;
  faceReaderId?: string | null;
  /** Position 1–10, or 0 when the station does not know which finger was placed. */
  fingers?: Array<CaptureRequest & { position: number }>;
  face?: CaptureRequest | null;
  /** The station where the person stands: a match there is answered with a single-use grant. */
  stationId?: string | null;
  /** Required with a face for purposes that assert presence (liveness.ts), and at an unattended kiosk. */
  liveness?: LivenessInput | null;
  /**
   * Set by the routes when a paired kiosk (a station session, nobody watching) sends the probe: a
   * face there asserts presence whatever the purpose (issue 19 item 2), so it needs the challenge.
   */
  unattended?: boolean;
}

export interface IssuedChallenge {
  id: string;
  personId: string;
  purpose: VerificationPurpose;
  steps: ChallengeStep[];
  nonce: string;
  expiresAt: string;
}

export interface VerificationResult {
  personId: string;
  purpose: VerificationPurpose;
  decision: 'coincide' | 'no_coincide';
  /** Fused, normalized score (see fusion.ts): 1 is the threshold. */
  score: number;
  threshold: 1;
  finger: { score: number; threshold: number; fingers: Array<{ position: number; matchedPosition: number | null; score: number }> } | null;
  face: { score: number; threshold: number } | null;
  /** Present when the purpose asserted presence with a face. */
  liveness?: LivenessEvidence;
  /** On a match at a known station: the single-use, short-lived grant a check-in must carry. */
  verificationId: string | null;
}

export interface IdentificationResult {
  purpose: VerificationPurpose;
  /**
   * `identificado`: exactly one registered person at or above the operating point;
   * `no_identificado`: nobody; `no_concluyente`: several — the kiosk asks for the matrícula.
   */
  decision: 'identificado' | 'no_identificado' | 'no_concluyente';
  /** Registered people at or above the operating point, best first. */
  candidates: Array<{ personId: string; curp: string | null; score: number; fingerScore: number | null; faceScore: number | null }>;
  /** On an identification at a known station: a grant for the best candidate. */
  verificationId: string | null;
  /** The threshold the decision was made at, derived from the target FPIR and the gallery's size. */
  operatingPoint: DecisionPoint;
}

/** What a kiosk knows of a staff member: the matrícula, and the OOAD when its station has none. */
export interface StaffKey {
  matricula: string;
  ooadCode?: string | null;
  stationId: string;
}

/** The accounts module's matrícula lookup (AccountsService.staffPersonId). */
export interface StaffDirectory {
  staffPersonId(ooadCode: string, matricula: string): Promise<string | null>;
}

export interface StaffVerificationResult extends VerificationResult {
  /** The OOAD the matrícula was looked up in. */
  ooadCode: string;
  /** Full name, only on a match (a refusal does not tell whose matrícula it was). */
  name: string | null;
}

interface Probe {
  fingers: Array<{ position: number; template: Uint8Array }>;
  face: FaceTemplate | null;
  passive: LivenessEvidence['passive'] | null;
}

/**
 * 1:1 verification against a person's enrolled templates and 1:N identification against the
 * gallery, with the thresholds of the stated purpose. Every result is audited with that purpose.
 */
/** The reason in words (the wire keeps the stable status code in `details.status`). */
const STATUS_WORDS: Record<string, string> = {
  sin_registro: 'no se ha enrolado',
  pendiente: 'su enrolamiento espera la revisión de un supervisor',
  rechazado: 'su registro biométrico fue rechazado',
  registrado: 'registro vigente',
};

export class VerificationService {
  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditService;
      identity: IdentityService;
      enrollment: EnrollmentService;
      /** Verification and identification serve only people whose biometric consent stands. */
      consent: ConsentGate;
      readers: ReadersService;
      faces: FaceProcessor;
      fingers: FingerprintProcessor;
      config: BiometricConfig;
      /** Keys the HMAC of issued challenges (the session secret). */
      challengeSecret: string;
      clock: Clock;
    },
  ) {}

  /**
   * Issues an active liveness challenge bound to this person and purpose (issue 19, item 2): a
   * random order of actions, a nonce and an expiry, stored so it can be used once.
   */
  async issueChallenge(curpInput: string, purpose: VerificationPurpose, actor: Actor): Promise<IssuedChallenge> {
    const curp = curpInput.trim().toUpperCase();
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp);
    if (!personId) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
    return this.issueChallengeFor(personId, purpose, actor);
  }

  /** Same, for a person the caller already resolved (the pension module: the logged-in pensioner). */
  async issueChallengeFor(personId: string, purpose: VerificationPurpose, actor: Actor): Promise<IssuedChallenge> {
    const now = this.deps.clock();
    const challenge = issueChallenge(this.deps.challengeSecret, now.getTime());
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await insertChallenge(trx, {
        personId,
        purpose,
        nonce: challenge.nonce,
        steps: challenge.steps,
        signature: challenge.signature,
        issuedBy: actor,
        issuedAt: new Date(challenge.issuedAt),
        expiresAt: new Date(challenge.expiresAt),
      });
      await this.deps.audit.record(trx, { actor, action: 'biometrics.liveness_challenge.issue', subject: `person:${personId}`, purpose, details: { challengeId: row.id, steps: challenge.steps } });
      return { id: row.id, personId, purpose, steps: challenge.steps, nonce: challenge.nonce, expiresAt: new Date(challenge.expiresAt).toISOString() };
    });
  }


  private now(): Date {
    return (this.deps.clock ?? systemClock)();
  }

  /**
   * Issued only here, after a match: the server saw this person at this station. `at` exists for
   * the demo seed, which writes readings in the past.
   */
  async issueGrant(trx: Transaction<Database>, grant: Omit<VerificationGrant, 'id' | 'issuedAt'>, issuedTo: Actor, at: Date = this.now()): Promise<string> {
    const row = await repository.insertGrant(trx, {
      person_id: grant.personId,
      station_id: grant.stationId,
      purpose: grant.purpose,
      method: grant.method,
      score: grant.score,
      issued_to: issuedTo,
      issued_at: at,
      expires_at: new Date(at.getTime() + VERIFICATION_GRANT_TTL_MS),
      used_at: null,
    });
    return row.id;
  }

  /**
   * Uses a grant once, inside the caller's transaction (a rollback gives it back). Refused when
   * unknown, used, expired, issued to another actor, or for another station or purpose.
   */
  async consumeGrant(trx: Transaction<Database>, id: string, expected: { stationId: string; purpose: string; actor: Actor }, now: Date = this.now()): Promise<VerificationGrant> {
    const row = await repository.consumeGrant(trx, id, now);
    if (!row) {
      const existing = await repository.findGrant(trx, id);
      if (!existing) throw new AppError('VERIFICATION_INVALID', 'La verificación indicada no existe; verifique de nuevo a la persona.', 403);
      if (existing.used_at) throw new AppError('VERIFICATION_USED', 'Esta verificación ya se usó; cada registro requiere su propia verificación.', 409);
      throw new AppError('VERIFICATION_EXPIRED', 'La verificación expiró; verifique de nuevo a la persona.', 422);
    }
    if (row.station_id !== expected.stationId || row.purpose !== expected.purpose || row.issued_to !== expected.actor) {
      throw new AppError('VERIFICATION_MISMATCH', 'La verificación se hizo para otra estación, finalidad o cuenta.', 403);
    }
    return { id: row.id, personId: row.person_id, stationId: row.station_id, purpose: row.purpose, method: row.method, score: row.score, issuedAt: row.issued_at };
  }

  thresholdsFor(purpose: VerificationPurpose): Thresholds {
    return this.deps.config.thresholds[purpose];
  }

  async verify(curpInput: string, input: ProbeInput, actor: Actor): Promise<VerificationResult> {
    const curp = curpInput.trim().toUpperCase();
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp);
    if (!personId) {
      await this.deps.identity.recordMiss({ actor, purpose: `verificación 1:1 (${input.purpose})` }, curp);
      throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
    }
    return this.verifyPerson(personId, curp, input, actor, 'curp');
  }

  /**
   * 1:1 by matrícula, the attendance kiosk's key. A matrícula is unique only within an OOAD: the
   * OOAD is the station's when the station has one (a kiosk belongs to one workplace), otherwise
   * the one the person chose at the kiosk. The accounts module owns matrículas, so its lookup is
   * passed in (`staff`); on a match the answer carries the person's name for the kiosk to show.
   */
  async verifyByMatricula(key: StaffKey, input: ProbeInput, actor: Actor, staff: StaffDirectory): Promise<StaffVerificationResult> {
    const { personId, ooadCode } = await this.resolveStaff(key, actor, `verificación 1:1 por matrícula (${input.purpose})`, staff);
    const person = await this.deps.identity.getById(personId, { actor, purpose: `verificación 1:1 por matrícula (${input.purpose})` });
    const result = await this.verifyPerson(personId, person.curp, { ...input, stationId: key.stationId }, actor, 'matricula');
    const name = [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ');
    return { ...result, ooadCode, name: result.decision === 'coincide' ? name : null };
  }

  /**
   * The kiosk's face asserts presence: its challenge is issued for the staff member the matrícula
   * names (same OOAD rules as the verification), so the kiosk never learns more than it typed.
   */
  async issueChallengeByMatricula(key: StaffKey, purpose: VerificationPurpose, actor: Actor, staff: StaffDirectory): Promise<Omit<IssuedChallenge, 'personId' | 'nonce'>> {
    const { personId } = await this.resolveStaff(key, actor, `reto de vida por matrícula (${purpose})`, staff);
    const { id, steps, expiresAt } = await this.issueChallengeFor(personId, purpose, actor);
    return { id, purpose, steps, expiresAt };
  }

  /** The staff member behind a matrícula at a kiosk's station: the station's OOAD, or the one chosen there. */
  private async resolveStaff(key: StaffKey, actor: Actor, missPurpose: string, staff: StaffDirectory): Promise<{ personId: string; ooadCode: string }> {
    const station = (await this.deps.readers.listStations()).find((s) => s.id === key.stationId);
    if (!station) throw new AppError('STATION_NOT_FOUND', 'La estación del quiosco no existe.', 404);
    const chosen = key.ooadCode?.trim() || null;
    // Old and new codes of one OOAD (e.g. 36 → 35) name the same place.
    const canonical = (code: string) => findOoad(code)?.code ?? code;
    if (station.ooadCode && chosen && canonical(chosen) !== canonical(station.ooadCode)) {
      throw new AppError('OOAD_NOT_STATION', `Este quiosco pertenece a la OOAD ${station.ooadCode}; registre su asistencia en un quiosco de su OOAD o solo con su huella.`, 409, {
        stationOoadCode: station.ooadCode,
      });
    }
    const ooadCode = station.ooadCode ?? chosen;
    if (!ooadCode) throw new AppError('OOAD_REQUIRED', 'Este quiosco no tiene OOAD asignada: seleccione la OOAD de su matrícula.', 400);
    const matricula = key.matricula.trim();
    const personId = await staff.staffPersonId(ooadCode, matricula);
    if (!personId) {
      await this.deps.identity.recordMiss({ actor, purpose: missPurpose }, `matricula:${ooadCode}:${matricula}`);
      throw new AppError('MATRICULA_UNKNOWN', `No hay personal registrado con la matrícula ${matricula} en la OOAD ${ooadCode}.`, 404, { ooadCode });
    }
    return { personId, ooadCode };
  }

  /** `personKey` is what the simulated reader seeds a print from when no identity is given: the CURP, as at enrollment. */
  private async verifyPerson(personId: string, personKey: string, input: ProbeInput, actor: Actor, via: 'curp' | 'matricula'): Promise<VerificationResult> {
    const { db, audit, enrollment } = this.deps;
    // A withdrawn consent blocks every biometric use at once (LGPDPPSO art. 21, revocation); someone
    // with no biometric record at all is told that instead (BIOMETRIC_NOT_ENROLLED below).
    if (!(await this.deps.consent.mayUse(db, personId)) && (await enrollment.hasBiometricRecord(personId))) {
      await this.deps.consent.requireConsent(db, personId, 'datos_biometricos');
    }
    const presence = Boolean(input.face) && (assertsPresence(input.purpose) || input.unattended === true);
    // The challenge is consumed (committed) before anything else: a replay is refused even when
    // this attempt fails later on.
    const challenge = presence ? await this.consumeChallenge(personId, input, actor) : null;
    const frames = challenge ? await this.observeFrames(input.liveness!.frames) : [];
    const probe = await this.capture(input, personKey);
    const thresholds = this.thresholdsFor(input.purpose);
    // Read outside any transaction, compare in a worker, then record the read and the result in
    // one transaction: the embedded database runs one transaction at a time, and a comparison
    // held inside one would serialize every verification behind the matcher. The read's audit
    // entry commits with the result (or alone, below, when the comparison fails): only a crash
    // while comparing could lose it, and then no answer disclosed anything read.
    const stored = await enrollment.storedTemplatesUnrecorded(db, personId, { actor, purpose: `verificación 1:1 (${input.purpose})` });
    if (!stored.templates) {
      throw new AppError('BIOMETRIC_NOT_ENROLLED', `La persona no tiene un registro biométrico vigente: ${STATUS_WORDS[stored.status]}.`, 409, { status: stored.status });
    }
    const accessEntry = stored.accessEntry;
    const templates = stored.templates;
    let result: Awaited<ReturnType<typeof compare>>;
    let liveness: LivenessEvidence | undefined;
    try {
      result = await compare(probe, templates, thresholds, this.deps.fingers);
      liveness = challenge ? this.evaluateLiveness(challenge, frames, probe, templates, thresholds.face) : undefined;
    } catch (error) {
      if (accessEntry) await db.transaction().execute((trx) => audit.record(trx, accessEntry));
      throw error;
    }
    const outcome: VerificationResult = {
      personId,
      purpose: input.purpose,
      decision: result.fused.match ? 'coincide' : 'no_coincide',
      score: result.fused.score,
      threshold: 1,
      finger: result.fused.finger ? { score: result.fused.finger.score, threshold: thresholds.finger, fingers: result.fingers } : null,
      face: result.fused.face ? { score: result.fused.face.score, threshold: thresholds.face } : null,
      ...(liveness ? { liveness } : {}),
      verificationId: null,
    };
    const grant = outcome.decision === 'coincide' && input.stationId ? { personId, stationId: input.stationId, purpose: input.purpose, method: probeMethod(probe), score: outcome.score } : null;
    // The read and the result in one INSERT.
    const entries = (verificationId: string | null) => [...(accessEntry ? [accessEntry] : []), {
      actor,
      action: 'biometrics.verification',
      subject: `person:${personId}`,
      purpose: input.purpose,
      details: { via, decision: outcome.decision, score: outcome.score, verificationId, stationId: input.stationId ?? null, finger: outcome.finger && { score: outcome.finger.score, threshold: outcome.finger.threshold }, face: outcome.face, liveness: liveness ?? null },
    }];
    if (grant || liveness) {
      await db.transaction().execute(async (trx) => {
        if (liveness) await saveChallengeResult(trx, challenge!.id, { ...liveness });
        if (grant) outcome.verificationId = await this.issueGrant(trx, grant, actor);
        await audit.recordAll(trx, entries(outcome.verificationId));
      });
    } else {
      // Nothing but the audit entries to write (a counter verification, or no match): one statement.
      await audit.recordAlone(db, entries(null));
    }
    if (outcome.liveness && !outcome.liveness.passed) {
      // Refused, with the evidence: the attempt and its result stay recorded (challenge row, audit).
      const passiveFailed = outcome.liveness.passive.passed !== true;
      throw new AppError(
        passiveFailed && outcome.liveness.challenge.decision === 'pass' ? 'LIVENESS_PAD_FAILED' : 'LIVENESS_CHALLENGE_FAILED',
        passiveFailed && outcome.liveness.challenge.decision === 'pass'
          ? 'No se pudo confirmar que la foto sea de una persona presente. Intente con mejor luz, sin lentes oscuros ni pantallas.'
          : 'No se completó la prueba de vida: siga las indicaciones (girar, parpadear, sonreír) frente a la cámara.',
        422,
        { liveness: outcome.liveness, decision: outcome.decision },
      );
    }
    return outcome;
  }

  /**
   * Single use, expiry, same person and purpose. Any use burns the challenge, whatever follows.
   */
  private async consumeChallenge(personId: string, input: ProbeInput, actor: Actor): Promise<ChallengeRow> {
    const { db, clock, challengeSecret } = this.deps;
    const liveness = input.liveness;
    if (!liveness) {
      throw new AppError('LIVENESS_CHALLENGE_REQUIRED', `La verificación con rostro para "${input.purpose}" requiere una prueba de vida (reto activo) emitida para esta persona.`, 422, { purpose: input.purpose });
    }
    const now = clock();
    const row = await consumeChallenge(db, liveness.challengeId, actor, now);
    if (!row) {
      const existing = await findChallenge(db, liveness.challengeId);
      if (existing) throw new AppError('LIVENESS_CHALLENGE_USED', 'Este reto de vida ya se usó. Inicie uno nuevo.', 409);
      throw new AppError('LIVENESS_CHALLENGE_NOT_FOUND', 'El reto de vida no existe. Inicie uno nuevo.', 404);
    }
    if (row.person_id !== personId) throw new AppError('LIVENESS_CHALLENGE_OTHER_PERSON', 'El reto de vida se emitió para otra persona.', 409);
    if (row.purpose !== input.purpose) throw new AppError('LIVENESS_CHALLENGE_OTHER_PURPOSE', 'El reto de vida se emitió para otra finalidad.', 409);
    try {
      checkChallenge({ nonce: row.nonce, steps: row.steps as ChallengeStep[], issuedAt: row.issued_at.getTime(), expiresAt: row.expires_at.getTime(), signature: row.signature }, challengeSecret, now.getTime());
    } catch (error) {
      if (error instanceof BiometricError && error.code === 'FACE_CHALLENGE_EXPIRED') throw new AppError('LIVENESS_CHALLENGE_EXPIRED', error.message, 409);
      if (error instanceof BiometricError) throw new AppError('LIVENESS_CHALLENGE_INVALID', error.message, 409);
      throw error;
    }
    return row;
  }

  private async observeFrames(frames: string[]): Promise<FrameObservation[]> {
    const out: FrameObservation[] = [];
    for (const frame of frames) out.push(await this.deps.faces.observe(Buffer.from(frame, 'base64')));
    return out;
  }

  private evaluateLiveness(challenge: ChallengeRow, frames: FrameObservation[], probe: Probe, stored: StoredTemplates, threshold: number): LivenessEvidence {
    const steps = challenge.steps as ChallengeStep[];
    if (!stored.face) throw new AppError('FACE_NOT_ENROLLED', 'La persona no tiene rostro registrado; verifique con huella.', 422);
    const active = evaluateChallenge({ steps }, frames, stored.face, { threshold });
    const passive = probe.passive ?? { passed: null };
    return {
      challengeId: challenge.id,
      steps,
      challenge: { decision: active.decision, reasons: active.reasons },
      passive,
      passed: active.decision === 'pass' && passive.passed === true,
    };
  }

  /**
   * 1:N identification without a claimed identity (the kiosk's finger-only check-in). The
   * fingerprint threshold is derived from the target FPIR (config identification.targetFpir) and
   * the gallery's size, never below the purpose's 1:1 threshold; the decision is made only when
   * exactly one registered person reaches it. Fingers of known position are compared only with
   * enrolled fingers of that position (ten times fewer chances for an impostor).
   */
  async identify(input: ProbeInput, actor: Actor): Promise<IdentificationResult> {
    const { db, audit, enrollment, config } = this.deps;
    if (input.face && (assertsPresence(input.purpose) || input.unattended === true)) {
      // A challenge is bound to one person; 1:N has no person yet to bind it to.
      throw new AppError('LIVENESS_CHALLENGE_REQUIRED', `La identificación con rostro para "${input.purpose}" no acepta una foto sola: verifique 1:1 con prueba de vida, o use la huella.`, 422, { purpose: input.purpose });
    }
    const probe = await this.capture(input, null);
    const thresholds = this.thresholdsFor(input.purpose);
    const fingerFilter = probe.fingers.length > 0 && probe.fingers.every((f) => f.position !== 0);
    const found = await enrollment.deduplicate(
      { personId: '', ...probe },
      { ...thresholds, maxCandidates: 5, targetFpir: config.identification.targetFpir, purpose: 'identificacion', fingerFilter },
    );
    // Only people with a current, accepted record can be identified; pending and rejected records
    // are there for deduplication, not for service.
    const consenting = await this.consentingOnly(found.candidates.filter((c) => c.score >= 1 && c.status === 'registrado'));
    const candidates = consenting
      .map(({ personId, curp, score, fingerScore, faceScore }) => ({ personId, curp, score, fingerScore, faceScore }));
    const decision = candidates.length === 0 ? 'no_identificado' : candidates.length === 1 ? 'identificado' : 'no_concluyente';
    const result: IdentificationResult = { purpose: input.purpose, decision, candidates, operatingPoint: found.operatingPoint, verificationId: null };
    await db.transaction().execute(async (trx) => {
      // A grant only for an unambiguous identification (one candidate) at a known station.
      const best = decision === 'identificado' ? candidates[0] : undefined;
      if (best && input.stationId) {
        result.verificationId = await this.issueGrant(trx, { personId: best.personId, stationId: input.stationId, purpose: input.purpose, method: probeMethod(probe), score: best.score }, actor);
      }
      await audit.record(trx, {
        actor,
        action: 'biometrics.identification',
        subject: best ? `person:${best.personId}` : 'biometric_gallery',
        purpose: input.purpose,
        details: { decision: result.decision, verificationId: result.verificationId, stationId: input.stationId ?? null, candidates: candidates.map((c) => ({ personId: c.personId, score: c.score })), operatingPoint: result.operatingPoint },
      });
    });
    return result;
  }

  /** People who withdrew their biometric consent are never identified (as if not in the gallery). */
  private async consentingOnly<T extends { personId: string }>(candidates: T[]): Promise<T[]> {
    const kept: T[] = [];
    for (const c of candidates) if (await this.deps.consent.mayUse(this.deps.db, c.personId)) kept.push(c);
    return kept;
  }

  private async capture(input: ProbeInput, personKey: string | null): Promise<Probe> {
    const fingers = input.fingers ?? [];
    if (fingers.length === 0 && !input.face) {
      throw new AppError('PROBE_MISSING', 'Envíe al menos una huella o una foto del rostro para comparar.', 400);
    }
    const probe: Probe = { fingers: [], face: null, passive: null };
    for (const finger of fingers) {
      const position = finger.position === 0 ? 0 : parseFingerPosition(finger.position);
      const { sample } = await this.deps.readers.capture(input.fingerReaderId ?? null, finger, {
        modality: 'huella',
        position,
        personKey: personKey ?? 'desconocido',
      });
      probe.fingers.push({ position, template: await this.deps.fingers.probe(sample) });
    }
    if (input.face) {
      const { sample } = await this.deps.readers.capture(input.faceReaderId ?? null, input.face, { modality: 'rostro', position: 0, personKey: personKey ?? 'desconocido' });
      const processed = await this.deps.faces.process(sample, { requireQuality: false });
      probe.face = processed.template;
      probe.passive = { ...processed.passive };
    }
    return probe;
  }
}

/** A grant names the modality that matched: the finger when one was compared, else the face. */
function probeMethod(probe: Probe): 'huella' | 'rostro' {
  return probe.fingers.length > 0 ? 'huella' : 'rostro';
}

/**
 * 1:1 comparison: each probe finger against the enrolled finger of the same position (or, for
 * position 0, the best of all enrolled fingers); the face by cosine; fused as fusion.ts says.
 */
async function compare(
  probe: Probe,
  stored: StoredTemplates,
  thresholds: Thresholds,
  matcher: Pick<FingerprintProcessor, 'compare'>,
): Promise<{ fused: FusedDecision; fingers: Array<{ position: number; matchedPosition: number | null; score: number }> }> {
  const fingers = await Promise.all(probe.fingers.map(async (p) => {
    const targets = p.position === 0 ? stored.fingers : stored.fingers.filter((e) => e.position === p.position);
    if (targets.length === 0) {
      throw new AppError('FINGER_NOT_ENROLLED', 'Ese dedo no está registrado para esta persona; use otro dedo.', 422, { position: p.position });
    }
    const scores = await matcher.compare(p.template, targets.map((t) => t.template));
    let best = { matchedPosition: null as number | null, score: 0 };
    scores.forEach((score, i) => {
      if (score > best.score || best.matchedPosition === null) best = { matchedPosition: targets[i]!.position, score };
    });
    return { position: p.position, matchedPosition: best.matchedPosition, score: Math.round(best.score * 100) / 100, compared: targets.length };
  }));
  if (probe.face && !stored.face) {
    throw new AppError('FACE_NOT_ENROLLED', 'La persona no tiene rostro registrado; verifique con huella.', 422);
  }
  if (probe.face && stored.face && probe.face.model !== stored.face.model) {
    throw new AppError('FACE_TEMPLATE_MISMATCH', 'El rostro registrado proviene de otro modelo facial; vuelva a enrolar el rostro.', 409);
  }
  const faceScore = probe.face && stored.face ? cosine(probe.face.embedding, stored.face.embedding) : null;
  const fused = fuse(
    fingers.length ? { score: Math.round(fingerEvidence(fingers) * 100) / 100, threshold: thresholds.finger } : null,
    faceScore === null ? null : { score: Math.round(faceScore * 10_000) / 10_000, threshold: thresholds.face },
  );
  return { fused, fingers: fingers.map(({ compared: _compared, ...f }) => f) };
}
