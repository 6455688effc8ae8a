import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiClient } from '../api/client.ts';
import { createQueryClient } from '../api/query-client.ts';
import { SessionProvider, useSession } from '../session/SessionProvider.tsx';
import { theme } from './theme.ts';

/** Theme, data cache and session around the app; tests use it with their own ApiClient and a MemoryRouter. */
export function AppProviders({ children, client }: { children: ReactNode; client?: ApiClient }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <QueryClientProvider client={queryClient}>
        <SessionProvider client={client}>
          <ForgetDataOnAccountChange />
          {children}
        </SessionProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}

/**
 * One person's data never shows on the next one's screen: the cache is emptied when an account's
 * session ends (logout, expiry, another login). Not when the first session is learnt: what loaded
 * meanwhile is that account's own, and a page already showing it must keep it.
 */
function ForgetDataOnAccountChange() {
  const queryClient = useQueryClient();
  const { state } = useSession();
  const accountId = state.status === 'authenticated' ? state.session.accountId : null;
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (previous.current !== null && previous.current !== accountId) queryClient.clear();
    previous.current = accountId;
  }, [queryClient, accountId]);
  return null;
}
