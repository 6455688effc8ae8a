import type { ApiClient } from './client.ts';

/** Wire types of /api/privacy (server/src/modules/privacy/routes.ts). */
export interface Notice {
  version: string;
  title: string;
  text: string;
  sha256: string;
}

export interface Consent {
  scope: 'datos_biometricos';
  granted: boolean;
  noticeVersion: string;
  channel: 'portal' | 'estacion' | 'quiosco';
  recordedBy: string;
  stationId: string | null;
  recordedAt: string;
}

export type RequestKind = 'acceso' | 'rectificacion' | 'cancelacion' | 'oposicion';

export interface PrivacyRequest {
  id: string;
  folio: string;
  kind: RequestKind | 'acceso_no_reconocido';
  kindLabel: string;
  channel: 'portal' | 'ventanilla';
  description: string;
  details: Record<string, unknown>;
  status: 'recibida' | 'procedente' | 'improcedente' | 'ejecutada';
  receivedOn: string;
  answerDueOn: string;
  executeDueOn: string | null;
  answer: string | null;
  answeredAt: string | null;
  executedAt: string | null;
  businessDaysLeft: number | null;
}

export interface AccessEntry {
  seq: number;
  at: string;
  action: string;
  purpose: string;
  who: { kind: 'usted' | 'personal' | 'quiosco' | 'sistema'; role: string | null; unit: string | null };
}

export interface OfficerQueue {
  requests: Array<PrivacyRequest & { person: { curp: string; name: string } | null }>;
  holds: Array<{ id: string; person: { curp: string; name: string } | null; reason: string; placedAt: string }>;
}

export function privacyApi(client: ApiClient) {
  const base = '/api/privacy';
  return {
    notice: (kind: 'integral' | 'simplificado' = 'integral') => client.get<Notice>(`${base}/notice?kind=${kind}`),
    attestConsent: (curp: string, stationId: string, noticeVersion: string) =>
      client.post<Consent>(`${base}/consents`, { curp, stationId, noticeVersion, scope: 'datos_biometricos', granted: true }),
    kioskConsent: (input: { matricula: string; ooadCode: string; stationId: string; noticeVersion: string }) => client.post<Consent>(`${base}/kiosk-consents`, { ...input, granted: true }),
    myConsent: () => client.get<{ current: Consent | null; consequences: string[] }>(`${base}/me/consent`),
    grant: (noticeVersion: string) => client.post<Consent>(`${base}/me/consent`, { granted: true, noticeVersion }),
    withdraw: (noticeVersion: string) => client.post<Consent>(`${base}/me/consent/withdraw`, { acknowledged: true, noticeVersion }),
    accesses: () => client.get<AccessEntry[]>(`${base}/me/accesses`),
    report: (seq: number, description: string) => client.post<PrivacyRequest>(`${base}/me/accesses/${seq}/report`, { description }),
    myRequests: () => client.get<PrivacyRequest[]>(`${base}/me/requests`),
    file: (input: { kind: RequestKind; description: string; evidence?: string }) => client.post<PrivacyRequest>(`${base}/me/requests`, input),
    queue: () => client.get<OfficerQueue>(`${base}/requests`),
    answer: (id: string, decision: 'procedente' | 'improcedente', answer: string) => client.post<PrivacyRequest>(`${base}/requests/${id}/answer`, { decision, answer }),
    execute: (id: string, note: string) => client.post<PrivacyRequest>(`${base}/requests/${id}/execute`, { note }),
    placeHold: (curp: string, reason: string) => client.post<{ id: string }>(`${base}/holds`, { curp, reason }),
    releaseHold: (id: string) => client.post<{ released: boolean }>(`${base}/holds/${id}/release`, {}),
    exportJsonUrl: `${base}/me/export.json`,
    exportPdfUrl: `${base}/me/export.pdf`,
  };
}
