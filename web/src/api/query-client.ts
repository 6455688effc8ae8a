import { QueryClient } from '@tanstack/react-query';

/**
 * The one cache of server data (TanStack Query). A page asks with `useQuery({ queryKey, queryFn })`:
 * the query key names what is shown (e.g. the quincena), so an answer for an older key never lands
 * on the screen of a newer one, and a page left mid-load cancels nothing it should keep.
 *
 * No retries and no refetch on window focus: most reads of personal data write an audit entry on
 * the server, so a read happens when the person asks for it, not when the tab regains focus; and the
 * ApiClient's errors (403, 409, a Spanish message) are answers, not glitches worth repeating.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}
