/** The pensioner portal's calls to /api (same origin, session cookie + CSRF token). */
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

export interface Me {
  curp: string;
  name: string;
  step: 'consentimiento' | 'rostro' | 'completo';
  biometricStatus: string;
  status: 'vigente' | 'por_vencer' | 'en_riesgo';
  nextDueDate: string;
  daysLeft: number;
  clinicRequired: boolean;
  proofs: Array<{ folio: string | null; channel: string; outcome: 'aprobada' | 'fallida'; reason: string | null; at: string }>;
}

export const api = {
  session: () => call<{ role: string }>('GET', '/api/session'),
  login: async (curp: string, password: string) => {
    const session = await call<{ role: string }>('POST', '/api/auth/curp-login', { curp, password });
    await refreshCsrf();
    return session;
  },
  logout: () => call('POST', '/api/auth/logout'),
  start: (body: { curp: string; givenNames: string; firstSurname: string; secondSurname: string | null; email: string }) => call<{ email: string }>('POST', '/api/pension/registration/start', body),
  confirm: (curp: string, code: string) => call<{ token: string }>('POST', '/api/pension/registration/confirm', { curp, code }),
  password: (curp: string, token: string, password: string) => call<{ curp: string }>('POST', '/api/pension/registration/password', { curp, token, password }),
  me: () => call<Me>('GET', '/api/pension/me'),
  notice: () => call<{ version: string; title: string; text: string }>('GET', '/api/privacy/notice'),
  consent: (noticeVersion: string) => call<Me>('POST', '/api/pension/me/consent', { noticeVersion, granted: true }),
  face: (frame: string) => call<Me>('POST', '/api/pension/me/face', { frame }),
  challenge: () => call<{ id: string; steps: string[]; expiresAt: string }>('POST', '/api/pension/me/proofs/challenge'),
  proof: (body: { challengeId: string; frames: string[]; face: string }) =>
    call<{ outcome: 'aprobada' | 'fallida'; reason: string | null; folio: string | null; clinicRequired: boolean }>('POST', '/api/pension/me/proofs', body),
};
