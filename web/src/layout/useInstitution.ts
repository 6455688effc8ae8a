import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { InstitutionResponse } from '../../../server/src/modules/system/institution.ts';

/** GET /api/system/institution (server/src/modules/system/institution.ts, type-only). */
export type Institution = Static<typeof InstitutionResponse>;

/** Until the server answers (or if it cannot): the name alone, no logo, the app's own notice. */
export const DEFAULT_INSTITUTION: Institution = { name: 'Instituto Mexicano del Seguro Social', logoUrl: null, privacyNoticeUrl: '/aviso-de-privacidad', helpLine: null };

// Plain fetch, not the ApiClient: public and unauthenticated, shown on the login page too; a failure falls back to the default.
function load(): Promise<Institution> {
  return fetch('/api/system/institution', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<Institution>) : DEFAULT_INSTITUTION))
    .catch(() => DEFAULT_INSTITUTION);
}

/** The institution the server is configured for (INSTITUTION_* variables): server configuration, read once and never stale. */
export function useInstitution(): Institution {
  return useQuery({ queryKey: ['system', 'institution'], queryFn: load, staleTime: Infinity, gcTime: Infinity }).data ?? DEFAULT_INSTITUTION;
}
