import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useSession } from './SessionProvider.tsx';

/** While we ask the server who is logged in. */
export function SessionLoading() {
  return (
    <Box role="status" aria-live="polite" sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2, py: 10 }}>
      <CircularProgress aria-hidden />
      <Typography>Cargando…</Typography>
    </Box>
  );
}

/** The server could not be asked at all (down, no network): say so and offer to try again. */
export function SessionUnavailable({ message }: { message: string }) {
  const { refresh } = useSession();
  return (
    <Box sx={{ maxWidth: 560, mx: 'auto', py: 8, px: 2 }}>
      <Alert
        severity="error"
        role="alert"
        action={
          <Button color="inherit" size="small" onClick={() => void refresh()}>
            Reintentar
          </Button>
        }
      >
        {message}
      </Alert>
    </Box>
  );
}
