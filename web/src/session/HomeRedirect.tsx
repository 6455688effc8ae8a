import { Navigate } from 'react-router';
import { portalOf } from './roles.ts';
import { useSession } from './SessionProvider.tsx';
import { SessionLoading, SessionUnavailable } from './SessionStatusView.tsx';

/** "/": the person's portal when logged in, the login page otherwise. */
export function HomeRedirect() {
  const { state } = useSession();
  if (state.status === 'loading') return <SessionLoading />;
  if (state.status === 'unavailable') return <SessionUnavailable message={state.message} />;
  if (state.status === 'authenticated') return <Navigate to={portalOf(state.session.role).path} replace />;
  return <Navigate to="/ingresar" replace />;
}
