import { useQuery } from '@tanstack/react-query';
import { api, authHeaders, request, seg, type ApiResponse } from '@/lib/api-client';
import type { Format } from '../records';

// The import routes with column mapping: a preview (suggested targets, the first rows
// checked cell by cell, nothing stored), the import itself, and its rejected rows.

export type Kind = 'contacts' | 'events';
export type Preview = ApiResponse<'/api/v1/imports/preview', 'post'>;
export type MappedResult = ApiResponse<'/api/v1/imports/{kind}/mapped', 'post'>;
export type Mapping = Record<string, string | null>;

const contentType = (format: Format): string => (format === 'csv' ? 'text/csv' : 'application/x-ndjson');

export function usePreview(args: { kind: Kind; format: Format; head: string; mapping: Mapping | null; createFields: boolean } | null) {
  return useQuery({
    queryKey: ['imports', 'preview', args],
    enabled: args !== null,
    staleTime: Infinity,
    queryFn: ({ signal }) => {
      const a = args as NonNullable<typeof args>;
      return request<Preview>('POST', '/api/v1/imports/preview', {
        query: { kind: a.kind, format: a.format, mapping: a.mapping ? JSON.stringify(a.mapping) : undefined, createFields: a.createFields ? 'true' : undefined },
        body: a.head, headers: { 'content-type': contentType(a.format) }, signal,
      });
    },
    placeholderData: (prev) => prev,
  });
}

export function importMapped(kind: Kind, format: Format, body: string, mapping: Mapping, createFields: boolean, signal?: AbortSignal): Promise<MappedResult> {
  return request<MappedResult>('POST', `/api/v1/imports/${seg(kind)}/mapped`, {
    query: { format, mapping: JSON.stringify(mapping), createFields: createFields ? 'true' : undefined },
    body, headers: { 'content-type': contentType(format) }, signal,
  });
}

/** Every rejected row the server kept for an import, as CSV (line, reasons, the upload's columns). */
export async function rejectsCsv(url: string): Promise<string> {
  const res = await fetch(`${url}?format=csv`, { headers: authHeaders() });
  if (!res.ok) return api.get<string>(url); // answers the server's error as an ApiError
  return res.text();
}
