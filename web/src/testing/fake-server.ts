import type { SessionInfo } from '../api/auth.ts';
import { ApiClient } from '../api/client.ts';
import { json, matchRoute, type FakeRoutes } from './wire.ts';

export interface FakeAccount {
  kind: 'matricula' | 'curp';
  /** matrícula + ooad, or the CURP */
  login: string;
  ooadCode?: string;
  password: string;
  session: SessionInfo;
  lockedSeconds?: number;
}

const INVALID = { error: { code: 'INVALID_CREDENTIALS', message: 'Los datos de acceso son incorrectos.' } };

/**
 * An in-memory stand-in for the accounts routes of the server, at the fetch level, so component
 * tests exercise the real ApiClient (CSRF header, error bodies) without a network. A test adds the
 * routes its page calls in `routes`, typed by the server's schemas (testing/wire.ts).
 */
export function fakeServer(accounts: FakeAccount[], routes: FakeRoutes = {}) {
  let current: SessionInfo | null = null;
  const requests: Array<{ method: string; url: string; body: unknown; csrf: string | undefined }> = [];

  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const parsed: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const body = (parsed ?? {}) as Record<string, string>;
    const csrf = (init?.headers as Record<string, string> | undefined)?.['x-csrf-token'];
    requests.push({ method, url, body, csrf });
    if (method !== 'GET' && csrf !== 'csrf-token') {
      return json(403, { error: { code: 'CSRF_INVALID', message: 'Falta el token CSRF o no es válido.' } });
    }
    const find = (kind: FakeAccount['kind'], login: string, ooadCode?: string) =>
      accounts.find((a) => a.kind === kind && a.login === login && (kind === 'curp' || a.ooadCode === ooadCode));
    const attempt = (account: FakeAccount | undefined, password: string) => {
      if (account?.lockedSeconds) {
        return json(423, {
          error: {
            code: 'ACCOUNT_LOCKED',
            message: `La cuenta está bloqueada temporalmente por intentos fallidos. Intente de nuevo en ${account.lockedSeconds} segundos.`,
            details: { retryAfterSeconds: account.lockedSeconds },
          },
        });
      }
      if (!account || account.password !== password) return json(401, INVALID);
      current = { ...account.session, expiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString() };
      return json(200, current);
    };

    const route = matchRoute(routes, method, url);
    if (route) {
      if (!current) return json(401, { error: { code: 'AUTH_REQUIRED', message: 'Debe iniciar sesión.' } });
      const answer = await route.handler({ method, url, params: route.params, query: new URLSearchParams(url.split('?')[1] ?? ''), body: parsed });
      return answer instanceof Response ? answer : json(method === 'POST' ? 201 : 200, answer);
    }

    switch (`${method} ${url}`) {
      case 'GET /api/session/csrf':
        return json(200, { token: 'csrf-token' });
      case 'GET /api/session':
        return current ? json(200, current) : json(401, { error: { code: 'AUTH_REQUIRED', message: 'Debe iniciar sesión.' } });
      case 'POST /api/auth/employee-login':
        return attempt(find('matricula', body.matricula, body.ooadCode), body.password);
      case 'POST /api/auth/curp-login':
        return attempt(find('curp', body.curp), body.password);
      case 'POST /api/auth/logout':
        current = null;
        return json(200, { message: 'Sesión cerrada.' });
      case 'POST /api/auth/recovery/request':
        return json(202, { message: 'Si la CURP corresponde a una cuenta con correo registrado, enviamos un código.' });
      case 'POST /api/auth/recovery/confirm':
        return body.code === '12345678'
          ? json(200, { message: 'Contraseña restablecida. Inicie sesión con su nueva contraseña.' })
          : json(400, { error: { code: 'RECOVERY_CODE_INVALID', message: 'El código de recuperación no es válido o ya venció.' } });
      default:
        return json(404, { error: { code: 'NOT_FOUND', message: `No existe la ruta ${method} ${url}.` } });
    }
  }) as typeof fetch;

  return {
    client: new ApiClient({ fetch: fetchImpl }),
    requests,
    /** Ends the session on the "server" side, as an expiry or a password reset elsewhere would. */
    endSession: () => {
      current = null;
    },
    loginAs: (session: SessionInfo) => {
      current = session;
    },
  };
}

export const EMPLOYEE: FakeAccount = {
  kind: 'matricula',
  login: '99887766',
  ooadCode: '35',
  password: 'Contrasena2024',
  session: {
    accountId: 'a-1',
    role: 'empleado',
    displayName: 'María Guadalupe',
    matricula: '99887766',
    ooad: { code: '35', name: 'Ciudad de México Norte' },
  },
};

export const PENSIONER: FakeAccount = {
  kind: 'curp',
  login: 'GOMC600101MDFMRR08',
  password: 'Pension2024x',
  session: { accountId: 'a-2', role: 'pensionado', displayName: 'Carmen', matricula: null, ooad: null },
};

export const ADMIN: FakeAccount = {
  kind: 'matricula',
  login: '11223344',
  ooadCode: '35',
  password: 'Administra2024',
  session: {
    accountId: 'a-3',
    role: 'admin',
    displayName: 'Laura',
    matricula: '11223344',
    ooad: { code: '35', name: 'Ciudad de México Norte' },
  },
};
