import { createHash, randomBytes } from 'node:crypto';
import { validateCurp, validateNss } from '@siap/mx-identity';
import { Calibration, DEFAULT_MODEL } from '@siap/biometrics/face';
import { FINGERPRINT_EXTRACTOR_VERSION, FINGERPRINT_MATCH_THRESHOLD } from '@siap/biometrics/fingerprint';
import { buildEvidencePackage, readTimeStampResponse, verifyEvidencePackage, type EvidencePackage, type PackageFile } from '@siap/evidence';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { EmployerService } from '../employer/service.ts';
import type { IdentityService, Person } from '../identity/service.ts';
import type { CaptureRequest } from '../readers/drivers.ts';
import type { ReadersService } from '../readers/service.ts';
import type { VerificationResult, VerificationService } from '../verification/service.ts';
import { renderCertificate, signCertificatePdf, type CertificateDocument } from './certificate-pdf.ts';
import * as repository from './repository.ts';
import type { IncapacidadView, PublicSignatureCheck, SignatureAttempt, SignatureResult } from './schema.ts';
import { certificateTerms, CertificateRuleError, type CertificateInput, type CertificateTerms } from './rules/certificate.ts';
import { computeSubsidy, demoHistory, type ContributionHistory, type Subsidy } from './rules/subsidy.ts';
import { retryingTimeStamp, type SigningMaterial } from './signing-keys.ts';
import type { SignatureModality } from './tables.ts';

export interface IncapacityDeps {
  db: Db;
  audit: AuditService;
  identity: IdentityService;
  employer: EmployerService;
  verification: VerificationService;
  readers: ReadersService;
  clock: Clock;
  /** The institution's key, roots and TSA (signing-keys.ts), read when a signature is made. */
  signing: () => Promise<SigningMaterial>;
  tsa: { attempts: number; retryMs: number; sleep?: (ms: number) => Promise<void> };
}

/** Who acts, from the session. */
export interface Caller {
  actor: Actor;
  personId: string;
  role: string;
}

export interface IssueInput extends Omit<CertificateInput, 'diagnosisCode'> {
  /** The patient, by CURP or NSS (one of them). */
  curp?: string;
  nss?: string;
  diagnosisCode: string;
}

/** The channel a signature came through: the person's own portal (face) or a clinic station (finger). */
interface SigningContext {
  modality: SignatureModality;
  channel: 'portal' | 'estacion';
  stationId: string;
  readerId: string;
  userAgent: string | null;
  /** Origin of the public verification page (PUBLIC_BASE_URL or the request's). */
  baseUrl: string;
}

const STAFF = new Set(['medico', 'operador', 'supervisor', 'admin']);
const FOLIO = /^INC-\d{8}-[0-9A-F]{10}$/;
const SIGNATURE_FOLIO = /^FIR-\d{8}-[0-9A-F]{10}$/;
const PORTAL_STATION = 'PORTAL-ASEGURADOS';
export const EVIDENCE_FORMAT = 'siap-biometric-signature/v1';

/** The legal frame every evidence record names (what it was built to satisfy). */
const LEGAL_SOURCES = [
  'Código de Comercio arts. 89–114 (mensajes de datos, firma electrónica avanzada: art. 97)',
  'NOM-151-SCFI-2016 (conservación de mensajes de datos; sello de tiempo)',
  'RFC 5652 / ETSI EN 319 122-1 (CMS, CAdES-BES) y RFC 3161 (sello de tiempo)',
  'Ley del Seguro Social arts. 58, 96, 97, 101, 102 y 103 (incapacidades y subsidios)',
];

function mexicoDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function fullName(p: { givenNames: string; firstSurname: string; secondSurname: string | null }): string {
  return [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ');
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).map((w) => `${w[0]}.`).join(' ');
}

/**
 * Incapacidades (issue 16): the médico issues the certificado for a patient at the clinic, the
 * subsidy is computed from the employer module's contribution history, and the asegurado signs it
 * biometrically. A signature is an evidence package (packages/evidence): evidence.json with the
 * document's SHA-256 and the biometric decision, a CMS signature by the institution, an RFC 3161
 * timestamp over that signature. Everything is kept append-only; refusals are recorded with
 * their reason.
 */
export class IncapacityService {
  private portal: Promise<{ stationId: string; faceReaderId: string }> | null = null;

  constructor(private readonly deps: IncapacityDeps) {}

  // ── issuing ────────────────────────────────────────────────────────────────────────────

  /**
   * Whether the médico may issue for this patient now. Today: the person exists and is identified
   * by CURP or NSS. When the clinic check-in exists (issue 15) this is where "checked in today at
   * the médico's clinic" is required: one function to tighten.
   */
  async patientForIssue(input: { curp?: string; nss?: string }, caller: Caller): Promise<Person> {
    const access = { actor: caller.actor, purpose: 'expedición de certificado de incapacidad' };
    if (input.curp) {
      const curp = validateCurp(input.curp);
      if (!curp.ok) throw new AppError(curp.code, curp.reason, 400);
      return this.deps.identity.getByCurp(curp.value.curp, access);
    }
    if (input.nss) {
      const nss = validateNss(input.nss);
      if (!nss.ok) throw new AppError(nss.code, nss.reason, 400);
      const personId = await this.deps.identity.resolvePersonIdByNss(this.deps.db, nss.value.nss);
      if (!personId) {
        await this.deps.identity.recordMiss(access, `nss:${nss.value.nss}`);
        throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con ese NSS.', 404);
      }
      return this.deps.identity.getById(personId, access);
    }
    throw new AppError('PATIENT_REQUIRED', 'Indique la CURP o el NSS del paciente.', 400);
  }

  /** The history the subsidy is computed from: the employer module's, or the demo history. */
  private async history(personId: string, startDate: string): Promise<{ history: ContributionHistory; employer: { id: string; name: string; registro: string } | null }> {
    const found = await this.deps.employer.contributionHistory(personId, startDate);
    if (!found.hasMovements) return { history: demoHistory(startDate), employer: null };
    return { history: { periods: found.periods, salaries: found.salaries, source: 'patron' }, employer: found.employer };
  }

  async issue(caller: Caller, input: IssueInput): Promise<IncapacidadView> {
    if (caller.role !== 'medico') throw new AppError('FORBIDDEN', 'Solo un médico expide certificados de incapacidad.', 403);
    let terms: CertificateTerms;
    try {
      terms = certificateTerms(input);
    } catch (error) {
      if (error instanceof CertificateRuleError) throw new AppError(error.code, error.message, 400);
      throw error;
    }
    const patient = await this.patientForIssue(input, caller);
    if (terms.ramo === 'maternidad' && patient.sex !== 'M') {
      throw new AppError('MATERNITY_SEX', 'La incapacidad por maternidad se expide a la asegurada (sexo registrado: mujer).', 422);
    }
    const physician = await this.deps.identity.getById(caller.personId, { actor: caller.actor, purpose: 'firma del médico en el certificado' });
    const { history, employer } = await this.history(patient.id, terms.startDate);
    const subsidy = computeSubsidy(terms, history);
    const now = this.deps.clock();
    const folio = `INC-${mexicoDay(now).replaceAll('-', '')}-${randomBytes(5).toString('hex').toUpperCase()}`;
    const document: CertificateDocument = {
      folio,
      issuedAt: now,
      patient: { name: fullName(patient), curp: patient.curp, nss: patient.nss },
      physician: fullName(physician),
      terms,
      subsidy,
      employer: employer ? { name: employer.name, registro: employer.registro } : null,
    };
    const pdf = await renderCertificate(document);
    const sha = createHash('sha256').update(pdf).digest('hex');
    await this.deps.db.transaction().execute(async (trx) => {
      await repository.insertIncapacidad(trx, {
        folio,
        person_id: patient.id,
        ramo: terms.ramo,
        tipo: terms.tipo,
        start_date: terms.startDate,
        days: terms.days,
        end_date: terms.endDate,
        diagnosis_code: terms.diagnosisCode,
        details: JSON.stringify({ maternity: terms.maternity, physician: document.physician, patient: document.patient, employer: document.employer }),
        subsidy: JSON.stringify(subsidy),
        employer_id: employer?.id ?? null,
        registro: employer?.registro ?? null,
        document_pdf: pdf,
        document_sha256: sha,
        issued_by: caller.actor,
        issued_at: now,
      });
      await this.deps.audit.record(trx, { actor: caller.actor, action: 'incapacity.issued', subject: `person:${patient.id}`, purpose: 'expedición de certificado de incapacidad', details: { folio, ramo: terms.ramo, days: terms.days, documentSha256: sha, historySource: history.source } });
    });
    return (await this.view(folio))!;
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────

  private async load(folio: string) {
    const row = FOLIO.test(folio) ? await repository.findIncapacidad(this.deps.db, folio) : undefined;
    if (!row) throw new AppError('INCAPACIDAD_NOT_FOUND', 'No existe ese certificado de incapacidad.', 404);
    return row;
  }

  /** The asegurado sees their own; staff any; a patrón those filed under its employer. */
  private async assertMayRead(row: { person_id: string; employer_id: string | null }, caller: Caller): Promise<void> {
    if (STAFF.has(caller.role)) return;
    if (caller.personId === row.person_id) return;
    if (caller.role === 'patron' && row.employer_id) {
      const employer = await this.deps.employer.employerOf(caller.personId).catch(() => null);
      if (employer?.id === row.employer_id) return;
    }
    throw new AppError('FORBIDDEN', 'No tiene acceso a este certificado.', 403);
  }

  private toView(r: repository.IncapacidadListRow): IncapacidadView {
    const details = r.details as { maternity: CertificateTerms['maternity']; employer: { name: string; registro: string } | null };
    return {
      folio: r.folio,
      ramo: r.ramo,
      tipo: r.tipo,
      startDate: r.start_date,
      days: r.days,
      endDate: r.end_date,
      diagnosisCode: r.diagnosis_code,
      maternity: details.maternity,
      subsidy: r.subsidy as Subsidy,
      patient: { curp: r.curp, nss: r.nss, name: [r.given_names, r.first_surname, r.second_surname].filter(Boolean).join(' ') },
      employer: details.employer,
      documentSha256: r.document_sha256,
      issuedAt: r.issued_at.toISOString(),
      signature: r.signature_folio ? { folio: r.signature_folio, modality: r.signature_modality!, timestampedAt: r.timestamped_at!.toISOString() } : null,
    };
  }

  private async auditList(caller: Caller, subject: string, purpose: string, count: number): Promise<void> {
    await this.deps.db.transaction().execute((trx) => this.deps.audit.record(trx, { actor: caller.actor, action: 'incapacity.list.read', subject, purpose, details: { count } }));
  }

  private async view(folio: string): Promise<IncapacidadView | null> {
    const row = await this.load(folio);
    const rows = await repository.listOfPerson(this.deps.db, row.person_id);
    const found = rows.find((r) => r.folio === folio);
    return found ? this.toView(found) : null;
  }

  async get(folio: string, caller: Caller): Promise<IncapacidadView> {
    const row = await this.load(folio);
    await this.assertMayRead(row, caller);
    await this.auditList(caller, `person:${row.person_id}`, 'consulta de certificado de incapacidad', 1);
    return (await this.view(folio))!;
  }

  /** The asegurado's own certificados. */
  async listMine(caller: Caller): Promise<IncapacidadView[]> {
    const rows = await repository.listOfPerson(this.deps.db, caller.personId);
    await this.auditList(caller, `person:${caller.personId}`, 'consulta de sus incapacidades', rows.length);
    return rows.map((r) => this.toView(r));
  }

  /**
   * For the access download (privacy module, LGPDPPSO art. 44): the person's certificados and
   * their signatures (folio, modality, timestamp, document hash), in the caller's transaction and
   * audited there. Never biometric data: the evidence package is downloadable on its own.
   */
  async exportOf(trx: Transaction<Database>, personId: string, access: { actor: Actor; purpose: string }) {
    const rows = await repository.listOfPerson(trx, personId);
    await this.deps.audit.record(trx, { actor: access.actor, action: 'incapacity.export', subject: `person:${personId}`, purpose: access.purpose, details: { certificados: rows.length } });
    return rows.map((row) => {
      const view = this.toView(row);
      return { folio: view.folio, ramo: view.ramo, tipo: view.tipo, startDate: view.startDate, days: view.days, issuedAt: view.issuedAt, documentSha256: view.documentSha256, signature: view.signature };
    });
  }

  /** The certificados a médico issued. */
  async listIssued(caller: Caller): Promise<IncapacidadView[]> {
    const rows = await repository.listIssuedBy(this.deps.db, caller.actor);
    await this.auditList(caller, 'incapacidades', 'certificados expedidos por el médico', rows.length);
    return rows.map((r) => this.toView(r));
  }

  /**
   * For the employer (patrón portal): the certificados of its workers, filed under its employer at
   * issue, with the subsidy and whether the worker signed. What a patrón needs to stop paying
   * salary for those days and to know the subsidy the Institute pays.
   */
  async listForEmployer(caller: Caller): Promise<IncapacidadView[]> {
    const employer = await this.deps.employer.employerOf(caller.personId);
    const rows = await repository.listOfEmployer(this.deps.db, employer.id);
    await this.auditList(caller, `employer:${employer.id}`, 'incapacidades de sus trabajadores', rows.length);
    return rows.map((r) => this.toView(r));
  }

  /** The canonical PDF, exactly the bytes whose SHA-256 a signature covers. */
  async document(folio: string, caller: Caller): Promise<Buffer> {
    const row = await this.load(folio);
    await this.assertMayRead(row, caller);
    await this.auditList(caller, `person:${row.person_id}`, 'lectura del certificado de incapacidad', 1);
    return Buffer.from(row.document_pdf);
  }

  // ── signing ────────────────────────────────────────────────────────────────────────────

  private async signable(folio: string) {
    const row = await this.load(folio);
    if (await repository.findSignatureOf(this.deps.db, row.id)) throw new AppError('ALREADY_SIGNED', 'Este certificado ya está firmado.', 409);
    return row;
  }

  /** A liveness challenge bound to the asegurado and to purpose `firma` (verification module). */
  async faceChallenge(folio: string, caller: Caller) {
    const row = await this.signable(folio);
    if (row.person_id !== caller.personId) throw new AppError('FORBIDDEN', 'Solo la persona asegurada firma su certificado.', 403);
    return this.deps.verification.issueChallengeFor(row.person_id, 'firma', caller.actor);
  }

  /**
   * The asegurado signs from their portal (phone or clinic kiosk): 1:1 face + the active challenge
   * + the passive PAD, through the verification module exactly as a proof of life (purpose
   * `firma`: nonce, expiry, single use, same person). `documentSha256` is the hash of the document
   * the person reviewed: a document changed since is refused.
   */
  async signWithFace(folio: string, caller: Caller, input: { challengeId: string; frames: string[]; face: string; documentSha256: string; userAgent?: string | null; baseUrl: string }): Promise<SignatureResult> {
    const row = await this.signable(folio);
    if (row.person_id !== caller.personId) throw new AppError('FORBIDDEN', 'Solo la persona asegurada firma su certificado.', 403);
    const portal = await this.portalStation();
    const context: SigningContext = { modality: 'rostro', channel: 'portal', stationId: portal.stationId, readerId: portal.faceReaderId, userAgent: input.userAgent ?? null, baseUrl: input.baseUrl };
    return this.sign(row, caller, input.documentSha256, context, (curp) =>
      this.deps.verification.verify(curp, { purpose: 'firma', faceReaderId: portal.faceReaderId, face: { frame: input.face } as CaptureRequest, liveness: { challengeId: input.challengeId, frames: input.frames } }, caller.actor),
    );
  }

  /** At a clinic station: staff capture a finger of the asegurado (attended), 1:1 against their enrollment. */
  async signWithFinger(folio: string, caller: Caller, input: { stationId: string; fingerReaderId: string; fingers: Array<CaptureRequest & { position: number }>; documentSha256: string; userAgent?: string | null; baseUrl: string }): Promise<SignatureResult> {
    if (!STAFF.has(caller.role)) throw new AppError('FORBIDDEN', 'La firma con huella se hace en una estación de la clínica.', 403);
    const row = await this.signable(folio);
    if (!(await this.deps.readers.stationExists(input.stationId))) throw new AppError('STATION_NOT_FOUND', 'La estación de captura no existe.', 404);
    const context: SigningContext = { modality: 'huella', channel: 'estacion', stationId: input.stationId, readerId: input.fingerReaderId, userAgent: input.userAgent ?? null, baseUrl: input.baseUrl };
    return this.sign(row, caller, input.documentSha256, context, (curp) =>
      this.deps.verification.verify(curp, { purpose: 'firma', fingerReaderId: input.fingerReaderId, fingers: input.fingers, stationId: input.stationId }, caller.actor),
    );
  }

  private async sign(
    row: NonNullable<Awaited<ReturnType<typeof repository.findIncapacidad>>>,
    caller: Caller,
    reviewedSha256: string,
    context: SigningContext,
    verify: (curp: string) => Promise<VerificationResult>,
  ): Promise<SignatureResult> {
    const refuse = async (error: AppError): Promise<never> => {
      await this.recordAttempt(row, caller, context.modality, error.code, { message: error.message, details: error.details ?? null });
      throw error;
    };
    // The document the person reviewed must be the one on file, byte for byte.
    if (reviewedSha256.trim().toLowerCase() !== row.document_sha256) {
      await refuse(new AppError('DOCUMENT_CHANGED', 'El documento que revisó no es el que está registrado: vuelva a abrirlo y revíselo antes de firmar.', 409, { expected: row.document_sha256 }));
    }
    // Keys first: an expired certificate must not burn the person's challenge.
    const material = await this.deps.signing();
    const now = this.deps.clock();
    if (now < material.notBefore || now > material.notAfter) {
      await refuse(new AppError('SIGNING_CERTIFICATE_EXPIRED', `El certificado de firma del Instituto no está vigente (${material.notBefore.toISOString()} a ${material.notAfter.toISOString()}); no se puede firmar.`, 503));
    }
    const person = await this.deps.identity.getById(row.person_id, { actor: caller.actor, purpose: 'firma biométrica de incapacidad' });
    let result: VerificationResult;
    try {
      result = await verify(person.curp);
    } catch (error) {
      if (error instanceof AppError && error.httpStatus < 500) await refuse(error);
      throw error;
    }
    if (result.decision !== 'coincide') {
      await refuse(new AppError('BIOMETRIC_NOT_MATCHED', context.modality === 'rostro' ? 'El rostro no coincide con el registro de la persona asegurada: no se firmó.' : 'La huella no coincide con el registro de la persona asegurada: no se firmó.', 422, { score: result.score, face: result.face, finger: result.finger && { score: result.finger.score, threshold: result.finger.threshold } }));
    }

    const signatureFolio = `FIR-${mexicoDay(now).replaceAll('-', '')}-${randomBytes(5).toString('hex').toUpperCase()}`;
    const evidence = this.evidenceRecord(row, person, result, context, caller, signatureFolio, now, material);
    let files: EvidencePackage;
    try {
      files = await buildEvidencePackage({
        document: new Uint8Array(row.document_pdf),
        evidence,
        signer: material.signer,
        timeStamp: retryingTimeStamp(material.timeStamp, this.deps.tsa.attempts, this.deps.tsa.retryMs, this.deps.tsa.sleep),
        institutionCaPem: material.institutionCaPem,
        tsaCaPem: material.tsaCaPem,
        signingTime: now,
      });
    } catch (error) {
      if (error instanceof AppError) return refuse(error);
      return refuse(new AppError('SIGNATURE_FAILED', `No se pudo completar la firma: ${error instanceof Error ? error.message : String(error)}`, 503));
    }
    // The package must pass the independent verifier before it is kept or shown as complete.
    const check = await verifyEvidencePackage(files);
    if (!check.valid) {
      return refuse(new AppError('SIGNATURE_PACKAGE_INVALID', `El paquete de evidencia no pasó la verificación (${check.firstFailure?.id}: ${check.firstFailure?.detail ?? ''}); la firma no se completó.`, 503, { check: check.firstFailure }));
    }
    const timestampedAt = readTimeStampResponse(files.timestamp).info.genTime;
    const signedPdf = await signCertificatePdf(
      await renderCertificate(this.documentOf(row), {
        signatureFolio,
        signer: `${initials(fullName(person))} (CURP ${person.curp})`,
        modality: context.modality,
        decision: `coincide, puntuación ${result.score.toFixed(2)} ≥ 1`,
        timestampedAt: `${timestampedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`,
        tsa: material.tsaName,
        documentSha256: row.document_sha256,
        verifyUrl: `${context.baseUrl}/firmas/${signatureFolio}`,
      }),
      material.signer,
    );
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        await repository.insertSignature(trx, {
          folio: signatureFolio,
          incapacidad_id: row.id,
          person_id: row.person_id,
          modality: context.modality,
          evidence_json: files.evidence,
          evidence_p7s: files.signature,
          evidence_tsr: files.timestamp,
          institution_ca_pem: material.institutionCaPem,
          tsa_ca_pem: material.tsaCaPem,
          signed_pdf: signedPdf,
          timestamped_at: timestampedAt,
          signed_by: caller.actor,
          created_at: now,
        });
        await this.deps.audit.record(trx, { actor: caller.actor, action: 'incapacity.signed', subject: `person:${row.person_id}`, purpose: 'firma biométrica de incapacidad', details: { folio: row.folio, signatureFolio, modality: context.modality, documentSha256: row.document_sha256, timestampedAt: timestampedAt.toISOString() } });
      });
    } catch (error) {
      if (await repository.findSignatureOf(this.deps.db, row.id)) throw new AppError('ALREADY_SIGNED', 'Este certificado ya está firmado.', 409);
      throw error;
    }
    return { folio: row.folio, signatureFolio, documentSha256: row.document_sha256, timestampedAt: timestampedAt.toISOString(), verifyPath: `/firmas/${signatureFolio}` };
  }

  private documentOf(row: NonNullable<Awaited<ReturnType<typeof repository.findIncapacidad>>>): CertificateDocument {
    const details = row.details as { maternity: CertificateTerms['maternity']; physician: string; patient: CertificateDocument['patient']; employer: CertificateDocument['employer'] };
    return {
      folio: row.folio,
      issuedAt: row.issued_at,
      patient: details.patient,
      physician: details.physician,
      terms: { ramo: row.ramo, tipo: row.tipo, startDate: row.start_date, days: row.days, endDate: row.end_date, diagnosisCode: row.diagnosis_code, maternity: details.maternity },
      subsidy: row.subsidy as Subsidy,
      employer: details.employer,
    };
  }

  /**
   * The facts the institution signs (evidence.json; `documentSha256` is added by the package
   * builder). Scores come with their thresholds and the error rate each threshold was set for,
   * and the engine versions; no template or image is included (sensitive data, LFPDPPP).
   */
  private evidenceRecord(
    row: NonNullable<Awaited<ReturnType<typeof repository.findIncapacidad>>>,
    person: Person,
    result: VerificationResult,
    context: SigningContext,
    caller: Caller,
    signatureFolio: string,
    now: Date,
    material: SigningMaterial,
  ): Record<string, unknown> {
    const faceModel = DEFAULT_MODEL;
    const biometric =
      context.modality === 'rostro'
        ? {
            modality: 'rostro',
            comparison: '1:1 contra el rostro enrolado',
            decision: result.decision,
            score: result.face?.score ?? null,
            threshold: result.face?.threshold ?? null,
            fmr: result.face && Math.abs(result.face.threshold - Calibration[faceModel]!.threshold) < 1e-9 ? { value: Calibration[faceModel]!.targetFar, measuredOn: Calibration[faceModel]!.measuredOn } : { value: null, note: 'umbral configurado distinto del calibrado' },
            templateVersion: faceModel,
          }
        : {
            modality: 'huella',
            comparison: '1:1 contra las huellas enroladas',
            decision: result.decision,
            score: result.finger?.score ?? null,
            threshold: result.finger?.threshold ?? null,
            fingers: result.finger?.fingers ?? [],
            fmr: result.finger?.threshold === FINGERPRINT_MATCH_THRESHOLD ? { value: 0.0001, measuredOn: 'calibración del comparador: 104,640 pares impostores de nueve conjuntos (FMR 0.01 %)' } : { value: null, note: 'umbral configurado distinto del calibrado' },
            templateVersion: `siap-fingerprint-extractor ${FINGERPRINT_EXTRACTOR_VERSION}`,
          };
    return {
      format: EVIDENCE_FORMAT,
      signatureFolio,
      document: { type: 'Certificado de incapacidad temporal para el trabajo', folio: row.folio, file: 'document.pdf', bytes: row.document_pdf.length, issuedAt: row.issued_at.toISOString(), issuedBy: row.issued_by },
      signer: { curp: person.curp, nss: person.nss, name: fullName(person) },
      intent: 'La persona asegurada revisó el documento y lo firmó con su biometría.',
      biometric: { ...biometric, purpose: 'firma', fusedScore: result.score, fusedThreshold: result.threshold },
      liveness:
        context.modality === 'rostro'
          ? { mode: 'reto activo + PAD pasivo', ...(result.liveness ?? {}) }
          : { mode: 'captura atendida', note: 'huella capturada por personal del Instituto en una estación de la clínica; la persona estaba presente ante él' },
      device: { channel: context.channel, stationId: context.stationId, readerId: context.readerId, userAgent: context.userAgent, recordedBy: caller.actor },
      time: { server: now.toISOString(), trusted: 'el sello de tiempo RFC 3161 (evidence.tsr) sobre evidence.p7s' },
      institution: { signingCertificateSerial: Buffer.from(material.signer.certificate.serialNumber.valueBlock.valueHexView).toString('hex'), tsa: material.tsaName },
      legalSources: LEGAL_SOURCES,
    };
  }

  private async recordAttempt(row: { id: string; person_id: string; folio: string }, caller: Caller, modality: SignatureModality, reason: string, details: Record<string, unknown>): Promise<void> {
    const now = this.deps.clock();
    await this.deps.db.transaction().execute(async (trx) => {
      await repository.insertAttempt(trx, { incapacidad_id: row.id, person_id: row.person_id, modality, reason, details: JSON.stringify(details), recorded_by: caller.actor, created_at: now });
      await this.deps.audit.record(trx, { actor: caller.actor, action: 'incapacity.signature.refused', subject: `person:${row.person_id}`, purpose: 'firma biométrica de incapacidad', details: { folio: row.folio, modality, reason } });
    });
  }

  /** Refused attempts of a certificado (staff and the person themself). */
  async attempts(folio: string, caller: Caller): Promise<SignatureAttempt[]> {
    const row = await this.load(folio);
    await this.assertMayRead(row, caller);
    const rows = await repository.listAttempts(this.deps.db, row.id);
    await this.auditList(caller, `person:${row.person_id}`, 'intentos de firma de incapacidad', rows.length);
    return rows.map((r) => ({ modality: r.modality, reason: r.reason, at: r.created_at.toISOString() }));
  }

  // ── signed copies, evidence, public check ──────────────────────────────────────────────

  private async signatureFor(folio: string, caller: Caller) {
    const row = await this.load(folio);
    await this.assertMayRead(row, caller);
    const signature = await repository.findSignatureOf(this.deps.db, row.id);
    if (!signature) throw new AppError('NOT_SIGNED', 'El certificado aún no está firmado.', 404);
    await this.auditList(caller, `person:${row.person_id}`, 'descarga de la firma de incapacidad', 1);
    return { row, signature };
  }

  async signedPdf(folio: string, caller: Caller): Promise<Buffer> {
    return Buffer.from((await this.signatureFor(folio, caller)).signature.signed_pdf);
  }

  /** The six files of the evidence package (packages/evidence PACKAGE_FILES). */
  async evidencePackage(folio: string, caller: Caller): Promise<EvidencePackage> {
    const { row, signature } = await this.signatureFor(folio, caller);
    return packageOf(row.document_pdf, signature);
  }

  /**
   * What the QR opens: the stored package checked again by the independent verifier (hash, CMS,
   * chain, timestamp), with initials only. Anyone may call it.
   */
  async publicCheck(signatureFolio: string): Promise<PublicSignatureCheck | null> {
    const signature = SIGNATURE_FOLIO.test(signatureFolio) ? await repository.findSignatureByFolio(this.deps.db, signatureFolio) : undefined;
    if (!signature) return null;
    const row = await repository.findIncapacidadById(this.deps.db, signature.incapacidad_id);
    const report = await verifyEvidencePackage(packageOf(row.document_pdf, signature));
    const patient = (row.details as { patient: { name: string } }).patient;
    return {
      signatureFolio,
      folio: row.folio,
      valid: report.valid,
      firstFailure: report.firstFailure,
      checks: report.checks.map((c) => ({ id: c.id, ok: c.ok, detail: c.detail })),
      documentSha256: report.documentSha256,
      timestampedAt: report.timestampedAt?.toISOString() ?? null,
      modality: signature.modality,
      ramo: row.ramo,
      startDate: row.start_date,
      days: row.days,
      initials: initials(patient.name),
    };
  }

  /** The virtual station of the asegurados' portal: their phone or kiosk camera captures through it. */
  private portalStation(): Promise<{ stationId: string; faceReaderId: string }> {
    this.portal ??= (async () => {
      const { readers } = this.deps;
      let station = (await readers.listStations()).find((s) => s.code === PORTAL_STATION);
      station ??= { ...(await readers.createStation({ code: PORTAL_STATION, name: 'Portal de asegurados (teléfono o quiosco)' }, 'system')), readers: [] };
      const reader = station.readers.find((r) => r.modality === 'rostro') ?? (await readers.addReader(station.id, { name: 'Cámara del teléfono o quiosco', driver: 'camara_web', modality: 'rostro' }, 'system'));
      return { stationId: station.id, faceReaderId: reader.id };
    })();
    this.portal.catch(() => {
      this.portal = null;
    });
    return this.portal;
  }
}

function packageOf(document: Uint8Array, s: { evidence_json: Uint8Array; evidence_p7s: Uint8Array; evidence_tsr: Uint8Array; institution_ca_pem: string; tsa_ca_pem: string }): EvidencePackage {
  const files: Record<PackageFile, Uint8Array> = {
    document: new Uint8Array(document),
    evidence: new Uint8Array(s.evidence_json),
    signature: new Uint8Array(s.evidence_p7s),
    timestamp: new Uint8Array(s.evidence_tsr),
    institutionCa: new TextEncoder().encode(s.institution_ca_pem),
    tsaCa: new TextEncoder().encode(s.tsa_ca_pem),
  };
  return files;
}
