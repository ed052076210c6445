import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg, type ApiResponse } from '@/lib/api-client';
import { settingsQuery, type Settings } from '@/lib/workspace';

// Workspace settings (the time zone) and API keys.

export type ApiKey = ApiResponse<'/api/v1/keys'>[number];
export type CreatedKey = ApiResponse<'/api/v1/keys', 'post'>;

export function useSaveSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: Settings) => api.put<Settings>('/api/v1/settings', s),
    onSuccess: (s) => {
      qc.setQueryData(settingsQuery.queryKey, s);
      // Days, ages and windows are counted in the zone: everything may have moved.
      return qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'settings' });
    },
  });
}

const keysKey = ['keys'] as const;

export function useKeys() {
  return useQuery({ queryKey: keysKey, queryFn: ({ signal }) => api.get<ApiKey[]>('/api/v1/keys', { signal }) });
}

export function useCreateKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { role: 'admin' | 'write'; name?: string }) => api.post<CreatedKey>('/api/v1/keys', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: keysKey }),
  });
}

export function useRevokeKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<ApiKey>(`/api/v1/keys/${seg(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keysKey }),
  });
}
