/**
 * A logged-in API client for test set-up and checks that a person would do in another browser
 * (an admin registering a kiosk key, the employee reading their quincena): cookies and the CSRF
 * token handled as the web app does.
 */
export class ApiSession {
  private readonly cookies = new Map<string, string>();
  private csrf: string | null = null;

  constructor(private readonly baseUrl: string) {}

  static async staff(baseUrl: string, login: { matricula: string; ooadCode: string; password: string }): Promise<ApiSession> {
    const session = new ApiSession(baseUrl);
    await session.request('POST', '/api/auth/employee-login', { matricula: login.matricula, ooadCode: login.ooadCode, password: login.password });
    session.csrf = null;
    return session;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = await this.token();
    const response = await this.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async token(): Promise<string> {
    if (!this.csrf) {
      const response = await this.fetch('/api/session/csrf', { headers: { accept: 'application/json' } });
      this.csrf = ((await response.json()) as { token: string }).token;
    }
    return this.csrf;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    return response;
  }
}
