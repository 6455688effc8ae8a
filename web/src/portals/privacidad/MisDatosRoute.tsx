import { Navigate, useLocation } from 'react-router';
import { PortalLayout } from '../../layout/PortalLayout.tsx';
import { loginUrl, portalOf } from '../../session/roles.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { SessionLoading, SessionUnavailable } from '../../session/SessionStatusView.tsx';
import { MisDatosPage } from './MisDatosPage.tsx';

/** `/mis-datos`: every person with an account (any role) sees their own data inside their own portal's frame. */
export function MisDatosRoute() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <SessionLoading />;
  if (state.status === 'unavailable') return <SessionUnavailable message={state.message} />;
  if (state.status === 'anonymous') return <Navigate to={loginUrl('/ingresar', location.pathname)} replace />;
  return (
    <PortalLayout portal={portalOf(state.session.role)} session={state.session}>
      <MisDatosPage />
    </PortalLayout>
  );
}
