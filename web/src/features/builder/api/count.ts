import { api, type ApiResponse } from '@/lib/api-client';
import type { Condition } from '../model';

// POST /api/v1/count: the count of a condition — with `nodes`, of every node of the tree
// on its own, in one query — and, as a by-product, the condition read from DSL text and
// printed back as DSL (the editor's text mode uses both directions).

export type CountAnswer = ApiResponse<'/api/v1/count', 'post'>;

export function countCondition(condition: Condition | string, nodes: boolean, signal?: AbortSignal): Promise<CountAnswer> {
  return api.post<CountAnswer>('/api/v1/count', { condition, ...(nodes ? { nodes: true } : {}) }, { signal });
}
