import { useState } from 'react';
import { useNavigate, useLocation } from 'react-router';
import type { SessionInfo } from '../api/auth.ts';
import { isWaitError } from '../components/ErrorAlert.tsx';
import { useCountdown } from '../components/useCountdown.ts';
import { afterLoginPath } from '../session/roles.ts';

/**
 * What both login forms share: one request at a time, the server's error kept for display, the
 * wait the server imposes (locked account, rate limit) counted down, and, on success, the way
 * to the page the person was going to if it is in their portal, else their portal's home.
 */
export function useLoginSubmit() {
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const waitSeconds = useCountdown(waitUntil);

  /** 'failed' when the server refused (the error is then shown); 'busy' when a try is already under way or must wait. */
  const submit = async (login: () => Promise<SessionInfo>): Promise<'done' | 'failed' | 'busy'> => {
    if (submitting || waitSeconds > 0) return 'busy';
    setSubmitting(true);
    setError(null);
    try {
      const session = await login();
      navigate(afterLoginPath(session.role, location), { replace: true });
      return 'done';
    } catch (caught) {
      setError(caught);
      const wait = isWaitError(caught) ? caught.retryAfterSeconds : null;
      setWaitUntil(wait ? Date.now() + wait * 1_000 : null);
      setSubmitting(false);
      return 'failed';
    }
  };

  return { error, submitting, waitSeconds, submit };
}
