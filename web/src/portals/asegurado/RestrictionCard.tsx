import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Typography from '@mui/material/Typography';
import { STATE_LABELS, type InsuredView, type MyClinic } from '../../api/insured.ts';

/** The restriction, its deadline and what to do; nothing alarming when al corriente. */
export function RestrictionCard({ restriction, clinic }: { restriction: InsuredView['restriction']; clinic: MyClinic | null }) {
  const severity = restriction.state === 'nss_suspendido' ? 'error' : restriction.state === 'restringido' ? 'warning' : restriction.state === 'al_corriente' ? 'success' : 'info';
  const point = clinic?.nearestEnrollmentPoint;
  return (
    <Alert severity={severity} data-testid="restriction" data-state={restriction.state}>
      <AlertTitle>{STATE_LABELS[restriction.state]}</AlertTitle>
      {restriction.deadline && restriction.state === 'restringido' && (
        <Typography sx={{ fontWeight: 600 }} data-testid="deadline">
          Plazo para registrar su biometría: {restriction.deadline}
          {restriction.daysLeft !== null && restriction.daysLeft >= 0 ? ` (quedan ${restriction.daysLeft} días)` : ''}
        </Typography>
      )}
      {restriction.deadline && restriction.state === 'nss_suspendido' && <Typography>El plazo venció el {restriction.deadline}.</Typography>}
      <Typography>{restriction.whatToDo}</Typography>
      {point && restriction.state !== 'al_corriente' && (
        <Typography sx={{ mt: 1 }} data-testid="enrollment-point">
          Módulo de enrolamiento más cercano: <strong>{point.name}</strong>, {point.address}
        </Typography>
      )}
    </Alert>
  );
}
