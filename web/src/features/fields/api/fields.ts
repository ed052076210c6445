import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '@/lib/api-client';
import { fieldsQuery } from '@/lib/workspace';

// Declaring and changing custom fields (the list itself is workspace-wide: lib/workspace).

export type FieldDef = Extract<ApiBody<'/api/v1/fields', 'post'>, { key: string }>;
export type FieldsResult = ApiResponse<'/api/v1/fields', 'post'>;

export function useSaveField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (def: FieldDef) => api.post<FieldsResult>('/api/v1/fields', def),
    onSuccess: () => qc.invalidateQueries({ queryKey: fieldsQuery.queryKey }),
  });
}
