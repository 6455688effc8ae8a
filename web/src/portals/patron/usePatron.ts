import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { employerApi, type Registro } from '../../api/employer.ts';
import { useSession } from '../../session/SessionProvider.tsx';

/**
 * What every patrón page needs: the employer of the session, its registros patronales, and the
 * one in use, kept in the address (`?registro=`) so a link or a reload keeps it.
 */
export function usePatron() {
  const { client } = useSession();
  const api = useMemo(() => employerApi(client), [client]);
  const employer = useQuery({ queryKey: ['employer', 'me'], queryFn: api.employer });
  const [params, setParams] = useSearchParams();
  const registros: Registro[] = employer.data?.registros ?? [];
  const wanted = params.get('registro');
  const registro = registros.find((r) => r.registro === wanted) ?? registros[0] ?? null;
  const selectRegistro = useCallback(
    (value: string) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.set('registro', value);
        return next;
      }),
    [setParams],
  );
  /** A path inside the portal that keeps the registro in use. */
  const to = useCallback((path: string, extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({ ...(registro ? { registro: registro.registro } : {}), ...extra }).toString();
    return query ? `${path}?${query}` : path;
  }, [registro]);
  return { api, employer, registros, registro, selectRegistro, to };
}

export type Patron = ReturnType<typeof usePatron>;
