import { api, type ApiResponse } from '@/lib/api-client';
import type { Condition } from '../model';

// POST /api/v1/count: the count of a condition — with `nodes`, of every node of the tree
// on its own, in one query — and, as a by-product, the condition read from DSL text and
// printed back as DSL (the editor's text mode uses both directions).

export type CountAnswer = ApiResponse<'/api/v1/count', 'post'>;

/** Counts asked for before the editor could (see `countEarly`), by condition, for a few seconds. */
const early = new Map<string, { at: number; answer: Promise<CountAnswer> }>();
const EARLY_MS = 10_000;

export function countCondition(condition: Condition | string, nodes: boolean, signal?: AbortSignal): Promise<CountAnswer> {
  if (nodes) {
    const key = JSON.stringify(condition);
    const e = early.get(key);
    early.delete(key);
    if (e && Date.now() - e.at < EARLY_MS) return e.answer;
  }
  return api.post<CountAnswer>('/api/v1/count', { condition, ...(nodes ? { nodes: true } : {}) }, { signal });
}

/**
 * Ask for a condition's counts by node now, for the editor's first count to use: a saved
 * segment's tree is counted while the editor is still being drawn, not after.
 */
export function countEarly(condition: Condition): void {
  const answer = api.post<CountAnswer>('/api/v1/count', { condition, nodes: true });
  answer.catch(() => undefined);
  early.set(JSON.stringify(condition), { at: Date.now(), answer });
}
