import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, seg, type ApiResponse } from '@/lib/api-client';
import type { Contact } from '@/lib/contact-lookup';

// One contact: its fields, tags, latest events and segments; every segment with in or
// out and why; and every time it entered or left one.

export type { Contact };
export type ContactSegment = ApiResponse<'/api/v1/contacts/{id}/segments'>['segments'][number];
export type HistoryPage = ApiResponse<'/api/v1/contacts/{id}/history'>;
export type MembershipEvent = HistoryPage['history'][number];
export type Trace = { path: string; result: boolean; seen: Record<string, unknown>; children: Trace[] };
/** What the "why" tree needs: a verdict, hand-made decisions, the trace and its condition. */
export type Explanation = Pick<ContactSegment, 'member' | 'matches' | 'manual' | 'trace' | 'condition'>;

export const contactKeys = {
  detail: (id: string) => ['contacts', 'detail', id] as const,
  segments: (id: string) => ['contacts', 'segments', id] as const,
  history: (id: string) => ['contacts', 'history', id] as const,
};

const contactQuery = (id: string) => ({
  queryKey: contactKeys.detail(id),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Contact>(`/api/v1/contacts/${seg(id)}`, { signal }),
});

const contactSegmentsQuery = (id: string) => ({
  queryKey: contactKeys.segments(id),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<ApiResponse<'/api/v1/contacts/{id}/segments'>>(`/api/v1/contacts/${seg(id)}/segments`, { signal }).then((r) => r.segments),
});

const membershipHistoryQuery = (id: string) => ({
  queryKey: contactKeys.history(id),
  initialPageParam: null as string | null,
  queryFn: ({ signal, pageParam }: { signal: AbortSignal; pageParam: string | null }) =>
    api.get<HistoryPage>(`/api/v1/contacts/${seg(id)}/history`, { query: { limit: 50, before: pageParam }, signal }),
  getNextPageParam: (last: HistoryPage) => last.next,
});

export function useContact(id: string) {
  return useQuery(contactQuery(id));
}

/** Every segment with in or out for the contact, and the reason, in one request. */
export function useContactSegments(id: string) {
  return useQuery(contactSegmentsQuery(id));
}

/** Entries and exits, newest first, a page at a time. */
export function useMembershipHistory(id: string) {
  return useInfiniteQuery(membershipHistoryQuery(id));
}

/** A contact's page asks for all three at once, as soon as its address is known. */
export function prefetchContactPage(qc: QueryClient, id: string): void {
  void qc.prefetchQuery(contactQuery(id));
  void qc.prefetchQuery(contactSegmentsQuery(id));
  void qc.prefetchInfiniteQuery(membershipHistoryQuery(id));
}

/** Segments with their member counts, to browse contacts by. */
export function useSegmentCounts() {
  return useQuery({
    queryKey: ['segments', 'list'],
    queryFn: ({ signal }) => api.get<ApiResponse<'/api/v1/segments'>>('/api/v1/segments', { signal }),
  });
}

export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ deleted: string }>(`/api/v1/contacts/${seg(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['segments'] }),
  });
}
