import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, seg, type ApiBody, type ApiResponse } from '@/lib/api-client';
import type { Condition } from '../model';
import type { CatalogEvent } from '../ops';
import { countEarly } from './count';

// What the editor asks the server: the segments (for alias checks, categories and
// membership rows), one segment to edit, the event catalog, templates, and saving.
// Query keys match the segments feature's, so a save refreshes every list.

export type Segment = ApiResponse<'/api/v1/segments'>[number];
export type SegmentDetail = ApiResponse<'/api/v1/segments/{alias}'>;
export type SegmentInput = ApiBody<'/api/v1/segments', 'post'>;

export const builderKeys = {
  segments: ['segments', 'list'] as const,
  segment: (alias: string) => ['segments', 'detail', alias] as const,
  catalog: ['catalog', 'events'] as const,
  templates: ['templates'] as const,
};

const segmentListQuery = {
  queryKey: builderKeys.segments,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Segment[]>('/api/v1/segments', { signal }),
};

const segmentToEditQuery = (alias: string) => ({
  queryKey: builderKeys.segment(alias),
  queryFn: async ({ signal }: { signal: AbortSignal }) => {
    // Its counts are asked for as soon as it arrives, before the editor (drawn from it) could
    // ask: the editor's first count then uses that answer. The tree code comes with the
    // editor's own script, which is loading meanwhile.
    const tree = import('../tree').catch(() => null);
    const s = await api.get<SegmentDetail>(`/api/v1/segments/${seg(alias)}`, { signal });
    const t = await tree;
    if (t && s.kind === 'dynamic' && s.condition) countEarly(t.compile(t.fromCondition(s.condition as Condition)).condition);
    return s;
  },
  // The editor keeps its own draft: a refetch must not replace what is being typed.
  staleTime: Infinity,
});

interface CatalogResponse { events: CatalogEvent[] }

const eventCatalogQuery = {
  queryKey: builderKeys.catalog,
  queryFn: async ({ signal }: { signal: AbortSignal }) => (await api.get<CatalogResponse>('/api/v1/catalog/events', { signal })).events,
  staleTime: 60_000,
};

export function useSegmentList() {
  return useQuery(segmentListQuery);
}

export function useSegmentToEdit(alias: string | undefined) {
  return useQuery({ ...segmentToEditQuery(alias ?? ''), enabled: alias !== undefined, refetchOnWindowFocus: false });
}

/** Event names the workspace has seen, with property keys, types and example values. */
export function useEventCatalog() {
  return useQuery(eventCatalogQuery);
}

/** The editor's first requests, started as soon as its address is known. */
export function prefetchSegmentEditor(qc: QueryClient, alias: string | undefined): void {
  if (alias !== undefined) void qc.prefetchQuery(segmentToEditQuery(alias));
  void qc.prefetchQuery(segmentListQuery);
  void qc.prefetchQuery(eventCatalogQuery);
}

export interface ServerTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly condition: unknown;
  readonly dsl: string;
  readonly ready: boolean;
  readonly notes: readonly string[];
}

export function useServerTemplates(enabled: boolean) {
  return useQuery({
    queryKey: builderKeys.templates,
    queryFn: async ({ signal }) => (await api.get<{ templates: ServerTemplate[] }>('/api/v1/templates', { signal })).templates,
    enabled,
    staleTime: 60_000,
  });
}

/** Create (no alias yet) or replace (the alias being edited) a segment. */
export function useSaveSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, editing }: { body: SegmentInput; editing?: string }) =>
      editing ? api.put<Segment>(`/api/v1/segments/${seg(editing)}`, body) : api.post<Segment>('/api/v1/segments', body),
    onSuccess: async (saved) => {
      qc.setQueryData(builderKeys.segment(saved.alias), undefined);
      await qc.invalidateQueries({ queryKey: ['segments'] });
    },
  });
}
