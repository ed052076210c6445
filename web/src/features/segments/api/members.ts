import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg, type ApiResponse } from '@/lib/api-client';
import { toCsv } from '@/lib/csv';
import { segmentKeys } from './keys';

// A segment's members, a page at a time, and the hand-made decisions on them.

export type Member = Record<string, unknown> & { id: string };
export type ManualResult = ApiResponse<'/api/v1/segments/{alias}/include', 'post'>;

export interface MembersRequest {
  readonly cursor: string | null;
  readonly limit: number;
}

/** The first page as the members tab asks for it, so a segment's page can start it at once. */
export const FIRST_PAGE: MembersRequest = { cursor: null, limit: 50 };

export const membersQuery = (alias: string, req: MembersRequest) => ({
  queryKey: segmentKeys.members(alias, req),
  queryFn: async ({ signal }: { signal: AbortSignal }) => {
    const r = await api.get<{ members: (string | Record<string, unknown>)[]; next: string | null }>(
      `/api/v1/segments/${seg(alias)}/members`,
      { query: { limit: req.limit, cursor: req.cursor, fields: true }, signal },
    );
    return { members: r.members.map((m) => (typeof m === 'string' ? { id: m } : m) as Member), next: r.next };
  },
});

export function useMembers(alias: string, req: MembersRequest) {
  return useQuery({
    ...membersQuery(alias, req),
    placeholderData: keepPreviousData,
  });
}

export function useManual(alias: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ mode, ids }: { mode: 'include' | 'exclude' | 'reset'; ids: string[] }) =>
      api.post<ManualResult>(`/api/v1/segments/${seg(alias)}/${mode}`, { ids }),
    onSuccess: () => Promise.all([
      qc.invalidateQueries({ queryKey: segmentKeys.all }),
      qc.invalidateQueries({ queryKey: ['contacts'] }),
    ]),
  });
}

/** Every member with every stored field as CSV, fetched page by page. */
export async function exportMembers(alias: string, onProgress: (done: number) => void, signal?: AbortSignal): Promise<string> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page: { members: Record<string, unknown>[]; next: string | null } = await api.get(
      `/api/v1/segments/${seg(alias)}/members`, { query: { limit: 10_000, cursor, fields: true }, signal },
    );
    rows.push(...page.members);
    onProgress(rows.length);
    cursor = page.next;
  } while (cursor);
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  keys.sort((a, b) => (a === 'id' ? -1 : b === 'id' ? 1 : 0));
  return toCsv(keys, rows.map((r) => keys.map((k) => r[k])));
}
