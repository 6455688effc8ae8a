import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AccountSummary } from '../AccountSummary.tsx';
import { PATRON_SECTIONS, PatronNav } from './PatronNav.tsx';
import { usePatron } from './usePatron.ts';

/** The patrón's home: who the employer is, its registros patronales, and the portal's sections. */
export function PatronHome() {
  const { state } = useSession();
  const patron = usePatron();
  useDocumentTitle('Portal del patrón');
  if (state.status !== 'authenticated') return null;
  const employer = patron.employer.data;
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Hola, {state.session.displayName || 'Patrón'}
      </Typography>
      <PatronNav patron={patron} />
      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: 'minmax(280px, 1fr) 2fr' }, alignItems: 'start' }}>
        <AccountSummary session={state.session} />
        <Box sx={{ display: 'grid', gap: 2 }}>
          {employer && (
            <Card variant="outlined">
              <CardContent>
                <Typography variant="h2" gutterBottom>
                  {employer.name}
                </Typography>
                <Typography color="text.secondary" gutterBottom>
                  RFC {employer.rfc} · persona {employer.kind === 'moral' ? 'moral' : 'física'}
                </Typography>
                <Table size="small" aria-label="Registros patronales">
                  <TableHead>
                    <TableRow>
                      <TableCell>Registro patronal</TableCell>
                      <TableCell>OOAD · subdelegación</TableCell>
                      <TableCell>Clase</TableCell>
                      <TableCell>Prima de riesgo</TableCell>
                      <TableCell>Zona salarial</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {employer.registros.map((r) => (
                      <TableRow key={r.registro}>
                        <TableCell>{r.registro}</TableCell>
                        <TableCell>
                          {r.ooadCode} · {r.subdelegacion}
                        </TableCell>
                        <TableCell>{['', 'I', 'II', 'III', 'IV', 'V'][r.activityClass] ?? r.activityClass}</TableCell>
                        <TableCell>{r.riskPremium} %</TableCell>
                        <TableCell>{r.wageZone === 'frontera' ? 'Zona Libre de la Frontera Norte' : 'General'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          )}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr 1fr' } }}>
            {PATRON_SECTIONS.slice(1).map((s) => (
              <Card key={s.path} variant="outlined">
                <CardActionArea component={RouterLink} to={patron.to(s.path)} sx={{ height: '100%' }}>
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
    </Box>
  );
}
