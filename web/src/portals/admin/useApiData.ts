import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiData<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads once and on `reload()`; a response that arrives after a newer request started is dropped,
 * so an older answer never overwrites a newer one.
 */
export function useApiData<T>(load: () => Promise<T>, deps: readonly unknown[]): ApiData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const run = useCallback(load, deps);

  useEffect(() => {
    const request = ++latest.current;
    setLoading(true);
    run().then(
      (value) => {
        if (request !== latest.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (request !== latest.current) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, [run, tick]);

  return { data, error, loading, reload: useCallback(() => setTick((n) => n + 1), []) };
}
