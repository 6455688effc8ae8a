import type { Static } from 'typebox';
import type { AdjudicationBody, AdjudicationResponse, CandidateResponse, DecidedResponse, EvidenceResponse, OperatingPointResponse, PendingResponse } from '../../../server/src/modules/enrollment/schema.ts';
import type { PersonReadPurpose, PersonResponse } from '../../../server/src/modules/identity/schema.ts';
import type { ApiClient } from './client.ts';

/**
 * The adjudication routes of server/src/modules/enrollment/routes.ts, typed by the server's schemas
 * (enrollment/schema.ts and identity/schema.ts, type-only imports: nothing of the server is bundled).
 */
export type OperatingPoint = Static<typeof OperatingPointResponse>;
export type Candidate = Static<typeof CandidateResponse>;
export type BiometricStatus = Candidate['status'];
export type PendingEnrollment = Static<typeof PendingResponse>[number];
export type AdjudicationDecision = AdjudicationInput['decision'];
export type AdjudicationInput = Static<typeof AdjudicationBody>;
export type EnrollmentResult = Static<typeof AdjudicationResponse>;
export type AdjudicationEvidence = Static<typeof EvidenceResponse>;
export type FingerComparison = AdjudicationEvidence['fingers'][number];
export type PrintView = FingerComparison['enrollee'];
export type PersonEvidence = AdjudicationEvidence['enrollee'];
export type DecidedAdjudication = Static<typeof DecidedResponse>[number];
/** What identity answers for a CURP (identity/schema.ts PersonResponse). */
export type PersonSummary = Static<typeof PersonResponse>;

export const DECISION_LABELS: Record<AdjudicationDecision, string> = {
  misma_persona: 'Es la misma persona',
  fraude: 'Fraude (rechazar)',
  personas_distintas: 'Son personas distintas',
};

export const STATUS_LABELS: Record<BiometricStatus, string> = {
  sin_registro: 'Sin registro',
  pendiente: 'Pendiente',
  registrado: 'Registrado',
  rechazado: 'Rechazado',
};

/** Every identity read names its purpose; it is written to the audit log. */
export const ADJUDICATION_PURPOSE: PersonReadPurpose = 'adjudicación de posible duplicado biométrico';

/**
 * For people: the thresholds of a 1:N decision and where they come from — the fingerprint's when
 * fingers were searched, the face's when a face was (both from the target FPIR and the gallery's
 * size). Decisions recorded before the face threshold followed the gallery show the fingers only.
 */
export function describeOperatingPoint(p: OperatingPoint): string {
  const fpir = percentText(p.targetFpir);
  const parts: string[] = [];
  if (p.probeFingers > 0 || p.probeFace === undefined) {
    const people = p.gallerySubjects.toLocaleString('es-MX');
    const fingers = p.probeFingers === 1 ? '1 dedo' : `${p.probeFingers} dedos`;
    const cohort = p.fingerCohortRank !== undefined && p.fingerCohortGap !== undefined && p.fingerGalleryThreshold !== undefined && p.fingerThreshold !== p.fingerGalleryThreshold;
    parts.push(
      cohort
        ? `Umbral de huellas ${p.fingerThreshold.toFixed(1)} (puntaje del candidato ${p.fingerCohortRank} más ${p.fingerCohortGap!.toFixed(1)}: FPIR objetivo ${fpir} % con ${people} personas en la galería, ${fingers}; nunca menor que el umbral 1:1 de ${p.fingerFloor})`
        : `Umbral de huellas ${p.fingerThreshold.toFixed(1)} (FPIR objetivo ${fpir} % con ${people} personas en la galería, ${fingers}; nunca menor que el umbral 1:1 de ${p.fingerFloor})`,
    );
  }
  if (p.probeFace && p.faceGallerySubjects !== undefined && p.faceFloor !== undefined && p.faceFpir !== undefined) {
    const faces = p.faceGallerySubjects === 1 ? '1 rostro' : `${p.faceGallerySubjects.toLocaleString('es-MX')} rostros`;
    parts.push(
      `Umbral de rostro ${p.faceThreshold.toFixed(4)} (FPIR objetivo ${fpir} % con ${faces} en la galería; FPIR con este umbral ${percentText(p.faceFpir)} %; ` +
        `nunca menor que el umbral 1:1 de ${p.faceFloor})`,
    );
  }
  return parts.join('. ');
}

function percentText(rate: number): string {
  return (rate * 100).toLocaleString('es-MX', { maximumSignificantDigits: 2 });
}

export function fullName(p: PersonSummary): string {
  return [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ');
}

export function adjudicationApi(client: ApiClient) {
  return {
    pending: () => client.get<PendingEnrollment[]>('/api/biometrics/adjudications'),
    decide: (enrollmentId: string, input: AdjudicationInput) =>
      client.post<EnrollmentResult>(`/api/biometrics/enrollments/${encodeURIComponent(enrollmentId)}/adjudication`, input),
    evidence: (enrollmentId: string, candidatePersonId: string) =>
      client.get<AdjudicationEvidence>(`/api/biometrics/enrollments/${encodeURIComponent(enrollmentId)}/evidence?candidate=${encodeURIComponent(candidatePersonId)}`),
    decided: () => client.get<DecidedAdjudication[]>('/api/biometrics/adjudications/decided'),
    person: (curp: string) =>
      client.get<PersonSummary>(`/api/identities/${encodeURIComponent(curp)}?purpose=${encodeURIComponent(ADJUDICATION_PURPOSE)}`),
  };
}
