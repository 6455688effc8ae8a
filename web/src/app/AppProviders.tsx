import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import type { ReactNode } from 'react';
import type { ApiClient } from '../api/client.ts';
import { SessionProvider } from '../session/SessionProvider.tsx';
import { theme } from './theme.ts';

/** Theme and session around the app; tests use it with their own ApiClient and a MemoryRouter. */
export function AppProviders({ children, client }: { children: ReactNode; client?: ApiClient }) {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <SessionProvider client={client}>{children}</SessionProvider>
    </ThemeProvider>
  );
}
