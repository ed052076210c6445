import { useQuery } from '@tanstack/react-query';
import { api } from './api-client';

// Which routes this server offers, from its OpenAPI document. Pages that need a route a
// server may not have yet (an older server) ask here and show a clear message instead of
// a failed request.

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

export interface ServerRoutes {
  has(method: string, path: string): boolean;
  /** Names of a route's query parameters. */
  queryParams(method: string, path: string): string[];
}

function routesOf(doc: OpenApiDoc): ServerRoutes {
  const op = (method: string, path: string) => doc.paths[path]?.[method.toLowerCase()];
  return {
    has: (method, path) => op(method, path) !== undefined,
    queryParams: (method, path) => (op(method, path)?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
  };
}

export function useServerRoutes(): { routes: ServerRoutes | undefined; isLoading: boolean } {
  const q = useQuery({
    queryKey: ['openapi'],
    queryFn: ({ signal }) => api.get<OpenApiDoc>('/api/v1/openapi.json', { signal }),
    staleTime: 5 * 60_000,
    select: routesOf,
  });
  return { routes: q.data, isLoading: q.isLoading };
}
