import type {
  AccessEntry,
  ConsentView,
  HoldPlaced,
  HoldReleased,
  MyConsentView,
  NoticeView,
  OfficerQueue,
  RequestKind,
  RequestView,
  RetentionCategory,
  RetentionChangeBody,
  RetentionSettingsView,
} from '../../../server/src/modules/privacy/schema.ts';
import type { ApiClient } from './client.ts';

/**
 * The /api/privacy endpoints (server/src/modules/privacy/routes.ts). Their types are the server's
 * own schemas (privacy/schema.ts, type-only: nothing of the server is bundled), so a changed
 * response breaks this build and the fakes of the web's tests.
 */
export type Notice = NoticeView;
export type Consent = ConsentView;
export type PrivacyRequest = RequestView;
export type { AccessEntry, OfficerQueue, RequestKind, RetentionCategory, RetentionSettingsView };

export function privacyApi(client: ApiClient) {
  const base = '/api/privacy';
  return {
    notice: (kind: 'integral' | 'simplificado' = 'integral') => client.get<Notice>(`${base}/notice?kind=${kind}`),
    attestConsent: (curp: string, stationId: string, noticeVersion: string) =>
      client.post<Consent>(`${base}/consents`, { curp, stationId, noticeVersion, scope: 'datos_biometricos', granted: true }),
    kioskConsent: (input: { matricula: string; ooadCode: string; stationId: string; noticeVersion: string }) => client.post<Consent>(`${base}/kiosk-consents`, { ...input, granted: true }),
    myConsent: () => client.get<MyConsentView>(`${base}/me/consent`),
    grant: (noticeVersion: string) => client.post<Consent>(`${base}/me/consent`, { granted: true, noticeVersion }),
    withdraw: (noticeVersion: string) => client.post<Consent>(`${base}/me/consent/withdraw`, { acknowledged: true, noticeVersion }),
    accesses: () => client.get<AccessEntry[]>(`${base}/me/accesses`),
    report: (seq: number, description: string) => client.post<PrivacyRequest>(`${base}/me/accesses/${seq}/report`, { description }),
    myRequests: () => client.get<PrivacyRequest[]>(`${base}/me/requests`),
    file: (input: { kind: RequestKind; description: string; evidence?: string }) => client.post<PrivacyRequest>(`${base}/me/requests`, input),
    queue: () => client.get<OfficerQueue>(`${base}/requests`),
    answer: (id: string, decision: 'procedente' | 'improcedente', answer: string) => client.post<PrivacyRequest>(`${base}/requests/${id}/answer`, { decision, answer }),
    execute: (id: string, note: string) => client.post<PrivacyRequest>(`${base}/requests/${id}/execute`, { note }),
    placeHold: (curp: string, reason: string) => client.post<HoldPlaced>(`${base}/holds`, { curp, reason }),
    releaseHold: (id: string) => client.post<HoldReleased>(`${base}/holds/${id}/release`, {}),
    retentionSettings: () => client.get<RetentionSettingsView>(`${base}/retention/settings`),
    setRetention: (category: string, change: RetentionChangeBody) => client.put<RetentionCategory>(`${base}/retention/${encodeURIComponent(category)}`, change),
    exportJsonUrl: `${base}/me/export.json`,
    exportPdfUrl: `${base}/me/export.pdf`,
  };
}
