import type { OperatingPoint } from './biometrics.ts';
import type { ApiClient } from './client.ts';
import type { PersonReadPurpose } from '../../../server/src/modules/identity/schema.ts';

/** Types and endpoints of the adjudication routes of server/src/modules/enrollment/routes.ts. */
export type BiometricStatus = 'sin_registro' | 'pendiente' | 'registrado' | 'rechazado';
export type AdjudicationDecision = 'misma_persona' | 'fraude' | 'personas_distintas';

export interface Candidate {
  personId: string;
  curp: string | null;
  status: BiometricStatus;
  /** Fused and normalised: 1 is the deduplication threshold. */
  score: number;
  fingerScore: number | null;
  faceScore: number | null;
}

export interface PendingEnrollment {
  enrollmentId: string;
  personId: string;
  curp: string;
  version: number;
  createdAt: string;
  candidates: Candidate[];
  /** The first of the two decisions (four eyes), when one supervisor already decided. */
  review: { decision: AdjudicationDecision; samePersonId: string | null; firstBy: string; firstAt: string; byYou: boolean } | null;
  /** False when you enrolled or captured in it, or made its first decision. */
  mayDecide: boolean;
  /** Where the duplicate threshold stood when the enrollment was searched (null on older records). */
  operatingPoint: OperatingPoint | null;
}

export interface EnrollmentResult {
  enrollmentId: string;
  personId: string;
  version: number;
  status: BiometricStatus;
  candidates: Candidate[];
  /** `primera_decision`: waits for a second supervisor; `confirmada`: two supervisors agreed, it took effect. */
  review: { stage: 'primera_decision' | 'confirmada'; decision: AdjudicationDecision; samePersonId: string | null; firstBy: string; secondBy: string | null };
  operatingPoint: OperatingPoint | null;
}

/** One print as the server shows it: PNG data URL (from the stored WSQ) and its minutiae at 500 dpi. */
export interface PrintView {
  image: string | null;
  width: number;
  height: number;
  minutiae: Array<{ x: number; y: number; direction: number; type: 'ending' | 'bifurcation' }>;
}

export interface FingerComparison {
  position: number;
  score: number;
  threshold: number;
  enrollee: PrintView;
  candidate: PrintView;
  /** [index in enrollee.minutiae, index in candidate.minutiae] */
  pairs: Array<[number, number]>;
}

export interface PersonEvidence {
  personId: string;
  curp: string | null;
  enrollmentId: string | null;
  face: string | null;
}

/** GET /api/biometrics/enrollments/:id/evidence?candidate= (server/src/modules/enrollment/evidence.ts). */
export interface AdjudicationEvidence {
  enrollmentId: string;
  enrollee: PersonEvidence;
  candidate: PersonEvidence;
  fingers: FingerComparison[];
}

/** GET /api/biometrics/adjudications/decided */
export interface DecidedAdjudication {
  id: string;
  enrollmentId: string;
  version: number;
  curp: string;
  decision: AdjudicationDecision;
  sameAsCurp: string | null;
  notes: string | null;
  decidedAt: string;
  /** Who proposed the decision. */
  supervisor: { name: string; matricula: string | null };
  /** The second supervisor, who confirmed it (null before four eyes were required). */
  confirmedBy: { name: string; matricula: string | null; notes: string | null } | null;
}

/** What identity answers for a CURP (server/src/modules/identity/schema.ts PersonResponse), the parts we show. */
export interface PersonSummary {
  id: string;
  curp: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
  birthDate: string;
  sex: 'H' | 'M' | 'X';
}

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

/** One line for people: the fingerprint threshold of a 1:N decision and where it comes from. */
export function describeOperatingPoint(p: OperatingPoint): string {
  const fpir = (p.targetFpir * 100).toLocaleString('es-MX', { maximumSignificantDigits: 2 });
  const people = p.gallerySubjects.toLocaleString('es-MX');
  const fingers = p.probeFingers === 1 ? '1 dedo' : `${p.probeFingers} dedos`;
  return (
    `Umbral de huellas ${p.fingerThreshold.toFixed(1)} (FPIR objetivo ${fpir} % con ${people} personas en la galería, ${fingers}; ` +
    `nunca menor que el umbral 1:1 de ${p.fingerFloor})`
  );
}

export function fullName(p: PersonSummary): string {
  return [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ');
}

export function adjudicationApi(client: ApiClient) {
  return {
    pending: () => client.get<PendingEnrollment[]>('/api/biometrics/adjudications'),
    decide: (enrollmentId: string, input: { decision: AdjudicationDecision; samePersonId?: string | null; notes?: string | null }) =>
      client.post<EnrollmentResult>(`/api/biometrics/enrollments/${encodeURIComponent(enrollmentId)}/adjudication`, input),
    evidence: (enrollmentId: string, candidatePersonId: string) =>
      client.get<AdjudicationEvidence>(`/api/biometrics/enrollments/${encodeURIComponent(enrollmentId)}/evidence?candidate=${encodeURIComponent(candidatePersonId)}`),
    decided: () => client.get<DecidedAdjudication[]>('/api/biometrics/adjudications/decided'),
    person: (curp: string) =>
      client.get<PersonSummary>(`/api/identities/${encodeURIComponent(curp)}?purpose=${encodeURIComponent(ADJUDICATION_PURPOSE)}`),
  };
}
