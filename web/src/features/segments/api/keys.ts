// Query keys of everything segment-shaped, so that one invalidation reaches them all.
export const segmentKeys = {
  all: ['segments'] as const,
  list: () => ['segments', 'list'] as const,
  detail: (alias: string) => ['segments', 'detail', alias] as const,
  history: (alias: string, days: number) => ['segments', 'history', alias, days] as const,
  allHistory: (days: number) => ['segments', 'all-history', days] as const,
  members: (alias: string, page: unknown) => ['segments', 'members', alias, page] as const,
  upcoming: (alias: string, days: number, limit: number) => ['segments', 'upcoming', alias, days, limit] as const,
  versions: (alias: string) => ['segments', 'versions', alias] as const,
  overlap: (a: string, b: string) => ['segments', 'overlap', a, b] as const,
};
