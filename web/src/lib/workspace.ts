import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from './api-client';
import { makeFormatters, type Formatters } from './format';

// Workspace-wide facts every page uses: the settings (time zone) and formatters in that
// zone; the fields (for labels and value types).

export type Settings = ApiResponse<'/api/v1/settings'>;
export type Field = ApiResponse<'/api/v1/fields'>[number];

export const settingsQuery = {
  queryKey: ['settings'] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Settings>('/api/v1/settings', { signal }),
  staleTime: 60_000,
};

export const fieldsQuery = {
  queryKey: ['fields'] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Field[]>('/api/v1/fields', { signal }),
  staleTime: 30_000,
};

const SYSTEM_LABELS: Record<string, string> = {
  id: 'Contact id', email: 'E-mail', phone: 'Phone', first_name: 'First name', last_name: 'Last name',
  created_at: 'Created', tags: 'Tags', last_active_at: 'Last active',
};

/** What people call a field: its label, or the usual name of a system field. */
export function fieldLabel(f: Pick<Field, 'key' | 'label'>): string {
  return f.label ?? SYSTEM_LABELS[f.key] ?? f.key;
}

export function useSettings() {
  return useQuery(settingsQuery);
}

export function useFields() {
  return useQuery(fieldsQuery);
}

export type Clock = ApiResponse<'/api/v1/clock'>;

/** The server's clock: the wall clock, or a fixed one (`segmint serve --now`) that moves only when told. */
export function useServerClock() {
  return useQuery({
    queryKey: ['clock'],
    queryFn: async ({ signal }) => ({ ...(await api.get<Clock>('/api/v1/clock', { signal })), readAt: Date.now() }),
    staleTime: 60_000,
  });
}

/** Formatters in the workspace's zone (UTC until the settings have loaded), "ago" from the server's clock. */
export function useFormat(): Formatters {
  const { data } = useSettings();
  const clock = useServerClock().data;
  const tz = data?.timezone ?? 'UTC';
  return useMemo(() => {
    const now = !clock ? Date.now
      : clock.fixed ? () => Date.parse(clock.now)
      : () => Date.now() + (Date.parse(clock.now) - clock.readAt);
    return makeFormatters(tz, undefined, now);
  }, [tz, clock]);
}
