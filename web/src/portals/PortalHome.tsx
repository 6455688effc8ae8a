import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';
import { portalOf } from '../session/roles.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { AccountSummary } from './AccountSummary.tsx';

export interface UpcomingFeature {
  title: string;
  description: string;
}

/**
 * The home of a portal whose own pages arrive with later issues: a real greeting and account
 * summary from the session, and an honest list of what this portal will offer.
 */
export function PortalHome({ intro, upcoming }: { intro: string; upcoming: UpcomingFeature[] }) {
  const { state } = useSession();
  const session = state.status === 'authenticated' ? state.session : null;
  const portal = session ? portalOf(session.role) : null;
  useDocumentTitle(portal?.title ?? 'Portal');
  if (!session || !portal) return null;

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Hola, {session.displayName || portal.roleLabel}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 4, maxWidth: 720 }}>
        {intro}
      </Typography>
      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: 'minmax(280px, 1fr) 2fr' }, alignItems: 'start' }}>
        <AccountSummary session={session} />
        <Card variant="outlined">
          <CardContent>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap', mb: 1 }}>
              <Typography variant="h2">Lo que encontrará en este portal</Typography>
              <Chip label="Próximamente" size="small" color="secondary" variant="outlined" />
            </Box>
            <Typography variant="body2" color="text.secondary">
              Estas funciones están en desarrollo y aparecerán aquí cuando estén disponibles.
            </Typography>
            <List>
              {upcoming.map((feature, index) => (
                <ListItem key={feature.title} disableGutters divider={index < upcoming.length - 1}>
                  <ListItemText
                    primary={feature.title}
                    secondary={feature.description}
                    slotProps={{ primary: { sx: { fontWeight: 500 } } }}
                  />
                </ListItem>
              ))}
            </List>
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}
