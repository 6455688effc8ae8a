import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import type { SessionInfo } from '../api/auth.ts';
import { timeOfDay } from '../format/date-time.ts';
import { portalOf } from '../session/roles.ts';

/** The account behind the session, as the server described it. */
export function AccountSummary({ session }: { session: SessionInfo }) {
  const rows: Array<[string, string]> = [['Rol', portalOf(session.role).roleLabel]];
  if (session.matricula) rows.push(['Matrícula', session.matricula]);
  if (session.ooad) rows.push(['OOAD', `${session.ooad.name} (${session.ooad.code})`]);
  if (session.expiresAt) rows.push(['Sesión vigente hasta', `${timeOfDay(session.expiresAt)} h`]);
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Su cuenta
        </Typography>
        <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 16, rowGap: 8 }}>
          {rows.map(([term, value]) => (
            <div key={term} style={{ display: 'contents' }}>
              <Typography component="dt" color="text.secondary">
                {term}
              </Typography>
              <Typography component="dd" sx={{ m: 0, fontWeight: 500 }}>
                {value}
              </Typography>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
