import type { OperatingPoint } from './biometrics.ts';
import type { ApiClient } from './client.ts';

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
  /** Where the duplicate threshold stood when the enrollment was searched (null on older records). */
  operatingPoint: OperatingPoint | null;
}

export interface EnrollmentResult {
  enrollmentId: string;
  personId: string;
  version: number;
  status: BiometricStatus;
  candidates: Candidate[];
  operatingPoint: OperatingPoint | null;
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
export const ADJUDICATION_PURPOSE = 'adjudicación de posible duplicado biométrico';

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
    person: (curp: string) =>
      client.get<PersonSummary>(`/api/identities/${encodeURIComponent(curp)}?purpose=${encodeURIComponent(ADJUDICATION_PURPOSE)}`),
  };
}
