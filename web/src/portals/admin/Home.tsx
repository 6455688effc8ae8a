import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AccountSummary } from '../AccountSummary.tsx';
import { ADMIN_SECTIONS, AdminNav } from './AdminNav.tsx';

export function AdminHome() {
  const { state } = useSession();
  useDocumentTitle('Portal de administración');
  if (state.status !== 'authenticated') return null;
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Hola, {state.session.displayName || 'Administrador'}
      </Typography>
      <AdminNav />
      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: 'minmax(280px, 1fr) 2fr' }, alignItems: 'start' }}>
        <AccountSummary session={state.session} />
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
          {ADMIN_SECTIONS.slice(1).map((s) => (
            <Card key={s.path} variant="outlined">
              <CardActionArea component={RouterLink} to={s.path} sx={{ height: '100%' }}>
                <CardContent>
                  <Typography variant="h2" sx={{ fontSize: '1.2rem' }} gutterBottom>
                    {s.label}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {s.description}
                  </Typography>
                </CardContent>
              </CardActionArea>
            </Card>
          ))}
        </Box>
      </Box>
    </Box>
  );
}
