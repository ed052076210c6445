import { useQuery } from '@tanstack/react-query';
import { api, ApiError, seg, type ApiResponse } from './api-client';
import { useServerRoutes } from './server-routes';

// Finding a contact, shared by every place that picks one (the contacts page, a
// segment's "include a contact"). A server with a contact search route is searched by
// id, email or name; otherwise the text is looked up as an exact contact id.

export type Contact = ApiResponse<'/api/v1/contacts/{id}'>;

export interface ContactHit {
  readonly id: string;
  readonly email: string | null;
  readonly name: string | null;
}

export function contactName(fields: Record<string, unknown> | undefined): string | null {
  if (!fields) return null;
  const name = [fields.first_name, fields.last_name].filter((x) => typeof x === 'string' && x).join(' ');
  return name || null;
}

function hitOf(r: Record<string, unknown>): ContactHit {
  const fields = (r.fields && typeof r.fields === 'object' ? r.fields : r) as Record<string, unknown>;
  return { id: String(r.id), email: typeof fields.email === 'string' ? fields.email : null, name: contactName(fields) };
}

export function useContactSearch(text: string) {
  const { routes } = useServerRoutes();
  const searchable = routes?.has('get', '/api/v1/contacts') ?? false;
  const q = text.trim();
  const query = useQuery({
    queryKey: ['contacts', 'search', q, searchable],
    enabled: q.length > 0 && routes !== undefined,
    staleTime: 10_000,
    queryFn: async ({ signal }): Promise<ContactHit[]> => {
      if (searchable) {
        const r = await api.get<unknown>('/api/v1/contacts', { query: { q, limit: 20 }, signal });
        const list = (Array.isArray(r) ? r : (r as { contacts?: unknown[] }).contacts ?? []) as Record<string, unknown>[];
        return list.map(hitOf);
      }
      try {
        const c = await api.get<Contact>(`/api/v1/contacts/${seg(q)}`, { signal });
        return [hitOf({ id: c.id, fields: c.fields })];
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return [];
        throw e;
      }
    },
  });
  return { ...query, searchable };
}
