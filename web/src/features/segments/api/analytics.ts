import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { api, seg, type ApiResponse } from '@/lib/api-client';
import { segmentKeys } from './keys';

// What happened to a segment and what will: size and entered/left per day, the changes
// due without new data, and the overlap with another segment.

export type History = ApiResponse<'/api/v1/segments/{alias}/history'>;
export type Upcoming = ApiResponse<'/api/v1/segments/{alias}/upcoming'>;

export const historyQuery = (alias: string, days: number) => ({
  queryKey: segmentKeys.history(alias, days),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<History>(`/api/v1/segments/${seg(alias)}/history`, { query: { days }, signal }),
  staleTime: 30_000,
});

export function useHistory(alias: string, days: number) {
  return useQuery(historyQuery(alias, days));
}

export type AllHistory = ApiResponse<'/api/v1/history'>;

/** The last week of every segment (the list's trend column), in one request. */
export function useWeekTrends() {
  return useQuery({
    queryKey: segmentKeys.allHistory(8),
    queryFn: ({ signal }) => api.get<AllHistory>('/api/v1/history', { query: { days: 8 }, signal }),
    staleTime: 30_000,
    select: (all) => new Map<string, History>(all.segments.map((s) => [s.segment, { segment: s.segment, timezone: all.timezone, days: s.days }])),
  });
}

/** The first rows of the upcoming list a page shows; the totals count all of them. */
export const UPCOMING_PAGE = 100;

export const upcomingQuery = (alias: string, days: number, limit = UPCOMING_PAGE) => ({
  queryKey: segmentKeys.upcoming(alias, days, limit),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Upcoming>(`/api/v1/segments/${seg(alias)}/upcoming`, { query: { days, limit }, signal }),
});

export function useUpcoming(alias: string, days: number, limit: number) {
  // Showing more keeps the rows already shown until the longer list arrives.
  return useQuery({ ...upcomingQuery(alias, days, limit), placeholderData: keepPreviousData });
}

export type Overlap = ApiResponse<'/api/v1/segments/{alias}/overlap/{other}'>;

/** How two segments overlap: in the first only, in both, in the second only. */
export function useOverlap(a: string, b: string | null) {
  return useQuery({
    queryKey: segmentKeys.overlap(a, b ?? ''),
    enabled: b !== null,
    queryFn: ({ signal }) => api.get<Overlap>(`/api/v1/segments/${seg(a)}/overlap/${seg(b ?? '')}`, { signal }),
  });
}
