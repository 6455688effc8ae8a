import Alert from '@mui/material/Alert';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Divider from '@mui/material/Divider';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { SessionInfo } from '../api/auth.ts';
import { LogoutIcon, PersonIcon } from '../components/icons.tsx';
import { loginPathOf, loginUrl, type PortalInfo } from '../session/roles.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { Brand } from './Brand.tsx';
import { Footer } from './Footer.tsx';
import { MAIN_ID, SkipToContent } from './SkipLink.tsx';

/** Every page after login: the header says which portal this is, who is in it, and lets them out. */
export function PortalLayout({ portal, session, children }: { portal: PortalInfo; session: SessionInfo; children?: ReactNode }) {
  const { logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [logoutError, setLogoutError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);

  const onLogout = async () => {
    setLeaving(true);
    setLogoutError(null);
    try {
      await logout();
      // Back to the login tab this person uses, and, if they log in again, to the page they were on.
      navigate(loginUrl(loginPathOf(session.role), location.pathname + location.search), { replace: true });
    } catch (error) {
      setLogoutError(error instanceof Error ? error.message : String(error));
      setLeaving(false);
    }
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <SkipToContent />
      <AppBar position="static" elevation={0} sx={{ bgcolor: 'primary.dark' }}>
        <Toolbar sx={{ flexWrap: 'wrap', columnGap: 2, rowGap: 1, py: 1 }}>
          <Brand />
          <Divider orientation="vertical" flexItem sx={{ borderColor: 'rgba(255,255,255,0.35)', display: { xs: 'none', sm: 'block' } }} />
          <Typography component="p" sx={{ fontSize: '1.05rem', color: '#e6e2d6' }} data-testid="portal-title">
            {portal.title}
          </Typography>
          <Box sx={{ flexGrow: 1 }} />
          <Box
            sx={{ display: 'flex', alignItems: 'center', gap: 1.5, width: { xs: '100%', sm: 'auto' }, justifyContent: 'space-between' }}
          >
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} aria-label="Usuario" role="group">
              <PersonIcon aria-hidden sx={{ color: '#d4c19c' }} />
              <Box sx={{ lineHeight: 1.2 }}>
                <Typography component="p" sx={{ fontWeight: 500 }} data-testid="user-name">
                  {session.displayName || 'Usuario'}
                </Typography>
                <Typography component="p" variant="body2" sx={{ color: '#e6e2d6' }} data-testid="user-role">
                  {portal.roleLabel}
                  {session.matricula && (
                    <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
                      {` · Matrícula ${session.matricula}`}
                    </Box>
                  )}
                </Typography>
              </Box>
            </Box>
            <Button
              variant="outlined"
              color="inherit"
              startIcon={<LogoutIcon />}
              onClick={() => void onLogout()}
              disabled={leaving}
              sx={{ borderColor: 'rgba(255,255,255,0.6)', whiteSpace: 'nowrap' }}
            >
              Cerrar sesión
            </Button>
          </Box>
        </Toolbar>
      </AppBar>
      {logoutError && (
        <Alert severity="error" role="alert" sx={{ borderRadius: 0 }}>
          No se pudo cerrar la sesión: {logoutError}
        </Alert>
      )}
      <Container component="main" id={MAIN_ID} tabIndex={-1} maxWidth="lg" sx={{ py: { xs: 3, sm: 5 }, outline: 'none' }}>
        {children ?? <Outlet />}
      </Container>
      <Footer />
    </Box>
  );
}
