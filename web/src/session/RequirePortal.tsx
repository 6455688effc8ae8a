import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, Navigate, useLocation } from 'react-router';
import type { Role } from '../api/auth.ts';
import { PortalLayout } from '../layout/PortalLayout.tsx';
import { loginPathOf, loginUrl, portalOf } from './roles.ts';
import { useSession } from './SessionProvider.tsx';
import { SessionLoading, SessionUnavailable } from './SessionStatusView.tsx';

/**
 * The gate of a portal: anonymous visitors go to the login page (and come back after it), a person
 * of another role is told this is not their portal. The server enforces roles on every API call;
 * this only keeps people from landing on pages that would fail.
 */
export function RequirePortal({ role }: { role: Role }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <SessionLoading />;
  if (state.status === 'unavailable') return <SessionUnavailable message={state.message} />;
  if (state.status === 'anonymous') {
    // The login tab of the portal's people (CURP for pensionados and patrones), and back here after.
    const back = location.pathname + location.search;
    return <Navigate to={loginUrl(loginPathOf(role), back)} replace state={{ from: back }} />;
  }
  const own = portalOf(state.session.role);
  if (own.role !== role) {
    return (
      <PortalLayout portal={own} session={state.session}>
        <Box sx={{ maxWidth: 640 }}>
        <Typography variant="h1" gutterBottom>
          Sin acceso a este portal
        </Typography>
        <Alert severity="warning" sx={{ mb: 3 }}>
          Su cuenta es de {own.roleLabel.toLowerCase()} y no tiene acceso al {portalOf(role).title.toLowerCase()}.
        </Alert>
        <Button component={RouterLink} to={own.path} variant="contained">
          Ir a mi portal
        </Button>
        </Box>
      </PortalLayout>
    );
  }
  return <PortalLayout portal={own} session={state.session} />;
}
