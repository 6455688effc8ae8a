import Alert from '@mui/material/Alert';
import { ApiError } from '../api/client.ts';

/** Codes that mean "wait and try again", not "you typed something wrong". */
const WAIT_CODES = new Set(['ACCOUNT_LOCKED', 'RATE_LIMITED']);

/**
 * Shows a failed request's message as the server wrote it (es-MX), in a live region so screen
 * readers announce it. Waiting conditions are warnings; everything else is an error.
 */
export function ErrorAlert({ error, waitSeconds = 0 }: { error: unknown; waitSeconds?: number }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  const waiting = apiError !== null && WAIT_CODES.has(apiError.code);
  return (
    <Alert severity={waiting ? 'warning' : 'error'} role="alert" data-error-code={apiError?.code}>
      {message}
      {waiting && waitSeconds === 0 ? ' Ya puede intentar de nuevo.' : ''}
    </Alert>
  );
}

export function isWaitError(error: unknown): error is ApiError {
  return error instanceof ApiError && WAIT_CODES.has(error.code);
}
