import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { Outlet } from 'react-router';
import { Brand } from './Brand.tsx';
import { Footer } from './Footer.tsx';
import { MAIN_ID, SkipToContent } from './SkipLink.tsx';

/** Pages before login: login, password recovery. */
export function PublicLayout() {
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <SkipToContent />
      <AppBar position="static" elevation={0} sx={{ bgcolor: 'primary.dark' }}>
        <Toolbar sx={{ gap: 2, flexWrap: 'wrap', py: 1 }}>
          <Brand />
          <Typography component="span" sx={{ color: '#e6e2d6', display: { xs: 'none', sm: 'inline' } }}>
            Identidad, asistencia y supervivencia
          </Typography>
        </Toolbar>
      </AppBar>
      <Container component="main" id={MAIN_ID} tabIndex={-1} maxWidth="sm" sx={{ py: { xs: 3, sm: 6 }, outline: 'none' }}>
        <Outlet />
      </Container>
      <Footer />
    </Box>
  );
}
