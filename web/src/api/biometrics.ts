import type { Static } from 'typebox';
import type { CaptureResponse, EnrollmentResponse, OperatingPointResponse, SessionResponse, UnavailableBody } from '../../../server/src/modules/enrollment/schema.ts';
import type { PersonResponse } from '../../../server/src/modules/identity/schema.ts';
import type { CaptureBody, ReaderResponse, StationResponse } from '../../../server/src/modules/readers/schema.ts';
import type { IdentifyResponse, VerifyResponse } from '../../../server/src/modules/verification/schema.ts';
import type { ApiClient } from './client.ts';

/**
 * Typed endpoints of server/src/modules/{readers,enrollment,verification,identity}: the types are
 * the server's schemas (type-only imports: nothing of the server is bundled).
 */
export type Reader = Static<typeof ReaderResponse>;
export type Station = Static<typeof StationResponse>;
export type ReaderDriver = Reader['driver'];
export type Modality = Reader['modality'];
/** The capture fields a reader understands (readers/schema.ts CaptureFields). */
export type CaptureInput = Static<typeof CaptureBody>;
export type Capture = Static<typeof CaptureResponse>;
export type CaptureSession = Static<typeof SessionResponse>;
export type EnrollmentResult = Static<typeof EnrollmentResponse>;
export type BiometricStatus = EnrollmentResult['status'];
export type UnavailableReason = Static<typeof UnavailableBody>['reason'];
export type Person = Static<typeof PersonResponse>;
export type VerifyResult = Static<typeof VerifyResponse>;
export type OperatingPoint = Static<typeof OperatingPointResponse>;
export type IdentifyResult = Static<typeof IdentifyResponse>;

export type FingerProbe = CaptureInput & { position: number };

export function fullName(person: Pick<Person, 'givenNames' | 'firstSurname' | 'secondSurname'>): string {
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
    verify: (input: { curp: string; stationId?: string; fingerReaderId?: string; faceReaderId?: string; fingers?: FingerProbe[]; face?: CaptureInput }) =>
      client.post<VerifyResult>(`${base}/verify`, { purpose: 'asistencia', ...input }),
    identify: (input: { stationId?: string; fingerReaderId?: string; faceReaderId?: string; fingers?: FingerProbe[]; face?: CaptureInput }) =>
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
