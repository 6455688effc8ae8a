import type { ApiSession } from './api-session.ts';

/**
 * The person's express biometric consent attested by the operator at the station, as the
 * enrollment page records it before its first capture (the API refuses a session without it).
 */
export async function giveConsent(operator: ApiSession, curp: string, stationId: string): Promise<void> {
  const notice = await operator.request<{ version: string }>('GET', '/api/privacy/notice');
  await operator.request('POST', '/api/privacy/consents', { curp, stationId, noticeVersion: notice.version, scope: 'datos_biometricos', granted: true });
}
