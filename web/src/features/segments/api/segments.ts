import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg, type ApiResponse } from '@/lib/api-client';
import { segmentKeys } from './keys';

// Segment definitions: the list with counts, one segment, and what can be done to one
// from outside the editor (rebuild, duplicate, delete).

export type Segment = ApiResponse<'/api/v1/segments'>[number];
export type SegmentDetail = ApiResponse<'/api/v1/segments/{alias}'>;
export type RebuildResult = ApiResponse<'/api/v1/segments/{alias}/rebuild', 'post'>;

export const segmentsQuery = {
  queryKey: segmentKeys.list(),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Segment[]>('/api/v1/segments', { signal }),
};

export function useSegments() {
  return useQuery(segmentsQuery);
}

export const segmentQuery = (alias: string) => ({
  queryKey: segmentKeys.detail(alias),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<SegmentDetail>(`/api/v1/segments/${seg(alias)}`, { signal }),
});

export function useSegment(alias: string) {
  return useQuery(segmentQuery(alias));
}

export function useRebuildSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) => api.post<RebuildResult>(`/api/v1/segments/${seg(alias)}/rebuild`),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) => api.delete<{ deleted: string }>(`/api/v1/segments/${seg(alias)}`),
    onSuccess: (_d, alias) => {
      qc.removeQueries({ queryKey: segmentKeys.detail(alias) });
      return qc.invalidateQueries({ queryKey: segmentKeys.all });
    },
  });
}

/** A copy under a new name; the server makes its alias from the name. */
export function useDuplicateSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (s: Pick<Segment, 'name' | 'description' | 'category' | 'kind' | 'condition'>) => {
      const taken = new Set((qc.getQueryData<Segment[]>(segmentKeys.list()) ?? []).map((x) => x.name));
      let name = `${s.name} (copy)`;
      for (let i = 2; taken.has(name); i++) name = `${s.name} (copy ${i})`;
      return api.post<Segment>('/api/v1/segments', {
        name, description: s.description, category: s.category, kind: s.kind, ...(s.condition ? { condition: s.condition } : {}),
      });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

/** Aliases a condition tree refers to (`in segment x`), at any depth. */
export function referencedAliases(condition: unknown): string[] {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const node = n as { type?: string; segment?: unknown; conditions?: unknown[]; condition?: unknown };
    if (node.type === 'segment' && typeof node.segment === 'string') out.add(node.segment);
    node.conditions?.forEach(walk);
    if (node.condition) walk(node.condition);
  };
  walk(condition);
  return [...out];
}

/** For each alias, the segments whose definitions refer to it. */
export function usedBy(segments: readonly Segment[]): Map<string, Segment[]> {
  const map = new Map<string, Segment[]>();
  for (const s of segments) {
    for (const a of referencedAliases(s.condition)) {
      const list = map.get(a) ?? [];
      list.push(s);
      map.set(a, list);
    }
  }
  return map;
}
