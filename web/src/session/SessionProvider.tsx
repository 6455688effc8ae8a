import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { authApi, type AuthApi, type CurpCredentials, type EmployeeCredentials, type SessionInfo } from '../api/auth.ts';
import { ApiClient, ApiError } from '../api/client.ts';
import { efirmaApi, type EfirmaChallenge, type EfirmaLogin } from '../api/employer.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'unavailable'; message: string }
  | { status: 'authenticated'; session: SessionInfo };

export interface SessionContextValue {
  state: SessionState;
  /** Why the person was sent back to the login page (session expired, logged out), if they were. */
  notice: string | null;
  clearNotice: () => void;
  client: ApiClient;
  auth: AuthApi;
  loginEmployee: (credentials: EmployeeCredentials) => Promise<SessionInfo>;
  loginCurp: (credentials: CurpCredentials) => Promise<SessionInfo>;
  /** The patrón's e.firma login: `sign` receives the server's one-time challenge and returns what to post. */
  loginEfirma: (sign: (challenge: EfirmaChallenge) => Promise<EfirmaLogin>) => Promise<SessionInfo>;
  logout: () => Promise<void>;
  /** Asks the server again who is logged in. */
  refresh: () => Promise<void>;
}

export const SESSION_ENDED_NOTICE = 'Su sesión terminó o venció. Inicie sesión de nuevo.';
export const LOGGED_OUT_NOTICE = 'Cerró su sesión correctamente.';

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * Who is logged in, as the server says: the session lives in an httpOnly cookie the app cannot
 * read, so the truth is `GET /api/session`, asked once at start and again whenever the server
 * answers 401 or the session's expiry time passes.
 */
export function SessionProvider({ children, client: givenClient }: { children: ReactNode; client?: ApiClient }) {
  const client = useMemo(() => givenClient ?? new ApiClient(), [givenClient]);
  const auth = useMemo(() => authApi(client), [client]);
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;

  const refresh = useCallback(async () => {
    try {
      const session = await auth.session();
      setState({ status: 'authenticated', session });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
      else setState({ status: 'unavailable', message: error instanceof Error ? error.message : String(error) });
    }
  }, [auth]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any 401 while we believe we are logged in means the server ended the session.
  useEffect(() => {
    client.onUnauthorized = () => {
      if (stateRef.current.status !== 'authenticated') return;
      setNotice(SESSION_ENDED_NOTICE);
      setState({ status: 'anonymous' });
    };
    return () => {
      client.onUnauthorized = undefined;
    };
  }, [client]);

  // When the server told us the expiry time, ask again just after it instead of waiting for a click.
  const expiresAt = state.status === 'authenticated' ? state.session.expiresAt : undefined;
  useEffect(() => {
    if (!expiresAt) return;
    const delay = Date.parse(expiresAt) - Date.now() + 1_000;
    if (!Number.isFinite(delay)) return;
    const timer = setTimeout(() => {
      void auth.session().then(
        (session) => setState({ status: 'authenticated', session: { ...session, expiresAt: undefined } }),
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 401) {
            setNotice(SESSION_ENDED_NOTICE);
            setState({ status: 'anonymous' });
          }
        },
      );
    }, Math.max(0, Math.min(delay, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [auth, expiresAt]);

  const signedIn = useCallback((session: SessionInfo) => {
    setNotice(null);
    setState({ status: 'authenticated', session });
    return session;
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      notice,
      clearNotice: () => setNotice(null),
      client,
      auth,
      loginEmployee: async (credentials) => signedIn(await auth.employeeLogin(credentials)),
      loginCurp: async (credentials) => signedIn(await auth.curpLogin(credentials)),
      loginEfirma: async (sign) => {
        const efirma = efirmaApi(client);
        return signedIn(await efirma.login(await sign(await efirma.challenge())));
      },
      logout: async () => {
        try {
          await auth.logout();
        } catch (error) {
          // Already logged out on the server: the outcome the person asked for.
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
        client.resetCsrf();
        setNotice(LOGGED_OUT_NOTICE);
        setState({ status: 'anonymous' });
      },
      refresh,
    }),
    [state, notice, client, auth, signedIn, refresh],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
