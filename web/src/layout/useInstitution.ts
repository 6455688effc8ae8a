import { useEffect, useState } from 'react';

export interface Institution {
  name: string;
  logoUrl: string | null;
  privacyNoticeUrl: string;
  helpLine: string | null;
}

/** Until the server answers (or if it cannot): the name alone, no logo, the app's own notice. */
export const DEFAULT_INSTITUTION: Institution = { name: 'Instituto Mexicano del Seguro Social', logoUrl: null, privacyNoticeUrl: '/aviso-de-privacidad', helpLine: null };

let cached: Promise<Institution> | null = null;

function load(): Promise<Institution> {
  cached ??= fetch('/api/system/institution', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<Institution>) : DEFAULT_INSTITUTION))
    .catch(() => DEFAULT_INSTITUTION);
  return cached;
}

/** The institution the server is configured for (INSTITUTION_* variables), fetched once per page load. */
export function useInstitution(): Institution {
  const [institution, setInstitution] = useState<Institution>(DEFAULT_INSTITUTION);
  useEffect(() => {
    let current = true;
    void load().then((value) => current && setInstitution(value));
    return () => {
      current = false;
    };
  }, []);
  return institution;
}
