import { useEffect, useState } from 'react';

/**
 * Seconds left until `until` (epoch ms), re-rendering once a second; 0 when there is nothing to
 * wait for. Used to keep a login button disabled while the server says the account must wait.
 */
export function useCountdown(until: number | null): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      setTick((tick) => tick + 1);
      if (Date.now() >= until) clearInterval(timer);
    }, 1_000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1_000));
}

/** "1:05" for 65 seconds: how a waiting time reads on a button. */
export function formatWait(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}
