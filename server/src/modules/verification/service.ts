import { findOoad } from '@siap/mx-identity';
import { matchScore, prepareTemplate } from '@siap/biometrics/fingerprint';
import { decodeTemplate } from '@siap/biometrics/formats';
import { cosine } from '@siap/biometrics/face';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { BiometricConfig, Thresholds, VerificationPurpose } from '../biometric-store/biometric-config.ts';
import type { DecisionPoint, EnrollmentService, StoredTemplates } from '../enrollment/service.ts';
import { parseFingerPosition } from '../enrollment/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { CaptureRequest } from '../readers/drivers.ts';
import type { FaceProcessor, FaceTemplate } from '../readers/face.ts';
import { processFinger } from '../readers/processing.ts';
import type { ReadersService } from '../readers/service.ts';
import { fingerEvidence, fuse, type FusedDecision } from './fusion.ts';

export interface ProbeInput {
  purpose: VerificationPurpose;
  fingerReaderId?: string | null;
  faceReaderId?: string | null;
  /** Position 1–10, or 0 when the station does not know which finger was placed. */
  fingers?: Array<CaptureRequest & { position: number }>;
  face?: CaptureRequest | null;
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
}

/**
 * 1:1 verification against a person's enrolled templates and 1:N identification against the
 * gallery, with the thresholds of the stated purpose. Every result is audited with that purpose.
 */
export class VerificationService {
  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditService;
      identity: IdentityService;
      enrollment: EnrollmentService;
      readers: ReadersService;
      faces: FaceProcessor;
      config: BiometricConfig;
    },
  ) {}

  thresholdsFor(purpose: VerificationPurpose): Thresholds {
    return this.deps.config.thresholds[purpose];
  }

  async verify(curpInput: string, input: ProbeInput, actor: Actor): Promise<VerificationResult> {
    const curp = curpInput.trim().toUpperCase();
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp);
    if (!personId) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
    return this.verifyPerson(personId, curp, input, actor, 'curp');
  }

  /**
   * 1:1 by matrícula, the attendance kiosk's key. A matrícula is unique only within an OOAD: the
   * OOAD is the station's when the station has one (a kiosk belongs to one workplace), otherwise
   * the one the person chose at the kiosk. The accounts module owns matrículas, so its lookup is
   * passed in (`staff`); on a match the answer carries the person's name for the kiosk to show.
   */
  async verifyByMatricula(key: StaffKey, input: ProbeInput, actor: Actor, staff: StaffDirectory): Promise<StaffVerificationResult> {
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
      throw new AppError('MATRICULA_UNKNOWN', `No hay personal registrado con la matrícula ${matricula} en la OOAD ${ooadCode}.`, 404, { ooadCode });
    }
    const person = await this.deps.identity.getById(personId, { actor, purpose: `verificación 1:1 por matrícula (${input.purpose})` });
    const result = await this.verifyPerson(personId, person.curp, input, actor, 'matricula');
    const name = [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ');
    return { ...result, ooadCode, name: result.decision === 'coincide' ? name : null };
  }

  /** `personKey` is what the simulated reader seeds a print from when no identity is given: the CURP, as at enrollment. */
  private async verifyPerson(personId: string, personKey: string, input: ProbeInput, actor: Actor, via: 'curp' | 'matricula'): Promise<VerificationResult> {
    const { db, audit, enrollment } = this.deps;
    const probe = await this.capture(input, personKey);
    const thresholds = this.thresholdsFor(input.purpose);
    return db.transaction().execute(async (trx) => {
      const stored = await enrollment.storedTemplates(trx, personId, { actor, purpose: `verificación 1:1 (${input.purpose})` });
      if (!stored.templates) {
        throw new AppError('BIOMETRIC_NOT_ENROLLED', 'La persona no tiene un registro biométrico vigente (estado: ' + stored.status + ').', 409, { status: stored.status });
      }
      const result = compare(probe, stored.templates, thresholds);
      const outcome: VerificationResult = {
        personId,
        purpose: input.purpose,
        decision: result.fused.match ? 'coincide' : 'no_coincide',
        score: result.fused.score,
        threshold: 1,
        finger: result.fused.finger ? { score: result.fused.finger.score, threshold: thresholds.finger, fingers: result.fingers } : null,
        face: result.fused.face ? { score: result.fused.face.score, threshold: thresholds.face } : null,
      };
      await audit.record(trx, {
        actor,
        action: 'biometrics.verification',
        subject: `person:${personId}`,
        purpose: input.purpose,
        details: { via, decision: outcome.decision, score: outcome.score, finger: outcome.finger && { score: outcome.finger.score, threshold: outcome.finger.threshold }, face: outcome.face },
      });
      return outcome;
    });
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
    const probe = await this.capture(input, null);
    const thresholds = this.thresholdsFor(input.purpose);
    const fingerFilter = probe.fingers.length > 0 && probe.fingers.every((f) => f.position !== 0);
    const found = await enrollment.deduplicate(
      { personId: '', ...probe },
      { ...thresholds, maxCandidates: 5, targetFpir: config.identification.targetFpir, purpose: 'identificacion', fingerFilter },
    );
    // Only people with a current, accepted record can be identified; pending and rejected records
    // are there for deduplication, not for service.
    const candidates = found.candidates
      .filter((c) => c.score >= 1 && c.status === 'registrado')
      .map(({ personId, curp, score, fingerScore, faceScore }) => ({ personId, curp, score, fingerScore, faceScore }));
    const decision = candidates.length === 0 ? 'no_identificado' : candidates.length === 1 ? 'identificado' : 'no_concluyente';
    const result: IdentificationResult = { purpose: input.purpose, decision, candidates, operatingPoint: found.operatingPoint };
    await db.transaction().execute((trx) =>
      audit.record(trx, {
        actor,
        action: 'biometrics.identification',
        subject: candidates[0] ? `person:${candidates[0].personId}` : 'biometric_gallery',
        purpose: input.purpose,
        details: { decision: result.decision, candidates: candidates.map((c) => ({ personId: c.personId, score: c.score })), operatingPoint: result.operatingPoint },
      }),
    );
    return result;
  }

  private async capture(input: ProbeInput, personKey: string | null): Promise<Probe> {
    const fingers = input.fingers ?? [];
    if (fingers.length === 0 && !input.face) {
      throw new AppError('PROBE_MISSING', 'Envíe al menos una huella o una foto del rostro para comparar.', 400);
    }
    const probe: Probe = { fingers: [], face: null };
    for (const finger of fingers) {
      const position = finger.position === 0 ? 0 : parseFingerPosition(finger.position);
      const { sample } = await this.deps.readers.capture(input.fingerReaderId ?? null, finger, {
        modality: 'huella',
        position,
        personKey: personKey ?? 'desconocido',
      });
      probe.fingers.push({ position, template: (await processFinger(sample, { requireQuality: false })).compact });
    }
    if (input.face) {
      const { sample } = await this.deps.readers.capture(input.faceReaderId ?? null, input.face, { modality: 'rostro', position: 0, personKey: personKey ?? 'desconocido' });
      probe.face = (await this.deps.faces.process(sample, { requireQuality: false })).template;
    }
    return probe;
  }
}

/**
 * 1:1 comparison: each probe finger against the enrolled finger of the same position (or, for
 * position 0, the best of all enrolled fingers); the face by cosine; fused as fusion.ts says.
 */
function compare(probe: Probe, stored: StoredTemplates, thresholds: Thresholds): { fused: FusedDecision; fingers: Array<{ position: number; matchedPosition: number | null; score: number }> } {
  const enrolled = stored.fingers.map((f) => ({ position: f.position, prepared: prepareTemplate(decodeTemplate(f.template)) }));
  const fingers = probe.fingers.map((p) => {
    const prepared = prepareTemplate(decodeTemplate(p.template));
    const targets = p.position === 0 ? enrolled : enrolled.filter((e) => e.position === p.position);
    if (targets.length === 0) {
      throw new AppError('FINGER_NOT_ENROLLED', 'Ese dedo no está registrado para esta persona; use otro dedo.', 422, { position: p.position });
    }
    let best = { matchedPosition: null as number | null, score: 0 };
    for (const t of targets) {
      const score = matchScore(prepared, t.prepared);
      if (score > best.score || best.matchedPosition === null) best = { matchedPosition: t.position, score };
    }
    return { position: p.position, matchedPosition: best.matchedPosition, score: Math.round(best.score * 100) / 100, compared: targets.length };
  });
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
