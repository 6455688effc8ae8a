import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * A browser-like client over `app.inject`: keeps the cookies the server sets and, once `csrf()`
 * was called, sends the token on writes — so tests exercise the same session and CSRF path as
 * the web app.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | null = null;

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions & { method: string; url: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && options.method !== 'GET' && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrfToken;
    const response = await this.app.inject({ ...options, headers });
    for (const cookie of response.cookies) {
      const expired = cookie.expires !== undefined && new Date(cookie.expires).getTime() <= Date.now();
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url });
  }

  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.request({ method: 'POST', url, payload: payload as InjectOptions['payload'], headers });
  }

  /** Fetches a CSRF token (after login: the token is tied to the secret cookie) and uses it from now on. */
  async csrf(): Promise<string> {
    const response = await this.get('/api/session/csrf');
    this.csrfToken = (response.json() as { token: string }).token;
    return this.csrfToken;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}
