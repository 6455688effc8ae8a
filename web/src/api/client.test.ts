import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, NETWORK_ERROR_MESSAGE, SERVER_ERROR_MESSAGE } from './client.ts';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a script and records what it was asked. */
function scriptedFetch(answer: (call: Call, index: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return answer(call, calls.length - 1);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('ApiClient', () => {
  it('fetches a CSRF token once and sends it on every write', async () => {
    let issued = 0;
    const { calls, fetchImpl } = scriptedFetch((call) => {
      if (call.url === '/api/session/csrf') return json(200, { token: `token-${++issued}` });
      return json(200, { ok: true });
    });
    const client = new ApiClient({ fetch: fetchImpl });
    await client.post('/api/a', { x: 1 });
    await client.post('/api/b');
    const writes = calls.filter((c) => c.method === 'POST');
    expect(writes.map((c) => c.headers['x-csrf-token'])).toEqual(['token-1', 'token-1']);
    expect(writes[0].headers['content-type']).toBe('application/json');
    expect(writes[0].body).toEqual({ x: 1 });
    expect(calls.filter((c) => c.url === '/api/session/csrf')).toHaveLength(1);
  });

  it('does not send a CSRF token on reads', async () => {
    const { calls, fetchImpl } = scriptedFetch(() => json(200, { role: 'empleado' }));
    const result = await new ApiClient({ fetch: fetchImpl }).get<{ role: string }>('/api/session');
    expect(result).toEqual({ role: 'empleado' });
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['x-csrf-token']).toBeUndefined();
  });

  it('asks for a new token and repeats the write once when the server rejects the token', async () => {
    let issued = 0;
    const { calls, fetchImpl } = scriptedFetch((call) => {
      if (call.url === '/api/session/csrf') return json(200, { token: `token-${++issued}` });
      if (call.headers['x-csrf-token'] === 'token-1') {
        return json(403, { error: { code: 'CSRF_INVALID', message: 'Falta el token CSRF o no es válido.' } });
      }
      return json(200, { done: true });
    });
    const result = await new ApiClient({ fetch: fetchImpl }).post('/api/auth/logout');
    expect(result).toEqual({ done: true });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/session/csrf',
      'POST /api/auth/logout',
      'GET /api/session/csrf',
      'POST /api/auth/logout',
    ]);
  });

  it('turns the server error body into an ApiError with its code, message, status and details', async () => {
    const { fetchImpl } = scriptedFetch((call) =>
      call.url === '/api/session/csrf'
        ? json(200, { token: 't' })
        : json(423, {
            error: {
              code: 'ACCOUNT_LOCKED',
              message: 'La cuenta está bloqueada temporalmente por intentos fallidos. Intente de nuevo en 60 segundos.',
              details: { retryAfterSeconds: 60 },
            },
          }),
    );
    const error = await new ApiClient({ fetch: fetchImpl }).post('/api/auth/employee-login', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.code).toBe('ACCOUNT_LOCKED');
    expect(apiError.status).toBe(423);
    expect(apiError.message).toMatch(/bloqueada/);
    expect(apiError.retryAfterSeconds).toBe(60);
  });

  it('reports an unreachable server in Spanish, and retries the CSRF token on the next write', async () => {
    let up = false;
    const { fetchImpl } = scriptedFetch((call) => {
      if (!up) throw new TypeError('Failed to fetch');
      return call.url === '/api/session/csrf' ? json(200, { token: 't' }) : json(200, {});
    });
    const client = new ApiClient({ fetch: fetchImpl });
    const error = (await client.post('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toBe(NETWORK_ERROR_MESSAGE);
    up = true;
    await expect(client.post('/api/x')).resolves.toEqual({});
  });

  it('gives a readable message when a proxy answers with an HTML error page', async () => {
    const { fetchImpl } = scriptedFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const error = (await new ApiClient({ fetch: fetchImpl }).get('/api/session').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.status).toBe(502);
    expect(error.message).toBe(SERVER_ERROR_MESSAGE);
  });

  it('tells the session about a 401, except on the quiet session probe', async () => {
    const unauthorized: string[] = [];
    const { fetchImpl } = scriptedFetch(() => json(401, { error: { code: 'AUTH_REQUIRED', message: 'Debe iniciar sesión.' } }));
    const client = new ApiClient({ fetch: fetchImpl, onUnauthorized: (e) => unauthorized.push(e.code) });
    await expect(client.get('/api/session', { quietUnauthorized: true })).rejects.toThrow('Debe iniciar sesión.');
    expect(unauthorized).toEqual([]);
    await expect(client.get('/api/attendance')).rejects.toBeInstanceOf(ApiError);
    expect(unauthorized).toEqual(['AUTH_REQUIRED']);
  });

  it('downloads a file with the name the server gave it, and turns a refusal into its ApiError', async () => {
    const { fetchImpl } = scriptedFetch((call) =>
      call.url.endsWith('/ok')
        ? new Response('%PDF-1.7', { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="constancia-CVD-1.pdf"' } })
        : json(403, { error: { code: 'FORBIDDEN', message: 'La persona no es trabajadora de su empresa.' } }),
    );
    let unauthorized = 0;
    const client = new ApiClient({ fetch: fetchImpl, onUnauthorized: () => unauthorized++ });
    const file = await client.download('/api/ok');
    expect(file.filename).toBe('constancia-CVD-1.pdf');
    expect(await file.blob.text()).toBe('%PDF-1.7');
    await expect(client.download('/api/refused')).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403, message: 'La persona no es trabajadora de su empresa.' });
    expect(unauthorized).toBe(0);
  });
});
