import type { ApiClient } from './client.ts';

/** Typed endpoints of server/src/modules/{readers,enrollment,verification,identity}. */

export type ReaderDriver = 'archivo' | 'camara_web' | 'simulado';
export type Modality = 'huella' | 'rostro';

export interface Reader {
  id: string;
  stationId: string;
  name: string;
  driver: ReaderDriver;
  modality: Modality;
  connected: boolean;
  lastSeenAt: string | null;
}

export interface Station {
  id: string;
  code: string;
  name: string;
  ooadCode: string | null;
  readers: Reader[];
}

/** The capture fields a reader understands (readers/schema.ts CaptureFields). */
export interface CaptureInput {
  image?: string;
  frame?: string;
  template?: string;
  simulate?: { identity?: string; impression?: number; condition?: 'normal' | 'sin_dedo' | 'sin_respuesta' };
}

export interface Capture {
  modality: Modality;
  position: number;
  status: 'capturada' | 'no_disponible';
  reason: string | null;
  quality: { score: number | null; problems: Array<{ code: string; message: string }> };
  attempts: number;
}

export interface CaptureSession {
  id: string;
  personId: string;
  curp: string;
  stationId: string;
  fingerReaderId: string | null;
  faceReaderId: string | null;
  status: 'abierta' | 'completada' | 'cancelada';
  captures: Capture[];
}

export type BiometricStatus = 'sin_registro' | 'pendiente' | 'registrado' | 'rechazado';

export interface EnrollmentResult {
  enrollmentId: string;
  personId: string;
  version: number;
  status: BiometricStatus;
  candidates: Array<{ personId: string; curp: string | null; status: BiometricStatus; score: number }>;
}

export type UnavailableReason = 'amputacion' | 'lesion' | 'vendaje' | 'malformacion' | 'otro';

export interface Person {
  id: string;
  curp: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
}

export interface VerifyResult {
  personId: string;
  decision: 'coincide' | 'no_coincide';
  score: number;
}

/** The operating point of a 1:N decision (server enrollment/schema.ts OperatingPointResponse). */
export interface OperatingPoint {
  purpose: 'identificacion' | 'deduplicacion';
  targetFpir: number;
  gallerySubjects: number;
  probeFingers: number;
  fingerThreshold: number;
  fingerFloor: number;
  subjectFmr: number;
  faceThreshold: number;
}

export interface IdentifyResult {
  /** `no_concluyente`: several people reached the threshold; the kiosk asks for the matrícula. */
  decision: 'identificado' | 'no_identificado' | 'no_concluyente';
  candidates: Array<{ personId: string; curp: string | null; score: number }>;
  operatingPoint: OperatingPoint;
}

export type FingerProbe = CaptureInput & { position: number };

export function fullName(person: Person): string {
  return [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ');
}

export function biometricsApi(client: ApiClient) {
  const base = '/api/biometrics';
  return {
    stations: () => client.get<Station[]>(`${base}/stations`),
    setReaderConnected: (readerId: string, connected: boolean) => client.post<Reader>(`${base}/readers/${readerId}/status`, { connected }),
    openSession: (curp: string, stationId: string) => client.post<CaptureSession>(`${base}/sessions`, { curp, stationId }),
    selectReader: (sessionId: string, readerId: string) => client.post<CaptureSession>(`${base}/sessions/${sessionId}/reader`, { readerId }),
    captureFinger: (sessionId: string, position: number, input: CaptureInput) => client.post<Capture>(`${base}/sessions/${sessionId}/fingers/${position}`, input),
    markUnavailable: (sessionId: string, position: number, reason: UnavailableReason) =>
      client.post<Capture>(`${base}/sessions/${sessionId}/fingers/${position}/unavailable`, { reason }),
    captureFace: (sessionId: string, input: CaptureInput) => client.post<Capture>(`${base}/sessions/${sessionId}/face`, input),
    complete: (sessionId: string) => client.post<EnrollmentResult>(`${base}/sessions/${sessionId}/complete`),
    verify: (input: { curp: string; fingerReaderId?: string; faceReaderId?: string; fingers?: FingerProbe[]; face?: CaptureInput }) =>
      client.post<VerifyResult>(`${base}/verify`, { purpose: 'asistencia', ...input }),
    identify: (input: { fingerReaderId?: string; faceReaderId?: string; fingers?: FingerProbe[]; face?: CaptureInput }) =>
      client.post<IdentifyResult>(`${base}/identify`, { purpose: 'asistencia', ...input }),
    person: (curp: string, purpose: string) => client.get<Person>(`/api/identities/${encodeURIComponent(curp)}?purpose=${encodeURIComponent(purpose)}`),
    createPerson: (input: { curp: string; givenNames: string; firstSurname: string; secondSurname: string | null; nss: string | null }) =>
      client.post<Person>('/api/identities', input),
  };
}

/** ISO/IEC 19794-2 finger codes, as the operator and the employee name them. */
export const FINGERS: Array<{ position: number; label: string }> = [
  { position: 1, label: 'Pulgar derecho' },
  { position: 2, label: 'Índice derecho' },
  { position: 3, label: 'Medio derecho' },
  { position: 4, label: 'Anular derecho' },
  { position: 5, label: 'Meñique derecho' },
  { position: 6, label: 'Pulgar izquierdo' },
  { position: 7, label: 'Índice izquierdo' },
  { position: 8, label: 'Medio izquierdo' },
  { position: 9, label: 'Anular izquierdo' },
  { position: 10, label: 'Meñique izquierdo' },
];
