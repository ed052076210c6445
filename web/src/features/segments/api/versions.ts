import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg, type ApiResponse } from '@/lib/api-client';
import { segmentKeys } from './keys';

// Every saved version of a segment's definition, and restoring one (a new save with the
// old definition: the history keeps growing, nothing is lost).

export type Version = ApiResponse<'/api/v1/segments/{alias}/versions'>['versions'][number];
export type Restored = ApiResponse<'/api/v1/segments/{alias}/versions/{n}/restore', 'post'>;

export const versionsQuery = (alias: string) => ({
  queryKey: segmentKeys.versions(alias),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<ApiResponse<'/api/v1/segments/{alias}/versions'>>(`/api/v1/segments/${seg(alias)}/versions`, { signal })
    .then((r) => [...r.versions].sort((a, b) => b.version - a.version)),
});

export function useVersions(alias: string) {
  return useQuery(versionsQuery(alias));
}

export function useRestoreVersion(alias: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => api.post<Restored>(`/api/v1/segments/${seg(alias)}/versions/${version}/restore`),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

/** Who saved a version, as people read it. */
export function savedBy(v: Version): string {
  if (v.savedBy.id === 'cli') return 'the command line';
  return v.savedBy.name ? `${v.savedBy.name}` : v.savedBy.id;
}
