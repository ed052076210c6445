import type { ReactNode } from 'react';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { ApiError } from '@/lib/api-client';

// Everything the app runs inside: the theme, notifications, the server-state cache and
// the router.

const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Table: { defaultProps: { striped: false } },
    // Badges hold names (categories, segments, statuses): as written, never cut short.
    Badge: { defaultProps: { tt: 'none', fw: 600 }, styles: { root: { overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible' } } },
  },
});

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A refusal will be refused again; only a lost connection is worth retrying.
      retry: (count, e) => count < 2 && e instanceof ApiError && (e.status === 0 || e.status >= 500),
    },
  },
});

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>{children}</BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
