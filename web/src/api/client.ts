/**
 * The one way the web app talks to the server: JSON over same-origin fetch with the session cookie,
 * the CSRF token on every write, and every failure turned into an ApiError with the server's stable
 * code and its Spanish message (or one of ours when the server could not be reached at all).
 */

/** The error shape of every API response (server/src/http/error-handler.ts). */
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Seconds the server asked us to wait (locked account, rate limit), if it said so. */
  get retryAfterSeconds(): number | null {
    const value = this.details.retryAfterSeconds;
    return typeof value === 'number' && value > 0 ? value : null;
  }
}

export const NETWORK_ERROR_MESSAGE =
  'No fue posible comunicarse con el servidor. Verifique su conexión e intente de nuevo.';
export const SERVER_ERROR_MESSAGE = 'El servidor no pudo atender la solicitud. Intente de nuevo más tarde.';

const CSRF_PATH = '/api/session/csrf';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ApiClientOptions {
  /** Defaults to the global fetch; tests pass their own. */
  fetch?: typeof fetch;
  /** Called when an API call answers 401 (the session ended or expired), except for the session probe. */
  onUnauthorized?: (error: ApiError) => void;
}

export class ApiClient {
  private csrfToken: Promise<string> | null = null;
  private readonly fetchImpl: typeof fetch;
  onUnauthorized: ((error: ApiError) => void) | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onUnauthorized = options.onUnauthorized;
  }

  get<T>(path: string, options: { quietUnauthorized?: boolean } = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /**
   * A file the server sends (CSV, signed PDF): its bytes and the name the server gave it; a
   * refusal arrives as the same ApiError as any other call, so the page can say why.
   */
  async download(path: string): Promise<{ blob: Blob; filename: string | null }> {
    try {
      const response = await this.fetchOrFail(path, { headers: { accept: '*/*' }, credentials: 'same-origin' });
      if (!response.ok) return await readResponse<never>(response);
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
      return { blob: await response.blob(), filename };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized?.(error);
      throw error;
    }
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, undefined);
  }

  /** Forget the CSRF token (e.g. after logout); the next write asks for a fresh one. */
  resetCsrf(): void {
    this.csrfToken = null;
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    options: { quietUnauthorized?: boolean } = {},
  ): Promise<T> {
    try {
      return await this.sendRetryingCsrf<T>(method, path, body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && !options.quietUnauthorized) {
        this.onUnauthorized?.(error);
      }
      throw error;
    }
  }

  private async sendRetryingCsrf<T>(method: string, path: string, body: unknown): Promise<T> {
    const isWrite = WRITE_METHODS.has(method);
    try {
      return await this.send<T>(method, path, body, isWrite);
    } catch (error) {
      // The CSRF secret cookie can change under us (another tab, a server restart with a new
      // SESSION_SECRET): ask for a new token once and repeat the write.
      if (!isWrite || !(error instanceof ApiError) || error.code !== 'CSRF_INVALID') throw error;
      this.csrfToken = null;
      return this.send<T>(method, path, body, isWrite);
    }
  }

  private async send<T>(method: string, path: string, body: unknown, isWrite: boolean): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (isWrite) headers['x-csrf-token'] = await this.csrf();
    const response = await this.fetchOrFail(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    return readResponse<T>(response);
  }

  private csrf(): Promise<string> {
    if (!this.csrfToken) {
      const pending = this.fetchOrFail(CSRF_PATH, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then((response) => readResponse<{ token: string }>(response))
        .then(({ token }) => token);
      // A failed attempt must not be cached: the next write tries again.
      pending.catch(() => {
        if (this.csrfToken === pending) this.csrfToken = null;
      });
      this.csrfToken = pending;
    }
    return this.csrfToken;
  }

  private async fetchOrFail(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(path, init);
    } catch {
      throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0);
    }
  }
}

async function readResponse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (response.ok) {
    if (parsed === undefined && text) throw new ApiError('BAD_RESPONSE', SERVER_ERROR_MESSAGE, response.status);
    return parsed as T;
  }
  if (isErrorBody(parsed)) {
    const { code, message, details } = parsed.error;
    throw new ApiError(code, message, response.status, details ?? {});
  }
  // A proxy's HTML error page or an empty body: say something a person can act on.
  throw new ApiError(response.status >= 500 ? 'SERVER_ERROR' : 'REQUEST_ERROR', SERVER_ERROR_MESSAGE, response.status);
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
