import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg, type ApiBody, type ApiResponse } from '@/lib/api-client';

// Webhook subscriptions (segment.entered / segment.left, Standard Webhooks), their
// delivery log and a test message on demand.

export type Webhook = ApiResponse<'/api/v1/webhooks'>['webhooks'][number];
export type CreatedWebhook = ApiResponse<'/api/v1/webhooks', 'post'>;
export type Delivery = ApiResponse<'/api/v1/webhooks/{id}/deliveries'>['deliveries'][number];
export type WebhookInput = ApiBody<'/api/v1/webhooks', 'post'>;

const keys = {
  list: ['webhooks', 'list'] as const,
  deliveries: (id: string) => ['webhooks', 'deliveries', id] as const,
};

export function useWebhooks() {
  return useQuery({
    queryKey: keys.list,
    queryFn: ({ signal }) => api.get<{ webhooks: Webhook[] }>('/api/v1/webhooks', { signal }).then((r) => r.webhooks),
  });
}

export function useDeliveries(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.deliveries(id),
    enabled,
    queryFn: ({ signal }) => api.get<{ deliveries: Delivery[]; next: number | null }>(`/api/v1/webhooks/${seg(id)}/deliveries`, { query: { limit: 50 }, signal }),
    // Deliveries happen in the background: look again while the log is open.
    refetchInterval: 3000,
  });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookInput) => api.post<CreatedWebhook>('/api/v1/webhooks', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/v1/webhooks/${seg(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Delivery>(`/api/v1/webhooks/${seg(id)}/test`),
    onSuccess: (_d, id) => qc.invalidateQueries({ queryKey: keys.deliveries(id) }),
  });
}
