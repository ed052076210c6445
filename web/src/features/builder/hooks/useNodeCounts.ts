import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo } from 'react';
import { ApiError } from '@/lib/api-client';
import { countCondition } from '../api/count';
import { compile, contains, locate, nodeAtPath, normalisePath, type GroupNode, type NodeId } from '../tree';
import type { NodeStatus } from '../components/context';

// Counts of every group and row while the tree is edited: 200 ms after the last edit (at
// once for a tree put in place whole: loaded, a template, text read back), one
// POST /api/v1/count with "nodes": true. Unfinished rows are left out of the request
// (their groups show no count); a row the server refuses is shown with the server's
// message and path, and the others are counted without it. Answers are keyed by the tree
// they were asked for, so a late answer to an older tree never replaces a newer one.

export interface Counts {
  readonly total?: number;
  readonly byId: ReadonlyMap<NodeId, number>;
  readonly refused: ReadonlyMap<NodeId, { message: string; path: string }>;
  /** A refusal that names no row (the whole condition). */
  readonly error?: string;
}

const MAX_ROUNDS = 4;

async function countTree(root: GroupNode, signal: AbortSignal): Promise<Counts> {
  const refused = new Map<NodeId, { message: string; path: string }>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const compiled = compile(root, new Map([...refused].map(([id, r]) => [id, r.message])));
    try {
      const answer = await countCondition(compiled.condition, true, signal);
      const byPath = new Map((answer.nodes ?? []).map((n) => [n.path, n.count]));
      if (!answer.nodes) byPath.set('', answer.count);
      const byId = new Map<NodeId, number>();
      for (const [id, path] of compiled.paths) {
        const n = byPath.get(path);
        if (n !== undefined) byId.set(id, n);
      }
      return { total: compiled.partial.has(root.id) ? undefined : answer.count, byId, refused };
    } catch (e) {
      if (!(e instanceof ApiError) || ![400, 409, 422].includes(e.status)) throw e;
      let named = false;
      for (const issue of e.all) {
        const id = nodeAtPath(compiled, issue.path);
        const node = id ? compiled.paths.get(id) : undefined;
        // Only a row can be left out; a refusal of a group or of the whole is shown as such.
        if (id && node !== undefined && isRow(root, id) && !refused.has(id)) {
          refused.set(id, { message: issue.message, path: normalisePath(issue.path) || 'condition' });
          named = true;
        }
      }
      if (!named) return { byId: new Map(), refused, error: e.message };
    }
  }
  return { byId: new Map(), refused, error: 'Too many refused rows to count the rest.' };
}

function isRow(root: GroupNode, id: NodeId): boolean {
  return locate(root, id)?.node.kind === 'row';
}

export function useNodeCounts(root: GroupNode, enabled: boolean, whole: GroupNode | null = null) {
  const [debounced] = useDebouncedValue(root, 200);
  const asked = root === whole ? root : debounced;
  const key = useMemo(() => {
    const c = compile(asked);
    return JSON.stringify([c.condition, [...c.paths]]);
  }, [asked]);
  const q = useQuery({
    queryKey: ['builder', 'count', key],
    queryFn: ({ signal }) => countTree(asked, signal),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 10_000,
  });
  const current = useMemo(() => compile(root), [root]);
  const data = q.data;

  const status = (id: NodeId): NodeStatus => {
    const local = current.incomplete.get(id);
    if (local) return { problem: local };
    const refused = data?.refused.get(id);
    if (refused) return { problem: refused.message, problemPath: refused.path };
    if (current.partial.has(id)) return { partial: true };
    if (data && [...data.refused.keys()].some((r) => containsId(root, id, r))) return { partial: true };
    return { count: data?.byId.get(id) };
  };

  return {
    status,
    total: data?.total,
    error: q.error ? (q.error as Error).message : data?.error,
    stale: q.isPlaceholderData || q.isFetching || asked !== root,
    refused: data?.refused ?? new Map<NodeId, { message: string; path: string }>(),
  };
}

function containsId(root: GroupNode, groupId: NodeId, inner: NodeId): boolean {
  const g = locate(root, groupId)?.node;
  return g !== undefined && g.kind === 'group' && g.id !== inner && contains(g, inner);
}
