import Button from '@mui/material/Button';
import { formatWait } from '../components/useCountdown.ts';

/** "Ingresar", or what is happening instead: the check in progress, or the wait the server imposed. */
export function LoginSubmitButton({ submitting, waitSeconds }: { submitting: boolean; waitSeconds: number }) {
  return (
    <Button type="submit" variant="contained" size="large" disabled={submitting || waitSeconds > 0}>
      {submitting ? 'Verificando…' : waitSeconds > 0 ? `Podrá intentar en ${formatWait(waitSeconds)}` : 'Ingresar'}
    </Button>
  );
}
