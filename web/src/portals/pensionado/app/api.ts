import type { PensionerView, ProofChallengeResponse, ProofOutcome, RemoteProofBody } from '../../../../../server/src/modules/pension/schema.ts';
import type { CommonStartBody, ConfirmResponse, PasswordResponse, StartResponse } from '../../../../../server/src/modules/registration/schema.ts';
import type { SessionInfo } from '../../../api/auth.ts';
import type { Notice } from '../../../api/privacy.ts';

/**
 * The pensioner portal's calls to /api (same origin, session cookie + CSRF token), typed by the
 * server's schemas (type-only imports: nothing of the server or of the staff app is bundled).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrf: string | null = null;

async function refreshCsrf(): Promise<string> {
  const response = await fetch('/api/session/csrf', { credentials: 'same-origin' });
  csrf = ((await response.json()) as { token: string }).token;
  return csrf;
}

export async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf ?? (await refreshCsrf());
  const response = await fetch(url, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = data?.error ?? { code: 'HTTP_ERROR', message: 'No se pudo completar la operación. Intente de nuevo.' };
    throw new ApiError(error.code, error.message, response.status, error.details);
  }
  return data as T;
}

/** GET /api/pension/me, and what the consent and face steps answer. */
export type Me = PensionerView;
export type { ProofOutcome };

export const api = {
  session: () => call<SessionInfo>('GET', '/api/session'),
  login: async (curp: string, password: string) => {
    const session = await call<SessionInfo>('POST', '/api/auth/curp-login', { curp, password });
    await refreshCsrf();
    return session;
  },
  logout: () => call('POST', '/api/auth/logout'),
  start: (body: CommonStartBody) => call<StartResponse>('POST', '/api/pension/registration/start', body),
  confirm: (curp: string, code: string) => call<ConfirmResponse>('POST', '/api/pension/registration/confirm', { curp, code }),
  password: (curp: string, token: string, password: string) => call<PasswordResponse>('POST', '/api/pension/registration/password', { curp, token, password }),
  me: () => call<Me>('GET', '/api/pension/me'),
  notice: () => call<Notice>('GET', '/api/privacy/notice'),
  consent: (noticeVersion: string) => call<Me>('POST', '/api/pension/me/consent', { noticeVersion, granted: true }),
  face: (frame: string) => call<Me>('POST', '/api/pension/me/face', { frame }),
  challenge: () => call<ProofChallengeResponse>('POST', '/api/pension/me/proofs/challenge'),
  proof: (body: RemoteProofBody) => call<ProofOutcome>('POST', '/api/pension/me/proofs', body),
};
